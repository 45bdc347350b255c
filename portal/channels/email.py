"""E-mail: the delivery's title as the subject and its body (the rendered e-mail) as the text,
through Django's mail backend (SMTP in production).

A delivery with a VietQR code (a money pledge's confirmation) also goes as HTML, the same
paragraphs with the code as a PNG inside the message: multipart/related holding the
text/HTML alternatives and the image the HTML names by Content-ID. Mail programs show such an
image at once, where they block one fetched from the web. The image is drawn here, at send
time, from the code's text in the log (`Delivery.qr_payload`, written with the body), so the
log stays text and a retry sends the same message."""

import smtplib
from email.mime.image import MIMEImage
from io import BytesIO
from urllib.parse import urlsplit

import qrcode
import qrcode.image.pil

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.utils import formats, translation
from django.utils.html import escape, format_html, urlize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from portal.channels import DeliveryFailed
from portal.vietqr import fields


def send(delivery) -> None:
    message = _message(delivery)
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


def _message(delivery) -> EmailMessage:
    if not delivery.qr_payload:
        return EmailMessage(
            delivery.title, delivery.body, settings.DEFAULT_FROM_EMAIL, [delivery.address]
        )
    png = transfer_png(delivery.qr_payload)
    cid = f"vietqr.{delivery.pk}@{urlsplit(settings.SITE_URL).hostname or 'localhost'}"
    message = EmailMultiAlternatives(
        delivery.title, delivery.body, settings.DEFAULT_FROM_EMAIL, [delivery.address]
    )
    message.attach_alternative(_html(delivery, cid, _png_width(png)), "text/html")
    message.mixed_subtype = "related"
    image = MIMEImage(png, "png")
    image.add_header("Content-ID", f"<{cid}>")
    image.add_header("Content-Disposition", "inline", filename="vietqr.png")
    message.attach(image)
    return message


def transfer_png(text: str) -> bytes:
    """The code as a PNG (mail programs do not draw SVG, which the pages use), drawn with
    Pillow, which Wagtail already needs: 6 pixels a module and the standard 4-module quiet
    zone, about 270 pixels across for a pledge, 1 bit a pixel (under 1 kB)."""
    buffer = BytesIO()
    qrcode.make(text, image_factory=qrcode.image.pil.PilImage, box_size=6, border=4).save(buffer)
    return buffer.getvalue()


def _png_width(png: bytes) -> int:
    return int.from_bytes(png[16:20], "big")  # the IHDR chunk, right after the signature


def _html(delivery, cid: str, width: int) -> str:
    """The body's paragraphs as HTML (links made links), with the code after the paragraph
    that writes the transfer out (the one with its memo), else at the end."""
    code = fields(delivery.qr_payload)
    memo = fields(code.get("62", "")).get("08", "")
    with translation.override(delivery.language):
        alt = (
            _("Mã VietQR chuyển khoản %(amount)s đ")
            % {"amount": formats.number_format(int(code["54"]), force_grouping=True)}
            if "54" in code
            else _("Mã VietQR chuyển khoản")
        )
    image = format_html(
        '<p><img src="cid:{}" width="{}" height="{}" alt="{}"></p>', cid, width, width, alt
    )
    html, placed = [], False
    for paragraph in delivery.body.strip().split("\n\n"):
        lines = [urlize(line, autoescape=True) for line in paragraph.strip().splitlines()]
        if lines:
            html.append(format_html("<p>{}</p>", mark_safe("<br>\n".join(lines))))  # noqa: S308 - escaped by urlize
        if memo and memo in paragraph and not placed:
            html.append(image)
            placed = True
    if not placed:
        html.append(image)
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(delivery.language)}">'
        '<head><meta charset="utf-8"></head>\n<body>\n' + "\n".join(html) + "\n</body>\n</html>\n"
    )
