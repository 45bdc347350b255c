from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from portal import access, specs
from portal.forms.standards import AreaStandardForm, AreaTargetForm, StandardForm
from portal.models import Area, DeviceKind, SpecStandard
from portal.selectors.standards import (
    area_raise,
    current_standards,
    effective_standard,
    raised_standards,
    superseded_standards,
)
from portal.selectors.targets import monthly_target, monthly_targets_of
from portal.services.standards import area_standard_raise, area_target_set, standard_revise
from portal.views.decorators import coordinator_view, portal_view


@portal_view
def standard_list(request):
    """The minimum standards in force (everyone in the portal), and their earlier versions."""
    return render(
        request,
        "portal/standards/list.html",
        {
            "standards": current_standards(),
            "history": superseded_standards(),
            "part_labels": specs.PART_LABELS,
            "can_edit": access.can_revise_program_standards(request.user),
            "raised": raised_standards(),
            # The coordinator's own areas, each with its monthly target, to raise or set.
            "my_areas": _with_targets(access.coordinated_areas(request.user)),
            "kinds": DeviceKind.choices,
        },
    )


def _with_targets(areas: list[Area]) -> list[tuple[Area, int]]:
    targets = monthly_targets_of(areas)  # one query however many areas
    return [(area, targets[area.pk]) for area in areas]


@portal_view
def standard_edit(request, kind):
    if not access.can_revise_program_standards(request.user):
        raise PermissionDenied
    current = get_object_or_404(current_standards(), kind=kind)
    # The form's own copy: validating the POST writes into it.
    form = StandardForm(
        request.POST or None, instance=get_object_or_404(current_standards(), kind=kind)
    )
    if request.method == "POST" and form.is_valid():
        revised = standard_revise(actor=request.user, current=current, fields=form.cleaned_data)
        messages.success(
            request,
            _("Đã lưu phiên bản %(version)s của tiêu chuẩn.") % {"version": revised.version},
        )
        return redirect("portal:standard_list")
    return render(request, "portal/standards/edit.html", {"form": form, "standard": current})


def _own_area(request, pk: int) -> Area:
    """One of the areas the coordinator runs (or inside one): another's is a 404."""
    return get_object_or_404(access.areas_coordinated_by(request.user), pk=pk)


@coordinator_view
def area_standard_edit(request, pk, kind):
    """An area's coordinator raises a kind's minimums inside it, never below the program's."""
    area = _own_area(request, pk)
    if kind not in DeviceKind.values:
        raise Http404
    program = current_standards().get(kind=kind)
    raised = area_raise(kind, area)
    # The form's own copy (validating the POST writes into it).
    instance = area_raise(kind, area) or SpecStandard(kind=kind, area=area)
    form = AreaStandardForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            saved = area_standard_raise(
                actor=request.user, area=area, kind=kind, fields=form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Đã lưu tiêu chuẩn của %(area)s (phiên bản %(version)s).")
                % {"area": area, "version": saved.version},
            )
            return redirect("portal:standard_list")
    return render(
        request,
        "portal/standards/area_edit.html",
        {
            "form": form,
            "area": area,
            "program": program,
            "raised": raised,
            "in_force": effective_standard(kind, area)[1],
            "part_labels": specs.PART_LABELS,
        },
    )


@coordinator_view
def area_target_edit(request, pk):
    """An area's coordinator sets the devices each of its teams should hand over a month."""
    area = _own_area(request, pk)
    form = AreaTargetForm(request.POST or None, initial={"monthly_per_team": monthly_target(area)})
    if request.method == "POST" and form.is_valid():
        area_target_set(
            actor=request.user,
            area=area,
            monthly_per_team=form.cleaned_data["monthly_per_team"],
        )
        messages.success(request, _("Đã lưu chỉ tiêu của %(area)s.") % {"area": area})
        return redirect("portal:standard_list")
    return render(request, "portal/standards/target_edit.html", {"form": form, "area": area})
