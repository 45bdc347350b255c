"""Every stored phone number in E.164 (+84912345678), the form the portal now stores and
looks up. A value that cannot be read as a number ("gọi Zalo", a digit short) is left
unchanged, as it was typed: the record keeps what it said, and it is shown as written."""

from django.db import migrations

from portal.phones import phone_stored

PHONE_FIELDS = [
    ("Offer", "phone"),
    ("SupportRequest", "phone"),
    ("Student", "guardian_phone"),
    ("Team", "public_phone"),
    ("User", "phone"),
    ("Sale", "buyer_phone"),
    ("Device", "donor_phone"),
]


def to_e164(apps, schema_editor):
    for model_name, field in PHONE_FIELDS:
        model = apps.get_model("portal", model_name)
        for pk, value in model.objects.exclude(**{field: ""}).values_list("pk", field).iterator():
            if (stored := phone_stored(value)) != value:
                model.objects.filter(pk=pk).update(**{field: stored})


class Migration(migrations.Migration):
    dependencies = [("portal", "0012_area_level_name")]

    # Going back leaves E.164: the older code shows it as it is and its forms accept it.
    operations = [migrations.RunPython(to_e164, migrations.RunPython.noop)]
