from django import forms

from portal.forms.numbers import BoundedNumbers
from portal.models import DeviceKind, SpecStandard


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
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

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
        for name in list(self.fields):
            if name not in keep[self.instance.kind]:
                del self.fields[name]
