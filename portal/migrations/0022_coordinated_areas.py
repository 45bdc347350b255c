"""A coordinator may run several areas: the set starts with the one each was appointed for,
so everyone keeps exactly the scope they had."""

from django.db import migrations, models


def appointed_area_into_set(apps, schema_editor):
    User = apps.get_model("portal", "User")
    Through = User.coordinated_areas.through
    Through.objects.bulk_create(
        [
            Through(user_id=user_id, area_id=area_id)
            for user_id, area_id in User.objects.filter(coordinated_area__isnull=False).values_list(
                "pk", "coordinated_area_id"
            )
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("portal", "0021_report_map_special_zones")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="coordinated_areas",
            field=models.ManyToManyField(
                blank=True,
                help_text="Điều phối viên thấy mọi thứ bên trong từng địa bàn này.",
                related_name="coordinators_of",
                to="portal.area",
                verbose_name="các địa bàn điều phối",
            ),
        ),
        # Backwards, the field (and the set) simply goes: the appointed area stays.
        migrations.RunPython(appointed_area_into_set, migrations.RunPython.noop),
    ]
