"""The "Điều phối viên" group: what a coordinator may do in the Wagtail admin (edit the
places: communes, clusters, schools). Who is a coordinator is decided by
User.coordinated_area; the appointing service adds the person to this group."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Điều phối viên"
PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    *[
        ("portal", model, f"{action}_{model}")
        for model in ("area", "cluster", "school")
        for action in ("add", "change", "view")
    ],
]


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations have run; make sure they exist.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, model, codename in PERMISSIONS:
        group.permissions.add(
            Permission.objects.get(
                content_type__app_label=app_label, content_type__model=model, codename=codename
            )
        )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_seed_gia_lam"),
        ("wagtailadmin", "0005_editingsession_is_editing"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
