from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal import access, offline
from portal.forms.devices import (
    IntakeForm,
    PhotoForm,
    RepairForm,
    SaleForm,
    SpecCheckForm,
    WipeForm,
)
from portal.models import DeviceKind, DeviceStatus, normalise_asset_code
from portal.models.wipes import holds_data
from portal.selectors import devices as selectors
from portal.selectors.hardware import (
    latest_snapshot,
    snapshot_differences,
    wipe_evidence,
    wipe_report_notes,
)
from portal.selectors.students import reservable_students
from portal.services import devices as services
from portal.services.fund import device_purchase_intake, sale_record
from portal.services.wipes import data_wipe_record
from portal.views.decorators import portal_view
from portal.views.hardware import hardware_section
from portal.views.listing import BADGE_CAP, PAGE_SIZE, counted, ids, paginate, search
from portal.workflows import DEVICE
from portal.workflows.devices import manual_moves

S = DeviceStatus

# The work queues a team lives by, in the order it works through them.
QUEUES = {
    "to_check": (gettext_lazy("Chờ kiểm tra"), [S.RECEIVED, S.CHECKING, S.RETURNED]),
    "to_repair": (gettext_lazy("Cần sửa chữa"), [S.NEEDS_REPAIR]),
    "ready": (gettext_lazy("Sẵn sàng trao"), [S.READY, S.RESERVED]),
    "to_liquidate": (gettext_lazy("Chờ thanh lý"), [S.UNREPAIRABLE, S.TO_LIQUIDATE]),
    "done": (gettext_lazy("Đã trao / thanh lý"), [S.HANDED_OVER, S.LIQUIDATED]),
}


@portal_view
def device_list(request):
    show_private = access.may_see_personal_details(request.user)
    visible = access.devices_visible_to(request.user)
    # A serial is searched only by those who may read it: a match would give it away.
    devices, query = search(
        request,
        visible,
        "brand",
        "model_name",
        codes=("asset_code", "serial") if show_private else ("asset_code",),
    )
    queue = request.GET.get("queue", "to_check")
    statuses = QUEUES[queue][1] if queue in QUEUES else None
    kind = request.GET.get("kind", "")

    def narrowed(listed):
        """The devices of the kind asked for, and, searched, of the queue's statuses."""
        if kind in DeviceKind.values:
            listed = listed.filter(kind=kind)
        return listed.filter(status__in=statuses) if query and statuses else listed

    devices = narrowed(devices)
    if query:  # best match first: numbered pages over the matches
        labelled = selectors.labelled(narrowed(visible), query)
        page = paginate(request, selectors.device_list(devices if labelled is None else labelled))
    else:  # a queue, however long: pages by where the last one ended
        page = selectors.device_page(
            devices,
            statuses=statuses,
            teams=access.device_teams_only(request.user),
            after=request.GET.get("after"),
            before=request.GET.get("before"),
            per_page=PAGE_SIZE,
        )
    counts = selectors.queue_counts(visible, QUEUES, cap=BADGE_CAP)
    return render(
        request,
        "portal/devices/list.html",
        {
            "page_obj": page,
            "query": query,
            "queue": queue,
            "queues": [(key, label) for key, (label, _statuses) in QUEUES.items()],
            "kind": kind,
            "kinds": DeviceKind.choices,
            "show_private": show_private,
            "counts": {key: counted(number, BADGE_CAP) for key, number in counts.items()},
        },
    )


@portal_view
def device_find(request, code=None):
    """Where a scanned label (its QR code holds this address) or a typed code lands; asked
    for no code, the page to scan or type one (the phone's "Quét mã")."""
    code = normalise_asset_code(code or request.GET.get("code", ""))
    if not code:
        return render(request, "portal/devices/scan.html")
    device = access.devices_visible_to(request.user).filter(asset_code=code).first()
    if device is None:
        messages.error(
            request,
            _("Không tìm thấy thiết bị mã “%(code)s” trong các đội của bạn.") % {"code": code},
        )
        return redirect("portal:device_list")
    return redirect("portal:device_detail", pk=device.pk)


