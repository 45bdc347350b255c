"""Who publishes the public site: editors write and submit, the coordinators approve.

What the site says speaks for the Huyện đoàn, so one of its coordinators reads a page before
it goes out; a coordinator's own edits go out at once. Wagtail's default setup ("Moderators
approval", approved by a "Moderators" group nobody is in) left every edit waiting for the
superuser. This turns that default workflow into the coordinators' approval, under
Vietnamese names, and gives the "Điều phối viên" group what Wagtail's moderators have on the
pages: add, change, publish, lock and unlock. A workflow someone has already changed in the
admin is left as it is.
"""

from django.db import migrations

COORDINATORS = "Điều phối viên"
WAGTAIL_DEFAULT = "Moderators approval"
WORKFLOW = "Duyệt trước khi đăng"
TASK = "Điều phối viên duyệt"
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]


def _root_page(apps):
    return apps.get_model("wagtailcore", "Page").objects.get(depth=1)


def _page_permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(
        content_type__app_label="wagtailcore",
        content_type__model="page",
        codename__in=PAGE_PERMISSIONS,
    )


def coordinators_approve(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    coordinators = Group.objects.get(name=COORDINATORS)
    root = _root_page(apps)
    for permission in _page_permissions(apps):
        GroupPagePermission.objects.get_or_create(
            group=coordinators, page=root, permission=permission
        )
    workflow = Workflow.objects.filter(name=WAGTAIL_DEFAULT, workflow_pages__page=root).first()
    task = GroupApprovalTask.objects.filter(
        name=WAGTAIL_DEFAULT, workflow_tasks__workflow=workflow
    ).first()
    if workflow is None or task is None:
        return
    workflow.name = WORKFLOW
    workflow.save(update_fields=["name"])
    task.name = TASK
    task.save(update_fields=["name"])
    task.groups.set([coordinators])


def moderators_approve(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow.objects.filter(name=WORKFLOW).update(name=WAGTAIL_DEFAULT)
    task = GroupApprovalTask.objects.filter(name=TASK).first()
    if task is not None:
        task.name = WAGTAIL_DEFAULT
        task.save(update_fields=["name"])
        task.groups.set(Group.objects.filter(name="Moderators"))
    GroupPagePermission.objects.filter(
        group__name=COORDINATORS, page=_root_page(apps), permission__in=_page_permissions(apps)
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0006_text_block"),
        ("portal", "0004_coordinators_group"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(coordinators_approve, moderators_approve)]
