"""E-mail: the delivery's title as the subject and its body (the rendered e-mail) as the text,
through Django's mail backend (SMTP in production)."""

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage

from portal.channels import DeliveryFailed


def send(delivery) -> None:
    message = EmailMessage(
        delivery.title, delivery.body, settings.DEFAULT_FROM_EMAIL, [delivery.address]
    )
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as error:
        # 5xx: the server says the address does not exist, trying again cannot help;
        # 4xx: a mailbox full or a greylist, later may work.
        codes = [code for code, _text in error.recipients.values()]
        permanent = all(code >= 500 for code in codes)
        raise DeliveryFailed(f"SMTP: {error.recipients}", permanent=permanent) from error
    except (smtplib.SMTPException, OSError) as error:  # the server down or busy: try later
        raise DeliveryFailed(f"SMTP: {error!r}") from error