@portal_view
def device_intake(request):
    if not access.intake_teams(request.user).exists():
        raise PermissionDenied
    form = IntakeForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        arguments = {
            "actor": request.user,
            "team": form.cleaned_data["team"],
            "fields": form.device_fields(),
            "intake_key": form.cleaned_data["form_key"],
            "photos": form.cleaned_data["photos"],
        }
        try:
            if form.cleaned_data.get("purchase_vnd"):
                device = device_purchase_intake(
                    price_vnd=form.cleaned_data["purchase_vnd"], **arguments
                )
            else:
                device = services.device_intake(**arguments)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Đã tiếp nhận %(device)s. Hãy in nhãn và dán lên máy.") % {"device": device},
            )
            return redirect("portal:device_detail", pk=device.pk)
    return render(request, "portal/devices/intake.html", {"form": form})


@portal_view
def device_detail(request, pk):
    device = get_object_or_404(
        selectors.device_detail(access.devices_visible_to(request.user)), pk=pk
    )
    reserved_for_name = _reserved_for_name(request.user, device)
    reservable = (
        reservable_students(request.user)
        if DEVICE.can(device, "device_reserve") and access.may_see_personal_details(request.user)
        else []
    )
    if reserved_for_name or reservable:
        offline.shows_student_data(request)
    response = render(
        request,
        "portal/devices/detail.html",
        {
            "device": device,
            "events": device.events.select_related("actor"),
            "checks": device.checks.select_related("checked_by", "standard")[:10],
            "repairs": device.repairs.select_related("done_by")[:10],
            "transitions": manual_moves(device.status),
            "can_check": DEVICE.can(device, "spec_check_record"),
            "can_repair": DEVICE.can(device, "repair_record"),
            "can_sell": DEVICE.can(device, "sale_record") and not hasattr(device, "sale"),
            "holds_data": holds_data(device),
            "can_wipe": holds_data(device)
            and DEVICE.can(device, "data_wipe_record")
            and not hasattr(device, "wipe"),
            "photos": device.photos.all(),
            # The requests one may open (a school's teachers may see some another team can't).
            "support_requests": access.support_visible_to(request.user).filter(device=device),
            # A coordinator sees donors' details district-wide: only with two-factor sign-in.
            "show_private": access.may_see_personal_details(request.user),
            "reserved_for_name": reserved_for_name,
            "can_unreserve": DEVICE.can(device, "device_unreserve"),
            "reservable_students": reservable,
            "photo_form": PhotoForm(),
            **hardware_section(request.user, device),
        },
    )
    response[offline.CODE_HEADER] = device.asset_code
    return response


def _reserved_for_name(user, device) -> str:
    """The student's name only to someone who may see that student's details."""
    if device.reserved_for_id is None or not access.may_see_personal_details(user):
        return ""
    student = access.students_visible_to(user).filter(pk=device.reserved_for_id).first()
    return student.full_name if student else ""


def _workable(request, pk):
    return get_object_or_404(access.devices_visible_to(request.user), pk=pk)


