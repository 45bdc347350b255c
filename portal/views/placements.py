from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import access
from portal.selectors.areas_map import PLACEABLE, unplaced_records
from portal.services.placements import records_place
from portal.views.decorators import coordinator_view

MODELS = {model._meta.model_name: model for model in PLACEABLE}


class PlaceForm(forms.Form):
    """One row of the page: a group of an old unit's records and the new unit chosen for
    them. The page draws each row's own choice, so every mistake is the form's own (shown
    in one box above the rows, where the error summary leads)."""

    unit = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(choices=[(name, name) for name in MODELS], widget=forms.HiddenInput)
    area = forms.IntegerField(
        label=gettext_lazy("Xếp vào"),
        widget=forms.HiddenInput,
        error_messages={"required": gettext_lazy("Hãy chọn xã mới nhận nhóm hồ sơ này.")},
    )


@coordinator_view
def placements(request):
    """Records made under a commune that was split in 2025, waiting for a coordinator to say
    which new commune each belongs to: until then the figures show them on a line of their
    own, never under a guessed commune."""
    units = access.split_units_placeable_by(request.user)
    form = PlaceForm(request.POST) if request.method == "POST" else None
    if form is not None and form.is_valid():
        unit = units.filter(pk=form.cleaned_data["unit"]).first()
        successor = (
            unit.successors.filter(new_id=form.cleaned_data["area"]).first() if unit else None
        )
        if unit is None:
            form.add_error(None, _("Không tìm thấy xã cũ này trong địa bàn của bạn."))
        elif successor is None:
            form.add_error(None, _("Hãy chọn một xã mới nhận phần của %(old)s.") % {"old": unit})
        else:
            try:
                count = records_place(
                    actor=request.user,
                    old_unit=unit,
                    model=MODELS[form.cleaned_data["kind"]],
                    area=successor.new,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Đã xếp %(count)s hồ sơ của %(old)s vào %(new)s.")
                    % {"count": count, "old": unit, "new": successor.new},
                )
                return redirect("portal:placements")
    return render(
        request, "portal/placements.html", {"split": unplaced_records(units), "form": form}
    )
