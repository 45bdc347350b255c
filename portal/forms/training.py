from django import forms
from django.utils import timezone

from portal import access
from portal.forms.base import DATE_INPUT, OnceForm
from portal.forms.numbers import ChosenIds
from portal.models import StudentStatus, TrainingSession


class TrainingForm(OnceForm, forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = [
            "kind",
            "held_on",
            "place",
            "commune",
            "team",
            "topic",
            "minutes",
            "trainers",
            "students",
            "volunteers",
            "head_count",
        ]
        field_classes = {"trainers": ChosenIds, "students": ChosenIds, "volunteers": ChosenIds}
        widgets = {
            "held_on": DATE_INPUT,
            "trainers": forms.CheckboxSelectMultiple,
            "students": forms.CheckboxSelectMultiple,
            "volunteers": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        people = access.trainable_people(user).order_by("last_name", "first_name")
        self.fields["trainers"].queryset = people
        self.fields["volunteers"].queryset = people
        # Guidance is for the pupils who have (or are about to get) a device.
        self.fields["students"].queryset = (
            access.students_visible_to(user)
            .filter(status__in=[StudentStatus.APPROVED, StudentStatus.SERVED])
            .select_related("school")
        )
        self.fields["team"].queryset = access.intake_teams(user)
        self.fields["commune"].queryset = access.intake_communes(user)
        self.fields["held_on"].initial = timezone.localdate()
        self.fields["trainers"].initial = [user.pk]

    def session_fields(self) -> dict:
        skip = {"trainers", "students", "volunteers", "form_key"}
        return {name: value for name, value in self.cleaned_data.items() if name not in skip}
