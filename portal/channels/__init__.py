"""The ways a notice travels. Each channel is a module with one function,
`send(delivery: Delivery) -> None`, that delivers the row's title and body to its recipient
or raises `DeliveryFailed`; the delivery task (portal/tasks.py) records the outcome, retries a
passing failure with backoff and never retries a permanent one."""

from importlib import import_module


class DeliveryFailed(Exception):
    """The channel could not deliver. `permanent`: trying again cannot help (an invalid
    number, every subscription gone); otherwise the task retries later."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


MODULES = {
    "email": "portal.channels.email",
    "push": "portal.channels.push",
    "sms": "portal.channels.sms",
}


def send(delivery) -> None:
    """Hand the delivery to its channel's module."""
    import_module(MODULES[delivery.channel]).send(delivery)