@portal_view
def device_check(request, pk):
    device = _workable(request, pk)
    snapshot = latest_snapshot(device) if not device.is_sim else None
    form = SpecCheckForm(request.POST or None, device=device, snapshot=snapshot)
    if request.method == "POST" and form.is_valid():
        try:
            check = services.spec_check_record(
                actor=request.user,
                device=device,
                measurements=form.measurements(),
                form_key=form.cleaned_data["form_key"],
                snapshot=form.cleaned_data.get("snapshot"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if check.passed:
                messages.success(
                    request,
                    _("Đạt tiêu chuẩn: %(device)s sẵn sàng trao tặng.") % {"device": device},
                )
            else:
                messages.warning(
                    request, _("Chưa đạt tiêu chuẩn: xem lý do và cách khắc phục bên dưới.")
                )
            return redirect(reverse("portal:device_detail", args=[device.pk]) + "#checks")
    return render(
        request,
        "portal/devices/form.html",
        {
            "device": device,
            "form": form,
            "heading": _("Kiểm tra cấu hình"),
            "intro": _(
                "nhập những gì đo được; hệ thống so với tiêu chuẩn tối thiểu hiện hành và ghi rõ lý do."
            ),
            "submit": _("Kiểm tra"),
            "show_standards_link": True,
            "snapshot": snapshot,
            "differences": snapshot_differences(request.user, device, snapshot) if snapshot else [],
        },
    )


@portal_view
def device_repair(request, pk):
    device = _workable(request, pk)
    form = RepairForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.repair_record(
                actor=request.user,
                device=device,
                fields=form.repair_fields(),
                form_key=form.cleaned_data["form_key"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã ghi sửa chữa. Hãy kiểm tra lại cấu hình."))
            return redirect("portal:device_check", pk=device.pk)
    return render(
        request,
        "portal/devices/form.html",
        {
            "device": device,
            "form": form,
            "heading": _("Sửa chữa, nâng cấp, cài đặt"),
            "submit": _("Lưu"),
        },
    )


@portal_view
@require_POST
def device_transition(request, pk):
    device = _workable(request, pk)
    target = request.POST.get("to", "")
    try:
        services.device_transition(
            actor=request.user, device=device, to=target, note=request.POST.get("note", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(device)s: %(status)s.") % {"device": device, "status": DeviceStatus(target).label},
        )
    return redirect("portal:device_detail", pk=device.pk)


@portal_view
@require_POST
def device_reserve(request, pk):
    device = _workable(request, pk)
    chosen = request.POST.get("student", "")
    students = access.students_visible_to(request.user)
    student = students.filter(pk=chosen).first() if chosen.isdigit() else None
    try:
        if student is None:
            raise ValidationError(_("Hãy chọn một học sinh."))
        services.device_reserve(actor=request.user, device=device, student=student)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(device)s: đã dành cho học sinh.") % {"device": device})
    return redirect("portal:device_detail", pk=device.pk)


@portal_view
@require_POST
def device_unreserve(request, pk):
    device = _workable(request, pk)
    try:
        services.device_unreserve(actor=request.user, device=device)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("portal:device_detail", pk=device.pk)


@portal_view
def device_wipe(request, pk):
    device = _workable(request, pk)
    if not holds_data(device):
        raise Http404
    evidence = wipe_evidence(device)
    form = WipeForm(request.POST or None, device=device, user=request.user, evidence=evidence)
    if request.method == "POST" and form.is_valid():
        try:
            data_wipe_record(
                actor=request.user,
                device=device,
                form_key=form.cleaned_data["form_key"],
                **form.wipe_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Đã ghi biên bản xoá dữ liệu của %(device)s.") % {"device": device}
            )
            return redirect(reverse("portal:device_detail", args=[device.pk]) + "#wipe")
    return render(
        request,
        "portal/devices/form.html",
        {
            "device": device,
            "form": form,
            "heading": _("Ghi xoá dữ liệu"),
            "intro": _(
                "xoá hết dữ liệu của nhà hảo tâm trước khi máy sẵn sàng trao; một người khác kiểm tra lại."
            ),
            "submit": _("Lưu biên bản"),
            "show_standards_link": True,
            "wipe_evidence": evidence,
            "wipe_notes": wipe_report_notes(request.user, device, evidence),
        },
    )


@portal_view
def device_sale(request, pk):
    device = _workable(request, pk)
    form = SaleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sale_record(actor=request.user, device=device, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã ghi bán; tiền vào quỹ khi điều phối viên duyệt."))
            return redirect("portal:device_detail", pk=device.pk)
    return render(
        request,
        "portal/devices/form.html",
        {
            "device": device,
            "form": form,
            "heading": _("Bán thanh lý"),
            "intro": _("tiền bán vào quỹ của chương trình sau khi điều phối viên duyệt."),
            "submit": _("Lưu"),
        },
    )


@portal_view
def device_labels(request):
    """A4 sheets of labels: one device (?device=…) or a batch (?queue=to_check, ?received=today)."""
    devices = access.devices_visible_to(request.user)
    if "device" in request.GET:  # the devices asked for; an id that is none prints nothing
        devices = devices.filter(pk__in=ids(request, "device"))
    elif request.GET.get("queue") in QUEUES:
        devices = devices.filter(status__in=QUEUES[request.GET["queue"]][1])
    labels = selectors.device_labels(devices[:240])
    return render(request, "portal/devices/labels.html", {"labels": labels})


@portal_view
@require_POST
def device_photos(request, pk):
    device = _workable(request, pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        added = services.device_photos_add(
            actor=request.user, device=device, photos=form.cleaned_data["photos"]
        )
        messages.success(request, _("Đã lưu %(count)s ảnh.") % {"count": len(added)})
    else:
        for error in form.errors.get("photos", []):
            messages.error(request, error)
    return redirect(reverse("portal:device_detail", args=[device.pk]) + "#photos")


@portal_view
def device_photo(request, pk, photo_pk):
    """A device photo, to those who may see the device; never from a public URL."""
    device = _workable(request, pk)
    photo = get_object_or_404(device.photos, pk=photo_pk)
    response = FileResponse(photo.image.open("rb"), content_type=photo.content_type)
    response["Content-Disposition"] = "inline"
    return response
