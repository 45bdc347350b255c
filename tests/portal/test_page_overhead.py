"""What every portal page pays before its own content (issue 19, "fast at the national
scale"): the site's header and footer, the reader's permissions, teams and areas, the menu
and the choices' labels are read once and kept, and each still changes the moment its
source does."""

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from wagtail.models import Site

from campaign.models import ContentPage, ProgramSettings
from portal.models import DeviceStatus
from portal.models.handovers import MONTHLY_TARGET
from portal.services.standards import area_target_set
from tests.campaign.conftest import publish
from tests.factories.devices import received
from tests.factories.files import png
from tests.factories.students import approved, handed_over
from tests.factories.teams import MembershipFactory

pytestmark = pytest.mark.django_db


def test_a_portal_page_reads_only_the_session_the_person_and_its_own_records(
    client, volunteer, team, django_assert_max_num_queries
):
    client.force_login(volunteer)
    client.get(reverse("portal:device_list"))  # the header, footer and teams are kept now
    # The session, the person, the queue's page and its badges, and the request's
    # transaction (2); the person's teams, the menu's admin link, the footer and the
    # header's links cost nothing more (they were 9 queries).
    with django_assert_max_num_queries(6):
        assert client.get(reverse("portal:device_list")).status_code == 200


def _reads_teams_or_areas(sql: str) -> bool:
    return '"portal_membership"' in sql or 'FROM "portal_area"' in sql


def test_a_coordinators_areas_and_teams_are_kept_between_pages(
    client, coordinator_2fa, volunteer, team
):
    received(volunteer, team)
    client.get(reverse("portal:device_list"))

    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("portal:device_list"))

    assert page.status_code == 200
    assert "Tổ Thanh niên IT xã Bát Tràng" in page.content.decode()
    assert not [q["sql"] for q in queries if _reads_teams_or_areas(q["sql"])]


def test_a_member_taken_off_a_team_sees_none_of_its_devices_on_the_next_page(
    client, volunteer, team
):
    device = received(volunteer, team)
    client.force_login(volunteer)
    detail = reverse("portal:device_detail", args=[device.pk])
    assert client.get(detail).status_code == 200

    team.memberships.get(person=volunteer).delete()

    assert client.get(detail).status_code == 404
    assert device.asset_code not in client.get(reverse("portal:device_list")).content.decode()


def test_an_area_taken_from_a_coordinator_is_closed_on_the_next_page(
    client, coordinator_2fa, team, other_team
):
    coordinator_2fa.coordinated_area = team.commune
    coordinator_2fa.save()
    coordinator_2fa.coordinated_areas.set([team.commune, other_team.commune])
    theirs = received(MembershipFactory(team=other_team).person, other_team)
    detail = reverse("portal:device_detail", args=[theirs.pk])
    assert client.get(detail).status_code == 200

    coordinator_2fa.coordinated_areas.remove(other_team.commune)

    assert client.get(detail).status_code == 404


def test_a_team_made_inactive_closes_the_devices_intake_on_the_next_page(
    client, coordinator_2fa, team
):
    intake = reverse("portal:device_intake")
    assert f'href="{intake}"' in client.get(reverse("portal:dashboard")).content.decode()

    team.is_active = False
    team.save()

    assert f'href="{intake}"' not in client.get(reverse("portal:dashboard")).content.decode()


def test_the_footer_changes_as_soon_as_the_settings_do(client, volunteer):
    client.force_login(volunteer)
    client.get(reverse("portal:dashboard"))
    program = ProgramSettings.load()
    program.footer = "Chương trình của Thành đoàn"
    program.tagline = "Mỗi máy một tương lai"
    program.save()

    html = client.get(reverse("portal:dashboard")).content.decode()

    assert "Chương trình của Thành đoàn" in html
    assert "Mỗi máy một tương lai" in html


def test_a_page_published_after_the_header_was_kept_is_in_the_menu(client, volunteer):
    home = Site.objects.get(is_default_site=True).root_page.specific
    client.force_login(volunteer)
    client.get(reverse("portal:dashboard"))
    page = ContentPage(title="Hướng dẫn quyên góp", slug="huong-dan", show_in_menus=True)
    publish(home, page)

    html = client.get(reverse("portal:dashboard")).content.decode()

    assert f'href="{page.url}"' in html


def test_the_admin_link_follows_a_change_of_the_persons_groups(client, volunteer):
    client.force_login(volunteer)
    admin = reverse("wagtailadmin_home")
    assert f'href="{admin}"' not in client.get(reverse("portal:dashboard")).content.decode()

    group = Group.objects.create(name="Biên tập thử")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    volunteer.groups.add(group)
    assert f'href="{admin}"' in client.get(reverse("portal:dashboard")).content.decode()

    group.permissions.clear()
    assert f'href="{admin}"' not in client.get(reverse("portal:dashboard")).content.decode()


