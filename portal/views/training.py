from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from portal import access, offline
from portal.forms.training import TrainingForm
from portal.models import StudentAccess
from portal.services.students import student_access_record
from portal.services.training import training_record
from portal.views.decorators import portal_view
from portal.views.listing import paginate


@portal_view
def training_list(request):
    sessions = access.training_visible_to(request.user).select_related("team", "commune")
    return render(
        request,
        "portal/training/list.html",
        {
            "page_obj": paginate(request, sessions),
            "can_record": access.intake_teams(request.user).exists(),
        },
    )


@portal_view
def training_create(request):
    if not access.intake_teams(request.user).exists():
        raise PermissionDenied
    form = TrainingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            session = training_record(
                actor=request.user,
                fields=form.session_fields(),
                trainers=form.cleaned_data["trainers"],
                students=form.cleaned_data["students"],
                volunteers=form.cleaned_data["volunteers"],
                form_key=form.cleaned_data["form_key"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã ghi buổi “%(topic)s”.") % {"topic": session.topic})
            return redirect("portal:training_detail", pk=session.pk)
    return render(
        request,
        "portal/form.html",
        {
            "form": form,
            "heading": _("Ghi buổi đào tạo, hướng dẫn"),
            "intro": _(
                "Mỗi người hướng dẫn và tình nguyện viên tham dự được tính giờ tình nguyện "
                "bằng thời lượng buổi."
            ),
            "submit": _("Lưu"),
        },
    )


@portal_view
def training_detail(request, pk):
    session = get_object_or_404(
        access.training_visible_to(request.user).select_related("team", "commune", "recorded_by"),
        pk=pk,
    )
    # Attending students are shown only to those who may see them, and that is logged.
    students = list(
        session.students.filter(pk__in=access.students_visible_to(request.user).values("pk"))
        if access.may_see_student_data(request.user)
        else []
    )
    student_access_record(actor=request.user, students=students, action=StudentAccess.Action.LISTED)
    if students:
        offline.shows_student_data(request)
    return render(
        request,
        "portal/training/detail.html",
        {
            "session": session,
            "trainers": session.trainers.all(),
            "volunteers": session.volunteers.all(),
            "students": students,
            "hidden_students": session.students.count() - len(students),
        },
    )
