import pytest
from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import F

from wagtail.models import Site, TaskState

from home.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from portal import access
from portal.models import HOLDS_DATA, DataWipe, Device, Fund, Team
from portal.selectors import areas_map
from portal.selectors.fund import open_fund_figures
from portal.selectors.places import youth_team_coverage

pytestmark = pytest.mark.django_db


def test_builds_demo_site_and_accounts_and_prints_their_passwords(client, capsys):
    call_command("load_initial_data")

    printed = capsys.readouterr().out
    for account in DEMO_ACCOUNTS:
        assert account.email in printed
        assert client.login(email=account.email, password=DEMO_PASSWORD)
        assert EmailAddress.objects.get(email=account.email).verified
    home = Site.objects.get(is_default_site=True).root_page.specific
    assert "Thanh niên IT" in client.get("/").content.decode()
    assert home.live


def test_running_twice_changes_nothing(client):
    call_command("load_initial_data")
    users, teams = get_user_model().objects.count(), Team.objects.count()
    revisions = Site.objects.get(is_default_site=True).root_page.revisions.count()

    call_command("load_initial_data")

    assert get_user_model().objects.count() == users
    assert Team.objects.count() == teams
    assert Site.objects.get(is_default_site=True).root_page.revisions.count() == revisions


def test_each_role_gets_what_it_needs():
    call_command("load_initial_data")
    users = {user.email: user for user in get_user_model().objects.all()}
    coordinator, leader, volunteer, teacher, editor, admin = (
        users[account.email] for account in DEMO_ACCOUNTS
    )

    assert coordinator.is_coordinator
    assert not coordinator.is_superuser
    assert coordinator.has_perm("wagtailadmin.access_admin")
    assert coordinator.has_perm("portal.change_school")
    assert leader.memberships.get().role == "leader"
    assert volunteer.memberships.count() == 2
    assert teacher.memberships.get().team.kind == "teacher_it"
    assert editor.has_perm("wagtailadmin.access_admin")
    assert not editor.has_perm("portal.change_school")
    assert admin.is_superuser
    assert not volunteer.has_perm("wagtailadmin.access_admin")
    # Editors submit, the coordinator approves: one article is waiting for them.
    [waiting] = TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS)
    article = waiting.workflow_state.content_object
    assert not article.live
    assert waiting.workflow_state.requested_by == editor
    assert waiting.task.specific.get_actions(article, coordinator)
    assert not waiting.task.specific.get_actions(article, editor)
    assert not article.permissions_for_user(editor).can_publish()


def test_demo_leaves_communes_without_a_youth_team(gia_lam):
    call_command("load_initial_data")

    coverage = youth_team_coverage(gia_lam, areas_map.MAP_2021)

    assert coverage.total == 22
    assert 0 < len(coverage.uncovered) < 22
    assert "Lệ Chi" in {commune.name for commune in coverage.uncovered}  # its team is inactive


def test_demo_shows_ha_noi_by_its_2025_communes_and_gia_lam_s_2021_history(client, gia_lam):
    call_command("load_initial_data")

    today = youth_team_coverage(gia_lam)
    assert {area.name for area in today.communes} == {
        "Gia Lâm",
        "Thuận An",
        "Bát Tràng",
        "Phù Đổng",
        "Phúc Lợi",
        "Long Biên",
    }
    assert not today.unplaced_teams  # the demo coordinator placed the split communes' teams
    results = client.get("/ket-qua/").content.decode()
    assert "Xã Thuận An" in results
    assert "Xã Trung Mầu" not in results
    in_2021 = client.get("/ket-qua/?ban-do=2021").content.decode()
    assert "Xã Trung Mầu" in in_2021
    assert "Xã Thuận An" not in in_2021


def test_refuses_where_demo_content_is_switched_off(settings):
    settings.DEMO_CONTENT_ALLOWED = False

    with pytest.raises(CommandError, match="DJANGO_DEMO_CONTENT"):
        call_command("load_initial_data")
    assert not get_user_model().objects.exists()


def test_the_demo_has_two_cities_each_coordinator_seeing_their_own(client):
    call_command("load_initial_data")
    ha_noi, hue = (
        get_user_model().objects.get(email=f"{mailbox}@demo.maytinhcu.vn")
        for mailbox in ("dieuphoi", "dieuphoi.hue")
    )
    in_hue = Device.objects.filter(commune__name="Thuận Hóa")
    assert in_hue.exists()
    assert set(access.devices_visible_to(hue)) == set(in_hue)
    assert not access.devices_visible_to(ha_noi).filter(pk__in=in_hue).exists()
    assert access.devices_visible_to(ha_noi).exists()
    assert client.login(email=hue.email, password=DEMO_PASSWORD)
    client.logout()
    for address in ("/ket-qua/ha-noi/", "/ket-qua/hue/", "/ket-qua/hue/thuan-hoa/"):
        assert client.get(address).status_code == 200, address
    # Hà Nội's places are today's communes; the 2021 district is on the 2021 map only.
    ha_noi_today = client.get("/ket-qua/ha-noi/").content.decode()
    for place in ("bat-trang", "gia-lam", "thuan-an", "phu-dong"):
        assert f'href="/ket-qua/ha-noi/{place}/"' in ha_noi_today, place
    assert "gia-lam-den-2025" not in ha_noi_today
    ha_noi_2021 = client.get("/ket-qua/ha-noi/?ban-do=2021").content.decode()
    assert 'href="/ket-qua/ha-noi/gia-lam-den-2025/?ban-do=2021"' in ha_noi_2021


def test_no_demo_device_that_holds_data_went_out_without_a_wipe_record():
    call_command("load_initial_data")
    out = Device.objects.filter(
        kind__in=HOLDS_DATA,
        status__in=["ready", "reserved", "handed_over", "to_liquidate", "liquidated"],
    )

    assert out.filter(status="ready").exists()
    assert out.filter(status="handed_over").exists()
    assert out.filter(status="liquidated").exists()
    assert not out.filter(wipe__isnull=True).exists()
    assert not DataWipe.objects.filter(wiped_by=F("verified_by")).exists()


def test_the_demo_open_fund_page_adds_up_to_the_ledger_in_both_languages(client):
    call_command("load_initial_data")
    figures = open_fund_figures()
    balance = sum(Fund.objects.values_list("balance_vnd", flat=True))

    assert figures["balance_vnd"] == balance > 0
    assert figures["spent_vnd"] > 0  # money goes out too
    assert 'href="/quy-minh-bach/"' in client.get("/").content.decode()  # in the menu
    shown = f"{balance:,}".replace(",", ".") + "&nbsp;₫"
    assert shown in client.get("/quy-minh-bach/").content.decode()
    english = client.get("/en/quy-minh-bach/").content.decode()
    assert "Money in by month" in english
    assert shown in english
