from django.db import migrations, models


def name_levels(apps, schema_editor):
    """The seeded tree: Hà Nội is a city (thành phố), Gia Lâm a rural district (huyện)."""
    Area = apps.get_model("portal", "Area")
    Area.objects.filter(kind="city", name="Hà Nội", level_name="").update(level_name="thành phố")
    Area.objects.filter(kind="district", name="Gia Lâm", level_name="").update(level_name="huyện")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0011_job_recovery"),
    ]

    operations = [
        migrations.AddField(
            model_name="area",
            name="level_name",
            field=models.CharField(
                blank=True,
                help_text="Như trong tên chính thức, viết thường: huyện, quận, thị xã, thành phố, tỉnh.",
                max_length=30,
                verbose_name="tên gọi của cấp",
            ),
        ),
        migrations.RunPython(name_levels, migrations.RunPython.noop),
    ]
