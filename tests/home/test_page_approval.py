"""Who publishes the public site: an editor writes and submits, a coordinator (the
"Điều phối viên" group) approves and the page goes live; a coordinator's own edits go out
at once. Every moderation e-mail is in Vietnamese. The browser journey is in
tests/browser/test_editor_journey.py."""

import html
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

import wagtail.admin
from wagtail.models import Page, Workflow

from portal.models import Area
from tests.english_words import english_words

pytestmark = pytest.mark.django_db

NEW_TITLE = "Máy tính cũ – Tri thức mới: mùa hè 2026"


@pytest.fixture
def home():
    return Page.objects.get(depth=2).specific


def submit(page, editor, title=NEW_TITLE):
    """What the editor's "Gửi duyệt" does in the page editor."""
    page.title = title
    page.save_revision(user=editor)
    return page.get_workflow().start(page, editor)


def test_the_site_waits_for_the_coordinators_not_for_an_empty_moderators_group(home):
    workflow = home.get_workflow()

    assert workflow.name == "Duyệt trước khi đăng"
    [task] = [task.specific for task in workflow.tasks]
    assert task.name == "Điều phối viên duyệt"
    assert [group.name for group in task.groups.all()] == ["Điều phối viên"]
    assert Workflow.objects.filter(active=True).count() == 1


def test_an_editor_submits_and_cannot_publish_alone(home, editor):
    permissions = home.permissions_for_user(editor)

    assert permissions.can_edit()
    assert not permissions.can_publish()


def test_a_coordinator_publishes_their_own_edits(home, coordinator):
    assert home.permissions_for_user(coordinator).can_publish()


def test_a_coordinator_approves_and_the_page_goes_live(
    client, home, editor, coordinator, mailoutbox
):
    state = submit(home, editor)

    [to_coordinator] = [mail for mail in mailoutbox if coordinator.email in mail.to]
    assert to_coordinator.subject == f"Trang “{NEW_TITLE}” đang chờ bạn duyệt"
    assert f"/admin/pages/{home.pk}/edit/" in to_coordinator.body
    assert "Chào Hà," in to_coordinator.body

    client.force_login(coordinator)
    task_state = state.current_task_state
    response = client.post(
        f"/admin/pages/workflow/action/{home.pk}/approve/{task_state.pk}/",
        {"comment": ""},
    )

    assert response.status_code in (200, 302)
    home.refresh_from_db()
    assert home.live
    assert home.title == NEW_TITLE
    assert not home.has_unpublished_changes
    [to_editor] = [mail for mail in mailoutbox if editor.email in mail.to]
    assert to_editor.subject == f"Trang “{NEW_TITLE}” đã được duyệt và đăng"
    assert "Chào Châu," in to_editor.body


def test_an_editor_is_told_in_vietnamese_what_to_change(
    client, home, editor, coordinator, mailoutbox
):
    state = submit(home, editor)
    client.force_login(coordinator)

    client.post(
        f"/admin/pages/workflow/action/{home.pk}/reject/{state.current_task_state.pk}/",
        {"comment": "Thêm ảnh buổi trao máy"},
    )

    home.refresh_from_db()
    assert home.title != NEW_TITLE  # nothing went out
    [to_editor] = [mail for mail in mailoutbox if editor.email in mail.to]
    assert to_editor.subject == f"Trang “{NEW_TITLE}” cần sửa trước khi đăng"
    assert "Thêm ảnh buổi trao máy" in to_editor.body
    assert "Hà" in to_editor.body  # who asked for the change


def test_a_volunteer_cannot_approve(client, home, editor, volunteer):
    state = submit(home, editor)
    client.force_login(volunteer)

    client.post(
        f"/admin/pages/workflow/action/{home.pk}/approve/{state.current_task_state.pk}/",
        {"comment": ""},
    )

    home.refresh_from_db()
    assert home.title != NEW_TITLE


def test_an_editor_who_chose_english_gets_english_mail(
    client, home, editor, coordinator, mailoutbox
):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "en"
    profile.save()
    state = submit(home, editor)
    client.force_login(coordinator)

    client.post(
        f"/admin/pages/workflow/action/{home.pk}/approve/{state.current_task_state.pk}/",
        {"comment": ""},
    )

    [to_editor] = [mail for mail in mailoutbox if editor.email in mail.to]
    assert to_editor.subject == f"Page “{NEW_TITLE}” has been approved and published"
    assert to_editor.body.startswith("Hello Châu,")


WAGTAIL_NOTIFICATIONS = (
    Path(wagtail.admin.__file__).parent / "templates" / "wagtailadmin" / "notifications"
)
# What an e-mail may keep in English: the product's name, and the demo's teams ("tổ IT").
MAIL_ALLOWANCE = frozenset({"Wagtail", "IT"})


def readable_text(rendered: str) -> str:
    """The words a reader sees: without the HTML e-mails' styles, tags and addresses."""
    text = re.sub(r"<(style|head)\b.*?</\1>", " ", rendered, flags=re.DOTALL)
    text = re.sub(r"<[^>]+>", " ", text)
    return html.unescape(re.sub(r"\S*/admin/\S*", " ", text))


@pytest.mark.parametrize(
    "template",
    sorted(
        path.relative_to(WAGTAIL_NOTIFICATIONS.parent.parent).as_posix()
        for path in WAGTAIL_NOTIFICATIONS.iterdir()
        if path.suffix in {".txt", ".html"}
    ),
)
def test_every_wagtail_notification_reads_in_vietnamese(template, home, editor, coordinator):
    """Whichever notification Wagtail sends (text or HTML, about a page or another object;
    the project's own wording or Wagtail's), its words are Vietnamese."""
    state = submit(home, editor)
    task_state = state.current_task_state
    task_state.finished_by = coordinator
    comment = SimpleNamespace(text="Thêm ảnh buổi trao máy")
    context = {
        "workflow": state.workflow,
        "task": task_state.task,
        "task_state": task_state,
        "workflow_state": state,
        "requested_by": editor,
        "editor": editor,
        "user": coordinator,
        "revision": home.latest_revision,
        "comment": comment.text,
        "new_comments": [comment],
        "resolved_comments": [comment],
        "deleted_comments": [comment],
        "replied_comments": [{"comment": comment, "replies": [comment]}],
        "settings": settings,
    }
    place = Area.objects.get(kind=Area.Kind.DISTRICT)
    about_a_page = {**context, "page": home, "object": home, "model_name": "trang"}
    about_another = {**context, "object": place, "model_name": Area._meta.verbose_name}

    # Wagtail's older templates (approved, rejected) are about pages only.
    source = (WAGTAIL_NOTIFICATIONS.parent.parent / template).read_text()
    variants = [about_a_page, about_another] if "model_name" in source else [about_a_page]

    for variant in variants:
        with translation.override("vi"):
            rendered = render_to_string(template, variant)
        assert english_words(readable_text(rendered), MAIL_ALLOWANCE) == set(), rendered
