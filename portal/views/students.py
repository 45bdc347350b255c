"""The beneficiary list: propose, import, verify, approve, consent. Every page that shows a
student's data logs who saw it (portal.services.students.student_access_record)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal import access
from portal.forms.students import ConsentForm, DecisionForm, ImportForm, StudentForm
from portal.help import HelpTask
from portal.models import StudentAccess, StudentStatus
from portal.selectors import students as selectors
from portal.services import student_import as importing
from portal.services import students as services
from portal.views import jobs
from portal.views.decorators import student_view
from portal.views.listing import paginate, search
from portal.workflows import STUDENT

S = StudentStatus
TABS = {
    "open": (gettext_lazy("Cần xử lý"), [S.PROPOSED, S.VERIFIED, S.APPROVED]),
    "proposed": (S.PROPOSED.label, [S.PROPOSED]),
    "verified": (S.VERIFIED.label, [S.VERIFIED]),
    "approved": (S.APPROVED.label, [S.APPROVED]),
    "served": (S.SERVED.label, [S.SERVED]),
    "not_eligible": (S.NOT_ELIGIBLE.label, [S.NOT_ELIGIBLE]),
}
PROPOSAL_INTRO = gettext_lazy(
    "Chỉ ghi những gì cần để xét và trao tặng. Tổ “Thanh niên IT” của xã sẽ xác minh."
)
# The decision buttons: their words, the service each calls and who may press it.
DECISION_BUTTONS = {
    "verify": (
        gettext_lazy("Xác nhận đã xác minh"),
        services.student_verify,
        access.can_verify_student,
    ),
    "approve": (
        gettext_lazy("Duyệt trao tặng"),
        services.student_approve,
        access.can_approve_student,
    ),
    "not_eligible": (
        gettext_lazy("Không đủ điều kiện"),
        services.student_reject,
        access.can_verify_student,
    ),
    "reopen": (gettext_lazy("Xem xét lại"), services.student_reopen, access.can_approve_student),
}


@student_view
def student_list(request):
    students, query = search(request, access.students_visible_to(request.user), "full_name")
    tab = request.GET.get("tab", "open")
    if tab in TABS:
        students = students.filter(status__in=TABS[tab][1])
    page = paginate(request, selectors.student_list(students))
    services.student_access_record(
        actor=request.user, students=page.object_list, action=StudentAccess.Action.LISTED
    )
    return render(
        request,
        "portal/students/list.html",
        {
            "page_obj": page,
            "query": query,
            "tab": tab,
            "tabs": [(key, label) for key, (label, _statuses) in TABS.items()],
            "can_propose": access.schools_proposable_by(request.user).exists(),
        },
    )


@student_view
def student_propose(request):
    if not access.schools_proposable_by(request.user).exists():
        raise PermissionDenied
    form = StudentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        student, created = services.student_propose(
            actor=request.user, school=form.cleaned_data["school"], fields=form.student_fields()
        )
        if created:
            messages.success(
                request, _("Đã thêm %(name)s vào danh sách đề xuất.") % {"name": student}
            )
        else:
            messages.info(
                request, _("%(name)s đã có trong danh sách của trường.") % {"name": student}
            )
        return redirect("portal:student_detail", pk=student.pk)
    return render(
        request,
        "portal/form.html",
        {
            "form": form,
            "heading": _("Đề xuất học sinh"),
            "intro": PROPOSAL_INTRO,
            "submit": _("Thêm vào danh sách"),
            "help_task": HelpTask.STUDENT,
        },
    )


def _visible(request, pk):
    return get_object_or_404(
        access.students_visible_to(request.user).select_related(
            "school", "commune", "proposed_by", "verified_by"
        ),
        pk=pk,
    )


@student_view
def student_detail(request, pk):
    student = _visible(request, pk)
    services.student_access_record(
        actor=request.user, students=[student], action=StudentAccess.Action.VIEWED
    )
    user = request.user
    decisions = [
        (name, label)
        for name, (label, service, may) in DECISION_BUTTONS.items()
        if STUDENT.can(student, service.__name__) and may(user, student)
    ]
    return render(
        request,
        "portal/students/detail.html",
        {
            "student": student,
            "decisions": decisions,
            "decision_form": DecisionForm(),
            "consent_form": ConsentForm(),
            "consents": student.consents.select_related("collected_by")[:20],
            "handovers": student.handovers.select_related("device", "sim", "team"),
            "can_edit": access.can_edit_student(user, student),
            "can_hand_over": STUDENT.can(student, "handover_record")
            and access.can_hand_over(user, student),
            "accesses": (
                student.accesses.select_related("actor")[:50]
                if access.can_view_audit_log(user)
                else None
            ),
        },
    )


@student_view
def student_edit(request, pk):
    student = _visible(request, pk)
    if not access.can_edit_student(request.user, student):
        raise PermissionDenied
    form = StudentForm(request.POST or None, instance=student, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.student_update(
                actor=request.user, student=student, fields=form.student_fields()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu thông tin học sinh."))
            return redirect("portal:student_detail", pk=student.pk)
    return render(
        request,
        "portal/form.html",
        {
            "form": form,
            "heading": _("Sửa thông tin học sinh"),
            "intro": PROPOSAL_INTRO,
            "submit": _("Lưu"),
        },
    )


@student_view
@require_POST
def student_decide(request, pk):
    student = _visible(request, pk)
    decision = request.POST.get("decision", "")
    if decision not in DECISION_BUTTONS:
        raise PermissionDenied
    label, service, _may = DECISION_BUTTONS[decision]
    form = DecisionForm(request.POST)
    form.is_valid()
    try:
        service(actor=request.user, student=student, note=form.cleaned_data.get("note", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s: %(decision)s.") % {"name": student, "decision": label},
        )
    return redirect("portal:student_detail", pk=student.pk)


@student_view
@require_POST
def student_consent(request, pk):
    student = _visible(request, pk)
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            services.consent_record(actor=request.user, student=student, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã ghi ý kiến của phụ huynh."))
    else:
        messages.error(request, _("Hãy chọn mục đích, ý kiến và ngày lấy ý kiến."))
    return redirect("portal:student_detail", pk=student.pk)


# --- importing a school's list ----------------------------------------------------------


@student_view
def student_import(request):
    if not access.schools_proposable_by(request.user).exists():
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        job = importing.import_start(
            actor=request.user,
            school=form.cleaned_data["school"],
            upload=form.cleaned_data["file"],
            form_key=form.cleaned_data["form_key"],
        )
        return redirect("portal:student_import_detail", pk=job.pk)
    return render(
        request,
        "portal/students/import.html",
        {
            "form": form,
            "columns": importing.COLUMNS,
            "recent": access.imports_visible_to(request.user).select_related("school")[:10],
        },
    )


@student_view
def student_import_template(request):
    if not access.schools_proposable_by(request.user).exists():
        raise PermissionDenied
    response = HttpResponse(
        importing.template_workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="danh-sach-hoc-sinh-mau.xlsx"'
    return response


@student_view
def student_import_detail(request, pk):
    job = get_object_or_404(access.imports_visible_to(request.user).select_related("school"), pk=pk)
    return render(
        request,
        "portal/students/import_detail.html",
        {"job": job, **jobs.job_context(request, job)},
    )


@student_view
def student_import_progress(request, pk):
    """What the progress bar polls: figures only, never a row's content."""
    job = get_object_or_404(access.imports_visible_to(request.user), pk=pk)
    return jobs.progress_response(job, processed=job.processed_rows, total=job.total_rows)


@student_view
@require_POST
def student_import_retry(request, pk):
    """The sender's "Chạy lại ngay" on a stalled import."""
    job = get_object_or_404(access.imports_visible_to(request.user), pk=pk)
    jobs.retry(request, job)
    return redirect("portal:student_import_detail", pk=job.pk)
