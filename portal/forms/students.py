"""Forms for the beneficiary list. The student form is also what checks each row of an
imported list, so a row and a typed form get the same messages."""

from datetime import timedelta

from django import forms
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import access
from portal.forms.base import DATE_INPUT, OnceForm, yes_no
from portal.forms.numbers import BoundedNumbers
from portal.forms.phones import PhoneField
from portal.models import (
    Area,
    ConsentPurpose,
    School,
    Student,
)
from portal.services.students import PROPOSED_FIELDS
from portal.uploads import validate_workbook

YOUNGEST, OLDEST = 5, 18  # primary and lower-secondary pupils, with some leeway


def communes_for(schools) -> "forms.QuerySet":
    """Where a school's pupils may live: any commune or town of the schools' districts."""
    districts = {path[: -Area.steplen] for path in schools.values_list("commune__path", flat=True)}
    scope = Q(pk__in=[])
    for path in districts:
        scope |= Q(path__startswith=path)
    return Area.objects.filter(scope, kind__in=Area.GRASSROOTS).order_by("name")


class StudentForm(BoundedNumbers, forms.ModelForm):
    class Meta:
        model = Student
        field_classes = {"guardian_phone": PhoneField}
        fields = ["school", *PROPOSED_FIELDS]
        widgets = {
            "birth_date": DATE_INPUT,
            "guardian_phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "full_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "guardian_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "grade": forms.NumberInput(attrs={"min": 1, "max": 9}),
        }
        help_texts = {
            "needs_device": _("Loại thiết bị em cần để học trực tuyến."),
            "guardian_phone": _("Để tổ Thanh niên IT hẹn ngày trao và hỏi thăm sau trao."),
        }

    def __init__(self, *args, user, school: School | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_choices(user, school)
        self.fields["birth_date"].required = True
        self.fields["birth_date"].input_formats = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if len(name.split()) < 2:
            raise forms.ValidationError(_("Hãy ghi đủ họ và tên (ít nhất hai chữ)."))
        return name

    def clean_birth_date(self):
        born = self.cleaned_data["birth_date"]
        today = timezone.localdate()
        if (
            not today - timedelta(days=365 * (OLDEST + 1))
            < born
            < today - timedelta(days=365 * YOUNGEST)
        ):
            raise forms.ValidationError(
                _("Ngày sinh chưa hợp lý: học sinh tiểu học, THCS từ %(low)s đến %(high)s tuổi.")
                % {"low": YOUNGEST, "high": OLDEST}
            )
        return born

    def clean_grade(self):
        grade = self.cleaned_data["grade"]
        if not 1 <= grade <= 9:
            raise forms.ValidationError(_("Lớp từ 1 đến 9 (tiểu học và THCS)."))
        return grade

    def clean(self):
        data = super().clean()
        if not (data.get("needs_device") or data.get("needs_sim") or data.get("needs_internet")):
            raise forms.ValidationError(
                _("Hãy chọn ít nhất một nhu cầu: thiết bị, sim dữ liệu hoặc kết nối internet.")
            )
        return data

    def _limit_choices(self, user, school: School | None) -> None:
        schools = access.schools_proposable_by(user)
        if school is not None or self.instance.pk:
            # The school of an import, or of the record being corrected, is fixed.
            schools = School.objects.filter(pk=(school or self.instance.school).pk)
            self.fields["school"].disabled = True
            self.fields["school"].initial = schools[0].pk
        self.fields["school"].queryset = schools
        self.fields["commune"].queryset = communes_for(schools)

    def student_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in PROPOSED_FIELDS}


class KnownChoiceField(forms.ModelChoiceField):
    """A choice among records read beforehand: choosing one costs no query, and anything
    else gets the field's usual message."""

    def __init__(self, records: dict[int, models.Model], **kwargs):
        super().__init__(**kwargs)
        self.records = records

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.records[int(value)]
        except (KeyError, TypeError, ValueError):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


class StudentRowForm(StudentForm):
    """One row of an imported list: the checks and messages of the typed form, with the
    school and the communes of its district read once per file rather than once per row
    (an import of 10.000 rows would otherwise make 40.000 look-ups)."""

    def __init__(self, *args, school: School, communes: dict[int, Area], **kwargs):
        self._known = {"school": {school.pk: school}, "commune": communes}
        super().__init__(*args, user=None, school=school, **kwargs)

    def _limit_choices(self, user, school: School | None) -> None:
        for name, records in self._known.items():
            field = self.fields[name]
            self.fields[name] = KnownChoiceField(
                records,
                queryset=field.queryset,
                required=field.required,
                label=field.label,
                error_messages=field.error_messages,
            )
        self.fields["school"].disabled = True
        self.fields["school"].initial = next(iter(self._known["school"]))

    def _get_validation_exclusions(self) -> set[str]:
        # The model's own check that the chosen school and commune exist is a query each;
        # they were just chosen among records read from the database.
        return super()._get_validation_exclusions() | set(self._known)


class DecisionForm(BoundedNumbers, forms.Form):
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ConsentForm(BoundedNumbers, forms.Form):
    purpose = forms.ChoiceField(label=_("Mục đích"), choices=ConsentPurpose.choices)
    granted = yes_no(_("Ý kiến của phụ huynh"), _("Đồng ý"), _("Không đồng ý / rút lại đồng ý"))
    collected_on = forms.DateField(
        label=_("Ngày lấy ý kiến"), widget=DATE_INPUT, initial=timezone.localdate
    )


class ImportForm(OnceForm):
    school = forms.ModelChoiceField(label=_("Trường"), queryset=School.objects.none())
    file = forms.FileField(
        label=_("Tệp danh sách (.xlsx)"),
        help_text=_("Dùng tệp mẫu; tối đa 2 MB, 10.000 học sinh."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = access.schools_proposable_by(user)
        if len(self.fields["school"].queryset) == 1:
            self.fields["school"].initial = self.fields["school"].queryset[0].pk

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_workbook(upload)  # refused here, before anything is stored or queued
        return upload
