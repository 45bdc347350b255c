"""The buttons of "Thông tin của tôi" that turn the portal's notifications on or off on
this phone (static/js/push.js posts the browser's subscription here)."""

import json

from django.http import JsonResponse, RawPostDataException
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.forms.push import PushSubscriptionForm
from portal.services.push import push_subscribe, push_unsubscribe
from portal.views.decorators import portal_view


def _posted(request):
    """The posted JSON, or None: a form post (its body already read as fields by the
    middleware that refuses NUL bytes) or anything else is not a subscription."""
    if request.content_type != "application/json":
        return None
    try:
        return json.loads(request.body)
    except (ValueError, UnicodeDecodeError, RawPostDataException):
        return None


def _refused(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400, json_dumps_params={"ensure_ascii": False})


@portal_view
@require_POST
def push_subscription_add(request):
    data = _posted(request)
    if not isinstance(data, dict):
        return _refused(_("Trình duyệt gửi dữ liệu không đọc được. Hãy tải lại trang và thử lại."))
    form = PushSubscriptionForm.from_json(data)
    if not form.is_valid():
        return _refused(" ".join(message for errors in form.errors.values() for message in errors))
    push_subscribe(
        actor=request.user,
        **form.cleaned_data,
        user_agent=request.headers.get("User-Agent", ""),
    )
    return JsonResponse({"subscribed": True})


@portal_view
@require_POST
def push_subscription_remove(request):
    data = _posted(request)
    endpoint = data.get("endpoint") if isinstance(data, dict) else None
    if not isinstance(endpoint, str) or not endpoint or len(endpoint) > 1000:
        return _refused(_("Thiếu địa chỉ nhận thông báo của trình duyệt."))
    push_unsubscribe(actor=request.user, endpoint=endpoint)
    return JsonResponse({"subscribed": False})
