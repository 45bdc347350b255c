"""What the portal's forms share: the one-time key of a form that may be sent twice, the date
input and the yes/no question."""

import uuid

from django import forms

from portal import access
from portal.forms.numbers import BoundedNumbers
from portal.models import Area

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OnceForm(BoundedNumbers, forms.Form):
    """A form that may be sent more than once: the one-time key rendered into the page comes
    back with each POST, and the service keeps one record per key (portal/services/once.py)."""

    form_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form_key"].initial = uuid.uuid4()


def yes_no(label, yes, no) -> forms.TypedChoiceField:
    """A required yes/no question, answered with two radio buttons (True or False)."""
    return forms.TypedChoiceField(
        label=label,
        choices=[("yes", yes), ("no", no)],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )


def one_of_the_coordinators_areas(label) -> forms.ModelChoiceField:
    """Which of the areas a coordinator runs something is for; `offer_coordinated_areas`
    fills it in, or takes it away for a coordinator of one area."""
    return forms.ModelChoiceField(
        label=label,
        queryset=Area.objects.none(),
        required=False,  # without it: the area they were appointed for
        empty_label=None,
    )


def offer_coordinated_areas(form: forms.Form, user) -> None:
    """A coordinator running several areas chooses among them (the appointed one first
    chosen); one who runs a single area is not asked."""
    areas = access.coordinated_areas(user)
    if len(areas) > 1:
        form.fields["area"].queryset = Area.objects.filter(
            pk__in=[area.pk for area in areas]
        ).order_by("path")
        form.fields["area"].initial = user.coordinated_area_id
    else:
        del form.fields["area"]
