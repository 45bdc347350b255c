"""Reading a device's hardware without typing: the capture scripts and the phone page, the
upload they send to, and a saved report uploaded by hand."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.http.request import RawPostDataException
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from portal import access
from portal.forms.hardware import SnapshotUploadForm
from portal.hardware import scripts
from portal.models.hardware import CapturePlatform
from portal.selectors.devices import qr_svg
from portal.services import hardware as services
from portal.views.decorators import portal_view

SCRIPT_PLATFORMS = (CapturePlatform.WINDOWS, CapturePlatform.LINUX)


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse(
        {"error": message}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def _body(request, limit: int) -> bytes | None:
    """At most limit + 1 bytes of the body (None: it says it is larger), never all of it."""
    try:
        if int(request.META.get("CONTENT_LENGTH") or 0) > limit:
            return None
    except ValueError:
        return b""
    try:
        return request.read(limit + 1)
    except RawPostDataException:  # a form body a middleware parsed already: no snapshot
        return b""


@csrf_exempt
@never_cache
def snapshot_upload(request):
    """Where a capture script and the phone page send a snapshot, with the token in
    `Authorization: Bearer …` (nobody is signed in on the donated device)."""
    if request.method != "POST":
        return _error(_("Chỉ nhận báo cáo gửi bằng POST."), 405)
    scheme, _space, token = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return _error(
            _("Thiếu mã gửi báo cáo. Hãy dùng script hoặc trang tải từ trang thiết bị."), 401
        )
    limit = settings.HARDWARE_SNAPSHOT_MAX_BYTES
    data = _body(request, limit)
    if data is None or len(data) > limit:
        return _error(_("Tệp quá lớn cho một báo cáo phần cứng."), 413)
    try:
        snapshot, created = services.snapshot_receive(token=token.strip(), data=data)
    except ValidationError as error:
        status = 403 if getattr(error, "code", None) == services.TOKEN_REFUSED else 400
        return _error(" ".join(error.messages), status)
    except PermissionDenied:
        return _error(_("Không được gửi báo cáo cho thiết bị này."), 403)
    return JsonResponse(
        {
            "ok": True,
            "device": snapshot.device.asset_code,
            "duplicate": not created,
            "message": _received(snapshot.device.asset_code, created),
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _received(code: str, created: bool) -> str:
    if created:
        return _("Đã nhận báo cáo phần cứng của %(code)s. Cảm ơn bạn!") % {"code": code}
    return _("Báo cáo này của %(code)s đã nhận trước đó.") % {"code": code}


class _Unfit(Exception):
    """The device takes no capture (that way): a SIM, a device handed over, a phone asked
    for a script. Its page says why; nobody is told they lack a right they have."""

    def __init__(self, device, reason: str):
        super().__init__(reason)
        self.device = device
        self.reason = reason


def _device(request, pk, platform: str | None = None):
    """The device, where this person may read its hardware (with `platform`, that way).
    Someone who may not check the device is refused (403); a device that takes no capture
    raises `_Unfit`, which `_back` turns into its page with the reason."""
    device = get_object_or_404(access.devices_visible_to(request.user), pk=pk)
    if access.can_capture_hardware(request.user, device, platform):
        return device
    reason = services.capture_refusal(device, platform)
    if reason is None:
        raise PermissionDenied
    raise _Unfit(device, reason)


def _back(request, unfit: _Unfit):
    messages.error(request, unfit.reason)
    return redirect(reverse("portal:device_detail", args=[unfit.device.pk]) + "#hardware")


@portal_view
def device_snapshot_upload(request, pk):
    """A saved report (the script's file, an eReuse Workbench snapshot) uploaded by hand."""
    try:
        device = _device(request, pk)
    except _Unfit as unfit:
        return _back(request, unfit)
    form = SnapshotUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            snapshot, created = services.snapshot_receive(
                actor=request.user, device=device, data=form.content()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _received(device.asset_code, created))
            return redirect(reverse("portal:device_detail", args=[device.pk]) + "#hardware")
    return render(
        request,
        "portal/devices/form.html",
        {
            "device": device,
            "form": form,
            "heading": _("Tải lên báo cáo phần cứng"),
            "intro": _("tệp .json do script kiểm tra lưu lại, khi script không tự gửi được."),
            "submit": _("Tải lên"),
            "multipart": True,
        },
    )


def _site_address(path) -> str:
    """An address at the site's public name and in Vietnamese, whoever asked for it: the
    donated device opens it, not the volunteer's browser."""
    with translation.override(settings.LANGUAGE_CODE):
        return settings.SITE_URL + str(path)


def script_offers(platforms) -> list[dict]:
    """The scripts the device page offers, each with its published SHA-256 (what a team
    compares the downloaded copy's published part with)."""
    return [
        {
            "platform": platform,
            "label": platform.label,
            "sha256": scripts.published(platform.value).sha256,
        }
        for platform in SCRIPT_PLATFORMS
        if platform in platforms
    ]


def hardware_section(user, device) -> dict:
    """What the device page's "Kiểm tra tự động" section shows: the snapshots received, and
    the ways to take one that fit the device (scripts for a computer, the QR code for a
    phone or tablet), where it may still get one."""
    can_capture = access.can_capture_hardware(user, device)
    platforms = access.capture_platforms(device) if can_capture else ()
    return {
        "snapshots": device.snapshots.select_related("uploaded_by")[:10],
        "can_capture": can_capture,
        "script_offers": script_offers(platforms),
        "offers_phone": CapturePlatform.PHONE in platforms,
    }


@portal_view
@require_POST
def device_capture_script(request, pk):
    """The script for this device, with a fresh token baked in (a download each time)."""
    platform = request.POST.get("platform", "")
    try:
        device = _device(request, pk, platform if platform in SCRIPT_PLATFORMS else None)
    except _Unfit as unfit:
        return _back(request, unfit)
    if platform not in SCRIPT_PLATFORMS:
        messages.error(request, _("Không có script kiểm tra này trên máy chủ."))
        return redirect(reverse("portal:device_detail", args=[device.pk]) + "#hardware")
    try:
        token = services.capture_token_issue(actor=request.user, device=device, platform=platform)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("portal:device_detail", pk=device.pk)
    filename, content = scripts.personalised(
        platform,
        code=device.asset_code,
        token=token,
        upload_url=_site_address(reverse_lazy("portal:snapshot_upload")),
    )
    response = HttpResponse(content, content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@portal_view
@require_POST
def device_capture_phone(request, pk):
    """A fresh link and QR code for the phone page of this device (the donated phone opens
    it with its camera; nobody signs in on it)."""
    try:
        device = _device(request, pk, CapturePlatform.PHONE)
    except _Unfit as unfit:
        return _back(request, unfit)
    try:
        token = services.capture_token_issue(
            actor=request.user, device=device, platform=CapturePlatform.PHONE
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("portal:device_detail", pk=device.pk)
    address = _site_address(reverse_lazy("portal:phone_capture", args=[token]))
    return render(
        request,
        "portal/hardware/phone_link.html",
        {"device": device, "address": address, "qr": qr_svg(address)},
    )


@never_cache
def phone_capture(request, token):
    """The page the donated phone opens: its browser reads what it can and sends it. The
    token gates it (only one issued for the phone page); nobody signs in. Reloaded after
    sending, it says the send is done."""
    page = services.phone_page(token)
    if page is None:
        response = render(request, "portal/hardware/phone_expired.html", status=404)
    elif page.sent:
        response = render(request, "portal/hardware/phone_sent.html", {"device": page.device})
    else:
        response = render(
            request,
            "portal/hardware/phone.html",
            {
                "device": page.device,
                "token": token,
                "upload_url": reverse("portal:snapshot_upload"),
            },
        )
    # The token is in the address: no other site learns it from a link followed here.
    response["Referrer-Policy"] = "no-referrer"
    return response
