"""A stand-in for the push and SMS channels in the notice tests: it keeps what it was handed,
so a test sees what would reach a phone. The delivery task, the log and notify() around it
are the real ones; only the last hop (the Web Push service, the SMS gateway) is replaced."""

from portal.channels import DeliveryFailed

sent: list = []


def send(delivery) -> None:
    if delivery.address.endswith("000"):  # a number the gateway calls invalid
        raise DeliveryFailed("invalid number", permanent=True)
    sent.append(delivery)
