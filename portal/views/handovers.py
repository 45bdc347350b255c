"""Handovers, their acknowledgements, returns and the check-ins after."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import access
from portal.forms.handovers import FollowUpForm, HandoverForm, ReturnForm
from portal.models import StudentAccess, StudentStatus
from portal.selectors import students as selectors
from portal.services import handovers as services
from portal.services.students import student_access_record
from portal.views.decorators import student_view
from portal.views.listing import PAGE_SIZE, paginate


@student_view
def handover_create(request, pk):
    student = get_object_or_404(
        access.students_visible_to(request.user).select_related("school", "commune"), pk=pk
    )
    if not access.can_hand_over(request.user, student):
        raise PermissionDenied
    form = HandoverForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        student=student,
        devices=selectors.handable_devices(request.user, sims=False, student=student),
        sims=selectors.handable_devices(request.user, sims=True, student=student),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            handover = services.handover_record(
                actor=request.user,
                student=student,
                device=data["device"],
                sim=data["sim"],
                team=data["team"],
                handed_on=data["handed_on"],
                place=data["place"],
                follow_up_on=data["follow_up_on"],
                guidance_given=data["guidance_given"],
                acknowledgement=data["acknowledgement_file"],
                form_key=data["form_key"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Đã ghi trao %(device)s cho %(name)s.")
                % {"device": handover.device, "name": student},
            )
            return redirect("portal:handover_detail", pk=handover.pk)
    return render(
        request,
        "portal/handovers/form.html",
        {
            "form": form,
            "student": student,
            "status_approved": student.status == StudentStatus.APPROVED,
        },
    )


@student_view
def handover_list(request):
    page = selectors.handover_page(
        access.handovers_visible_to(request.user),
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        per_page=PAGE_SIZE,
    )
    student_access_record(
        actor=request.user,
        students=[handover.student for handover in page.object_list],
        action=StudentAccess.Action.LISTED,
    )
    return render(request, "portal/handovers/list.html", {"page_obj": page})


def _visible(request, pk):
    return get_object_or_404(
        selectors.handover_list(access.handovers_visible_to(request.user)), pk=pk
    )


@student_view
def handover_detail(request, pk):
    handover = _visible(request, pk)
    student_access_record(
        actor=request.user, students=[handover.student], action=StudentAccess.Action.VIEWED
    )
    return render(
        request,
        "portal/handovers/detail.html",
        {
            "handover": handover,
            "follow_ups": handover.follow_ups.select_related("done_by"),
            "can_return": handover.is_active
            and access.can_hand_over(request.user, handover.student),
        },
    )


@student_view
def handover_return(request, pk):
    handover = _visible(request, pk)
    if not (handover.is_active and access.can_hand_over(request.user, handover.student)):
        raise PermissionDenied
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.handover_return(actor=request.user, handover=handover, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã ghi thu hồi; thiết bị chờ kiểm tra lại."))
            return redirect("portal:handover_detail", pk=handover.pk)
    return render(
        request,
        "portal/form.html",
        {
            "form": form,
            "heading": _("Thu hồi thiết bị"),
            "intro": _(
                "%(device)s trở về đội để kiểm tra lại; học sinh trở lại danh sách chờ trao."
            )
            % {"device": handover.device},
            "submit": _("Ghi thu hồi"),
        },
    )


@student_view
def handover_acknowledgement(request, pk):
    """The guardian's signed acknowledgement: only to those who may see the student, logged,
    never from a public URL and never kept by a cache."""
    handover = _visible(request, pk)
    if not handover.acknowledgement:
        raise Http404
    student_access_record(
        actor=request.user, students=[handover.student], action=StudentAccess.Action.FILE_OPENED
    )
    response = FileResponse(
        handover.acknowledgement.open("rb"), content_type=handover.acknowledgement_type
    )
    response["Content-Disposition"] = "inline"
    return response


@student_view
def follow_up_list(request):
    queue = paginate(request, selectors.follow_up_queue(request.user))
    student_access_record(
        actor=request.user,
        students=[follow_up.handover.student for follow_up in queue.object_list],
        action=StudentAccess.Action.LISTED,
    )
    return render(
        request,
        "portal/handovers/follow_ups.html",
        {"page_obj": queue, "today": timezone.localdate()},
    )


@student_view
def follow_up_record(request, pk):
    follow_up = get_object_or_404(
        access.follow_ups_visible_to(request.user).select_related(
            "handover__student", "handover__device"
        ),
        pk=pk,
    )
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_record(actor=request.user, follow_up=follow_up, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã ghi lần hỏi thăm."))
            return redirect("portal:follow_up_list")
    student_access_record(
        actor=request.user,
        students=[follow_up.handover.student],
        action=StudentAccess.Action.VIEWED,
    )
    return render(
        request, "portal/handovers/follow_up_form.html", {"form": form, "follow_up": follow_up}
    )
