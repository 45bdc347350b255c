"""Seed the minimum technical standards of the 2021 plan (section II.3), version 1 of each,
and the Gia Lâm fund with a zero balance."""

from django.db import migrations

HANDHELD = {
    "min_android": "4.4",
    "min_ios": "9",
    "min_ram_gb": 2,
    "min_free_storage_gb": 5,
    "required_parts": ["speaker", "microphone", "webcam"],
    "recommended_parts": ["headphones"],
    "charger_required": True,
}
COMPUTER = {"min_ram_gb": 2, "recommended_ram_gb": 4, "min_cpu_ghz": "1.0", "min_disk_gb": 120}
STANDARDS = {
    "phone": HANDHELD,
    "tablet": HANDHELD,
    "laptop": {
        **COMPUTER,
        "required_parts": ["screen", "keyboard", "speaker", "microphone", "webcam"],
        "recommended_parts": ["battery"],
        "charger_required": True,
    },
    "desktop": {
        **COMPUTER,
        "required_parts": ["monitor", "mouse", "keyboard", "headphones", "microphone", "webcam"],
        "wifi_required_if_wireless": True,
    },
    "sim": {"min_data_gb_per_day": 2, "min_validity_months": 3},
}
NOTE = "Theo mục II.3, Kế hoạch liên tịch triển khai chương trình “Máy tính cũ – Tri thức mới” năm 2021."


def seed(apps, schema_editor):
    SpecStandard = apps.get_model("portal", "SpecStandard")
    for kind, values in STANDARDS.items():
        SpecStandard.objects.get_or_create(
            kind=kind, version=1, defaults={**values, "is_current": True, "note": NOTE}
        )
    Area = apps.get_model("portal", "Area")
    Fund = apps.get_model("portal", "Fund")
    for district in Area.objects.filter(kind="district"):
        Fund.objects.get_or_create(area=district)


def unseed(apps, schema_editor):
    apps.get_model("portal", "SpecStandard").objects.filter(version=1).delete()
    apps.get_model("portal", "Fund").objects.filter(entries__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("portal", "0005_devices_checks_fund_counters")]

    operations = [migrations.RunPython(seed, unseed)]