def test_both_menus_mark_the_page_open_and_offer_sign_out(client, volunteer):
    client.force_login(volunteer)
    html = client.get(reverse("portal:device_list")).content.decode()
    assert html.count('aria-current="page">Thiết bị</a>') == 2
    assert html.count(f'action="{reverse("account_logout")}"') == 2


def test_a_choices_label_is_the_one_of_its_value_in_the_readers_language(volunteer, team):
    device = received(volunteer, team)
    device.status = DeviceStatus.NEEDS_REPAIR
    assert device.get_status_display() == "Cần sửa chữa, nâng cấp"
    with translation.override("en"):
        assert device.get_status_display() == "Needs repair or upgrade"
    device.status = "no-such-status"  # a value the choices no longer list shows as it is
    assert device.get_status_display() == "no-such-status"


def test_the_dashboard_counts_the_waiting_work_in_one_query(
    client, coordinator_2fa, volunteer, team
):
    received(volunteer, team)
    client.get(reverse("portal:dashboard"))  # the site's header and footer are kept now

    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("portal:dashboard"))

    assert page.status_code == 200
    counting = [q["sql"] for q in queries if q["sql"].startswith("SELECT (SELECT COUNT(*)")]
    assert len(counting) == 1
    # Support waiting, SIMs expiring, new offers, follow-ups due and failed notices: none
    # is counted on its own any more.
    assert not [q["sql"] for q in queries if q["sql"].startswith('SELECT COUNT(*) AS "__count"')]
    assert len(queries) <= 18


def _target_rows(client, page: str) -> dict[str, str]:
    html = BeautifulSoup(client.get(reverse(page)).content, "html.parser")
    return {
        item.get_text(" ", strip=True).split(":")[0]: item.select_one("span").get_text()
        for item in html.select("#target-heading ~ ul li")
    }


def test_a_handover_and_a_new_target_show_on_the_next_page_that_counts_them(
    client, coordinator_2fa, teacher, school, team
):
    name = team.name
    assert _target_rows(client, "portal:handover_list")[name] == f"0/{MONTHLY_TARGET}"

    pupil = approved(teacher, coordinator_2fa, school, full_name="Lê Thị Hoa")
    handed_over(coordinator_2fa, pupil, team, acknowledgement=(png(), "image/png"))
    assert _target_rows(client, "portal:dashboard")[name] == f"1/{MONTHLY_TARGET}"

    area_target_set(actor=coordinator_2fa, area=team.commune, monthly_per_team=MONTHLY_TARGET + 1)
    assert _target_rows(client, "portal:handover_list")[name] == f"1/{MONTHLY_TARGET + 1}"


def test_a_coordinator_on_no_team_gets_a_dashboard_without_reading_memberships(
    client, coordinator_2fa, team
):
    client.get(reverse("portal:dashboard"))  # their teams (none) are kept now

    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("portal:dashboard"))

    assert "Bạn điều phối toàn địa bàn; bạn chưa là thành viên tổ nào." in page.content.decode()
    assert not [q["sql"] for q in queries if 'FROM "portal_membership"' in q["sql"]]


def test_a_team_joined_after_the_dashboard_was_read_shows_on_the_next_one(
    client, coordinator_2fa, team
):
    client.get(reverse("portal:dashboard"))

    MembershipFactory(team=team, person=coordinator_2fa)

    teams = BeautifulSoup(client.get(reverse("portal:dashboard")).content, "html.parser")
    assert team.name in teams.select_one("#teams-heading").parent.get_text()


def test_the_kept_menus_sign_out_form_carries_each_sessions_own_token(volunteer, leader):
    """The menu is rendered once for many readers; its sign-out form's token is put in for
    each request, so each session signs out with its own (CSRF checks on)."""
    sessions = []
    for person in (volunteer, leader):
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(person)
        html = browser.get(reverse("portal:dashboard")).content.decode()
        form = BeautifulSoup(html, "html.parser").select_one("form[data-sign-out]")
        sessions.append((browser, form.select_one("[name=csrfmiddlewaretoken]")["value"]))

    (first, first_token), (second, second_token) = sessions
    assert first_token != second_token
    assert (
        first.post(reverse("account_logout"), {"csrfmiddlewaretoken": first_token}).status_code
        == 302
    )
    assert first.get(reverse("portal:dashboard")).status_code == 302  # signed out
    assert second.get(reverse("portal:dashboard")).status_code == 200  # still signed in
    assert (
        second.post(reverse("account_logout"), {"csrfmiddlewaretoken": second_token}).status_code
        == 302
    )
