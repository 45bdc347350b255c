from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms.numbers import BoundedNumbers
from portal.models import HOLDS_DATA, DeviceKind, SpecStandard


class StandardForm(BoundedNumbers, forms.ModelForm):
    class Meta:
        model = SpecStandard
        fields = [
            "min_android",
            "min_ios",
            "min_ram_gb",
            "recommended_ram_gb",
            "min_free_storage_gb",
            "min_cpu_ghz",
            "min_disk_gb",
            "charger_required",
            "wifi_required_if_wireless",
            "min_data_gb_per_day",
            "min_validity_months",
            "note",
            "wipe_guidance",
        ]
        widgets = {
            "note": forms.Textarea(attrs={"rows": 2}),
            "wipe_guidance": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        keep = {
            DeviceKind.SIM: {"min_data_gb_per_day", "min_validity_months", "note"},
            DeviceKind.PHONE: {
                "min_android",
                "min_ios",
                "min_ram_gb",
                "min_free_storage_gb",
                "charger_required",
                "note",
            },
            DeviceKind.LAPTOP: {
                "min_ram_gb",
                "recommended_ram_gb",
                "min_cpu_ghz",
                "min_disk_gb",
                "charger_required",
                "note",
            },
            DeviceKind.DESKTOP: {
                "min_ram_gb",
                "recommended_ram_gb",
                "min_cpu_ghz",
                "min_disk_gb",
                "wifi_required_if_wireless",
                "note",
            },
        }
        keep[DeviceKind.TABLET] = keep[DeviceKind.PHONE]
        for kind in HOLDS_DATA:  # how its data is wiped: every kind but the SIM
            keep[kind].add("wipe_guidance")
        for name in list(self.fields):
            if name not in keep[self.instance.kind]:
                del self.fields[name]


class AreaStandardForm(StandardForm):
    """An area's raise for one kind: the same thresholds, each left blank where the area
    keeps the program's (the service refuses one set below it)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # How data is wiped is the program's policy, not a threshold an area raises.
        self.fields.pop("wipe_guidance", None)
        for field in self.fields.values():
            field.required = False


class AreaTargetForm(BoundedNumbers, forms.Form):
    monthly_per_team = forms.IntegerField(
        label=_("Thiết bị trao tặng mỗi tháng, mỗi tổ"),
        min_value=1,
        max_value=100,
        help_text=_("Các địa bàn bên trong chưa đặt chỉ tiêu riêng cũng theo số này."),
    )
