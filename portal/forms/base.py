"""What the portal's forms share: the one-time key of a form that may be sent twice, the date
input and the yes/no question."""

import uuid

from django import forms

from portal.forms.numbers import BoundedNumbers

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
