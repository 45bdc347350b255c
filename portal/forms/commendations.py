from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import access
from portal.forms.base import DATE_INPUT, OnceForm
from portal.models import Commendation


class CommendationForm(OnceForm, forms.ModelForm):
    class Meta:
        model = Commendation
        fields = ["team", "person", "level", "reason", "awarded_on", "show_publicly"]
        widgets = {"awarded_on": DATE_INPUT}
        help_texts = {"team": _("Khen một tập thể hoặc một cá nhân: chọn một trong hai.")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = access.commendable_teams(user).order_by("name")
        self.fields["person"].queryset = access.commendable_people(user).order_by(
            "last_name", "first_name"
        )
        self.fields["awarded_on"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        if bool(data.get("team")) == bool(data.get("person")):
            raise forms.ValidationError(_("Chọn một tập thể hoặc một cá nhân."))
        return data

    def commendation_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
