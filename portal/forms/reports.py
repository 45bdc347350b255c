import re
from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import access
from portal.forms.base import OnceForm
from portal.models import Area
from portal.selectors import areas_map

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


class MonthField(forms.CharField):
    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2026-10"})

    def clean(self, value):
        value = super().clean(value).strip()
        if not MONTH.match(value):
            raise forms.ValidationError(_("Tháng viết dạng năm-tháng, ví dụ 2026-10."))
        return value


def last_month() -> str:
    """The month a coordinator reports on by default: the one before this."""
    return (timezone.localdate().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")


class ReportForm(OnceForm):
    first_month = MonthField(label=_("Từ tháng"))
    last_month = MonthField(label=_("Đến tháng"))
    map = forms.ChoiceField(
        label=_("Theo bản đồ hành chính"),
        choices=list(areas_map.MAPS.items()),
        initial=areas_map.CURRENT,
        required=False,  # a form without it (an old page): today's map
    )

    area = forms.ModelChoiceField(
        label=_("Báo cáo cho địa bàn"),
        queryset=Area.objects.none(),
        required=False,  # without it: the area they were appointed for
        empty_label=None,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_month"].initial = self.fields["last_month"].initial = last_month()
        # A coordinator running several areas chooses which one the report is for.
        areas = access.coordinated_areas(user)
        if len(areas) > 1:
            self.fields["area"].queryset = Area.objects.filter(pk__in=[a.pk for a in areas])
            self.fields["area"].initial = user.coordinated_area_id
        else:
            del self.fields["area"]

    def clean(self):
        data = super().clean()
        data["map"] = areas_map.map_choice(data.get("map"))
        first, last = data.get("first_month"), data.get("last_month")
        if first and last and last < first:
            self.add_error("last_month", _("Tháng kết thúc phải sau tháng bắt đầu."))
        if first and last and last > timezone.localdate().strftime("%Y-%m"):
            self.add_error("last_month", _("Chưa đến tháng này."))
        return data
