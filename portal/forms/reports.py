import re
from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.forms.base import OnceForm, offer_coordinated_areas, one_of_the_coordinators_areas
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

    area = one_of_the_coordinators_areas(_("Báo cáo cho địa bàn"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_month"].initial = self.fields["last_month"].initial = last_month()
        offer_coordinated_areas(self, user)

    def clean(self):
        data = super().clean()
        data["map"] = areas_map.map_choice(data.get("map"))
        first, last = data.get("first_month"), data.get("last_month")
        if first and last and last < first:
            self.add_error("last_month", _("Tháng kết thúc phải sau tháng bắt đầu."))
        if first and last and last > timezone.localdate().strftime("%Y-%m"):
            self.add_error("last_month", _("Chưa đến tháng này."))
        return data
