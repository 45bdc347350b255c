"""What the portal's service worker may keep on a phone, the worker and the manifest it is
served with, and signing out emptying the phone."""

import re

from django.urls import reverse

from portal import offline
from portal.urls import urlpatterns
from tests.factories.devices import received
from tests.factories.students import approved, handed_over, ready_laptop

KEEP = offline.KEEP_HEADER


def test_every_page_about_students_and_every_sign_in_page_is_on_the_never_kept_list():
    about_students = [
        "/portal/" + re.sub(r"<[^>]+>", "1", str(pattern.pattern))
        for pattern in urlpatterns
        if pattern.name.startswith(("student", "handover", "follow_up", "person", "export"))
    ]

    assert about_students
    assert [path for path in about_students if not path.startswith(offline.NEVER_KEPT)] == []
    assert "/accounts/".startswith(offline.NEVER_KEPT)
    assert "/admin/".startswith(offline.NEVER_KEPT)


def test_work_pages_may_be_kept_and_pages_with_a_child_may_not(
    client, teacher, school, leader, team
):
    student = approved(teacher, leader, school, needs_sim=False)
    to_check, ready = received(leader, team), ready_laptop(leader, team)
    handover = handed_over(leader, student, team, device=ready)
    client.force_login(leader)

    paths = [
        reverse("portal:dashboard"),
        reverse("portal:device_list") + "?queue=to_check",
        reverse("portal:device_detail", args=[to_check.pk]),
        reverse("portal:standard_list"),
        reverse("portal:student_list"),
        reverse("portal:student_detail", args=[student.pk]),
        reverse("portal:handover_detail", args=[handover.pk]),
        reverse("portal:follow_up_list"),
        reverse("account_email"),
        "/en" + reverse("portal:student_list"),
    ]
    kept = {path: client.get(path).get(KEEP) for path in paths}

    assert [path for path, header in kept.items() if header == "keep"] == paths[:4]


def test_a_device_page_naming_a_child_it_may_go_to_is_not_kept(
    client, teacher, school, leader, team
):
    approved(teacher, leader, school, needs_sim=False)
    ready = ready_laptop(leader, team)
    client.force_login(leader)

    response = client.get(reverse("portal:device_detail", args=[ready.pk]))

    assert "Nguyễn Thị Lan" in response.text
    assert KEEP not in response


def test_the_worker_is_served_from_the_portal_with_its_version_and_the_never_kept_rule(client, db):
    response = client.get("/portal/sw.js")

    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    config = response.text.split("\n", 1)[0]
    assert f'"version": "{offline.shell_version()}"' in config
    assert '"keepHeader": "X-Offline-Cache"' in config
    assert "Tiếp nhận thiết bị" in config
    assert "Content-Security-Policy" in response


def test_the_shell_version_follows_its_files(settings, tmp_path):
    settings.DEBUG = True
    before = offline.shell_version()
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "site.css").write_text("body { color: red; }")
    settings.STATICFILES_DIRS = [tmp_path, *settings.STATICFILES_DIRS]

    assert offline.shell_version() != before


def test_the_manifest_is_public_and_vietnamese(client, db):
    manifest = client.get("/portal/manifest.webmanifest").json()

    assert manifest["name"] == "Máy tính cũ – Tri thức mới"
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == (
        "/portal/",
        "/portal/",
        "standalone",
    )
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}


def test_signing_out_tells_the_browser_to_empty_the_sites_caches_and_storage(client, volunteer):
    client.force_login(volunteer)

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "_auth_user_id" not in client.session
