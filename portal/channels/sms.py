"""Text messages: a requester or donor who ticked "Nhắn tin SMS cho tôi" gets the notice's
plain text, folded and cut to one message (portal/sms_text.py), through the configured
provider (portal/sms_gateway.py). Only what the notice's body says goes out, never a link:
a text with a link looks like the scams people are warned about."""

from django.conf import settings
from django.utils.translation import gettext as _

from portal import sms_gateway
from portal.channels import DeliveryFailed
from portal.phones import is_mobile, phone_or_blank
from portal.sms_text import sms_text


def send(delivery) -> None:
    # The last line of defence for the form's promise: a requester is texted only with their
    # consent, whatever queued the notice.
    request = delivery.support_request if delivery.support_request_id else None
    if delivery.user_id is None and request is not None and not request.sms_consent:
        raise DeliveryFailed(_("Người gửi không đồng ý nhận tin nhắn SMS."), permanent=True)
    phone = phone_or_blank(delivery.address)
    if not phone or not is_mobile(phone):
        raise DeliveryFailed(_("Không phải số di động: không gửi SMS được."), permanent=True)
    text = sms_text(delivery.body or delivery.title, ascii_only=settings.SMS_ASCII_ONLY)
    if not text:
        raise DeliveryFailed(_("Thông báo không có nội dung để nhắn."), permanent=True)
    sms_gateway.send_text(phone=phone, text=text, reference=f"delivery-{delivery.pk}")
