from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import access
from portal.forms.public import SupportRequestForm
from portal.forms.support import AssignForm, TextForm
from portal.help import HelpTask
from portal.selectors import support as selectors
from portal.selectors.notices import first_notice_by_channel
from portal.selectors.public import district
from portal.services import support as services
from portal.services.counters import month_of
from portal.views.decorators import portal_view
from portal.views.listing import paginate, search

QUEUE_LABELS = {
    "open": gettext_lazy("Đang mở"),
    "at_risk": gettext_lazy("Sắp quá 24 giờ"),
    "overdue": gettext_lazy("Quá 24 giờ chưa liên hệ"),
    "mine": gettext_lazy("Tôi đang xử lý"),
    "resolved": gettext_lazy("Đã xử lý xong"),
    "all": gettext_lazy("Tất cả"),
}


@portal_view
def support_list(request):
    show_private = access.may_see_personal_details(request.user)
    # A requester's name or phone is searched only by those who may read it.
    requests, query = search(
        request,
        access.support_visible_to(request.user),
        *(["name"] if show_private else []),
        codes=("reference", "asset_code"),
        phones=("phone",) if show_private else (),
    )
    queue = request.GET.get("queue", "open")
    return render(
        request,
        "portal/support/list.html",
        {
            "page_obj": paginate(request, selectors.support_queue(requests, queue, request.user)),
            "query": query,
            "queue": queue,
            "queues": list(QUEUE_LABELS.items()),
            "can_file": access.support_filing_communes(request.user).exists(),
            "show_private": show_private,
        },
    )


@portal_view
def support_file(request):
    """A team member writes down a request heard by phone or at the commune hall."""
    communes = access.support_filing_communes(request.user)
    if not communes.exists():
        raise PermissionDenied
    form = SupportRequestForm(request.POST or None, communes=communes, on_behalf=True)
    if request.method == "POST" and form.is_valid():
        support, _created = services.support_submit(
            fields=form.request_fields(),
            form_key=form.cleaned_data["form_key"],
            filed_by=request.user,
        )
        messages.success(
            request,
            _("Đã ghi yêu cầu %(code)s. Hãy báo mã này cho người gửi.")
            % {"code": support.reference},
        )
        return redirect("portal:support_detail", pk=support.pk)
    return render(
        request,
        "portal/form.html",
        {
            "form": form,
            "heading": _("Ghi yêu cầu hỗ trợ hộ người dân"),
            "intro": _("đồng hồ 24 giờ bắt đầu từ lúc lưu."),
            "submit": _("Lưu yêu cầu"),
        },
    )


def _request(request, pk):
    return get_object_or_404(
        access.support_visible_to(request.user).select_related(
            "team", "school_team", "commune", "school", "assignee", "device", "filed_by"
        ),
        pk=pk,
    )


@portal_view
def support_detail(request, pk):
    support = _request(request, pk)
    return render(
        request,
        "portal/support/detail.html",
        {
            "support": support,
            "show_private": access.may_see_personal_details(request.user),
            "notes": support.notes.select_related("author"),
            "can_see_device": support.device_id
            and access.can_work_on_device(request.user, support.device),
        },
    )


# The one-text steps on a request: (heading, what the text is, the service that records it).
ACTIONS = {
    "respond": (
        gettext_lazy("Liên hệ lần đầu"),
        gettext_lazy("Đã trao đổi gì với người gửi"),
        lambda actor, support, text: services.support_respond(
            actor=actor, request=support, text=text
        ),
    ),
    "note": (
        gettext_lazy("Thêm ghi chú"),
        gettext_lazy("Ghi chú"),
        lambda actor, support, text: services.support_note(actor=actor, request=support, text=text),
    ),
    "resolve": (
        gettext_lazy("Đã xử lý xong"),
        gettext_lazy("Đã xử lý thế nào"),
        lambda actor, support, text: services.support_resolve(
            actor=actor, request=support, resolution=text
        ),
    ),
    "reopen": (
        gettext_lazy("Mở lại"),
        gettext_lazy("Vì sao mở lại"),
        lambda actor, support, text: services.support_reopen(
            actor=actor, request=support, reason=text
        ),
    ),
}


@portal_view
def support_action(request, pk, action):
    support = _request(request, pk)
    if action not in ACTIONS:
        raise Http404
    heading, label, record = ACTIONS[action]
    form = TextForm(request.POST or None, label=label)
    if request.method == "POST" and form.is_valid():
        try:
            record(request.user, support, form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("portal:support_detail", pk=support.pk)
    return render(
        request,
        "portal/form.html",
        {
            "form": form,
            "heading": f"{heading} · {support.reference}",
            "submit": _("Lưu"),
            "help_task": HelpTask.SUPPORT,
        },
    )


@portal_view
def support_assign(request, pk):
    support = _request(request, pk)
    form = AssignForm(request.POST or None, people=access.support_assignees(support))
    if request.method == "POST" and form.is_valid():
        try:
            services.support_assign(
                actor=request.user, request=support, assignee=form.cleaned_data["assignee"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã phân công."))
            return redirect("portal:support_detail", pk=support.pk)
    return render(
        request,
        "portal/form.html",
        {"form": form, "heading": _("Phân công") + f" · {support.reference}", "submit": _("Lưu")},
    )


@portal_view
def support_promise(request):
    """How each team keeps the 24-hour promise, this month and since the start: for every
    area a coordinator runs (a commune in each of two cities: both), else the district."""
    if access.is_coordinator(request.user):
        areas = access.coordinated_areas(request.user)
    else:
        areas = [area for area in (district(),) if area is not None]
    if not areas:
        raise PermissionDenied
    visible = access.teams_visible_to(request.user).filter(is_active=True).order_by("name")
    requests = access.support_visible_to(request.user)
    month = month_of(timezone.now())
    sections = []
    for area in areas:
        teams = visible.filter(
            Q(commune__path__startswith=area.path)
            | Q(cluster__district__path__startswith=area.path)
        )
        sections.append(
            {
                "area": area,
                "periods": [
                    (_("Tháng %(month)s") % {"month": month}, selectors.promise_kept(area, month)),
                    (_("Từ khi bắt đầu"), selectors.promise_kept(area)),
                ],
                "team_tables": [
                    (
                        _("Các tổ, tháng %(month)s") % {"month": month},
                        selectors.promise_by_team(teams, requests, area, month),
                    ),
                    (_("Các tổ, từ khi bắt đầu"), selectors.promise_by_team(teams, requests, area)),
                ],
                "channels": first_notice_by_channel(
                    requests.filter(commune__path__startswith=area.path)
                ),
            }
        )
    return render(request, "portal/support/promise.html", {"sections": sections})
