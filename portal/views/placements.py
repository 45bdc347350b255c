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
    unit = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(choices=[(name, name) for name in MODELS], widget=forms.HiddenInput)
    area = forms.IntegerField(label=gettext_lazy("Xếp vào"))


@coordinator_view
def placements(request):
    """Records made under a commune that was split in 2025, waiting for a coordinator to say
    which new commune each belongs to: until then the figures show them on a line of their
    own, never under a guessed commune."""
    units = access.split_units_placeable_by(request.user)
    if request.method == "POST":
        form = PlaceForm(request.POST)
        unit = units.filter(pk=form.data.get("unit")).first() if form.is_valid() else None
        if unit is None:
            messages.error(request, _("Không tìm thấy xã cũ này trong địa bàn của bạn."))
            return redirect("portal:placements")
        area = unit.successors.filter(new_id=form.cleaned_data["area"]).first()
        try:
            if area is None:
                raise ValidationError(
                    _("Hãy chọn một xã mới nhận phần của %(old)s.") % {"old": unit}
                )
            count = records_place(
                actor=request.user,
                old_unit=unit,
                model=MODELS[form.cleaned_data["kind"]],
                area=area.new,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Đã xếp %(count)s hồ sơ của %(old)s vào %(new)s.")
                % {"count": count, "old": unit, "new": area.new},
            )
        return redirect("portal:placements")
    return render(request, "portal/placements.html", {"split": unplaced_records(units)})
