"""A commune is covered when an active youth IT team there has at least one active member;
every place that counts coverage agrees."""

import pytest
from bs4 import BeautifulSoup

from django.urls import reverse
from django.utils import timezone

from portal.models import Area, Membership, Team
from portal.selectors import areas_map, impact, public
from portal.selectors.places import youth_team_coverage
from portal.selectors.report import months_between, report_figures
from portal.services.counters import month_of
from tests.factories import MembershipFactory, TeamFactory, UserFactory
from tests.factories.teams import commune, country, second_city

pytestmark = pytest.mark.django_db

MANNED = "Bát Tràng"
EMPTY = "Đa Tốn"
LEFT = "Kiêu Kỵ"


@pytest.fixture
def teams(gia_lam):
    MembershipFactory(team=TeamFactory(commune=commune(MANNED)))
    TeamFactory(commune=commune(EMPTY))
    MembershipFactory(team=TeamFactory(commune=commune(LEFT)), person__is_active=False)
    return gia_lam


def test_places_and_the_coverage_page_count_only_manned_teams(client, coordinator, teams):
    coverage = youth_team_coverage(teams, areas_map.MAP_2021)

    assert coverage.covered_count == 1
    assert {str(commune.name) for commune in coverage.uncovered} >= {EMPTY, LEFT}
    client.force_login(coordinator)
    page = client.get(reverse("portal:coverage")).content.decode()
    assert "với ít nhất 1 thành viên đang hoạt động" in page


def test_the_public_figures_count_only_manned_teams(teams):
    data = impact.build(chosen=areas_map.MAP_2021)

    assert data["totals"]["communes_covered"] == 1
    covered = {row["name"] for row in data["communes"] if row["covered"]}
    assert covered == {MANNED}


def test_the_teams_directory_marks_only_manned_communes_covered(teams):
    covered = {entry.commune.name for entry in public.teams_directory() if entry.covered}

    assert covered == {MANNED}


def test_a_report_counts_only_manned_teams(teams):
    this_month = month_of(timezone.localdate())
    data = report_figures(teams, months_between(this_month, this_month), chosen=areas_map.MAP_2021)

    assert data["coverage"] == {"covered": 1, "total": 22}
    assert {row["name"] for row in data["communes"] if row["covered"]} == {MANNED}


def test_the_coverage_counts_every_area_the_coordinator_runs(client):
    """Not only the one they were appointed for: a coordinator of Bát Tràng and of Huế's
    Thuận Hóa sees both communes, on the coverage page and on the dashboard."""
    country()
    second_city()
    thuan_hoa = Area.objects.get(name="Thuận Hóa")
    person = UserFactory(coordinated_area=commune(MANNED), groups=["Điều phối viên"])
    person.coordinated_areas.add(thuan_hoa)
    MembershipFactory(team=TeamFactory(commune=thuan_hoa))
    client.force_login(person)

    page = client.get(reverse("portal:coverage")).content.decode()
    dashboard = client.get(reverse("portal:dashboard")).content.decode()

    rows = BeautifulSoup(page, "html.parser").select("tbody th")
    # Bát Tràng of 2021, as today's map shows it (communes of its own), then Thuận Hóa.
    in_bat_trang = [str(unit) for unit in youth_team_coverage(commune(MANNED)).communes]
    assert [row.get_text(strip=True) for row in rows] == [*in_bat_trang, "Phường Thuận Hóa"]
    shown = f"<strong>1/{len(in_bat_trang) + 1}</strong>"  # Thuận Hóa's team, nothing else
    assert shown in page
    assert shown in dashboard


def covered(area) -> int:
    return youth_team_coverage(area, areas_map.MAP_2021).covered_count


def _team_opens(area):
    MembershipFactory(team=TeamFactory(commune=commune(EMPTY)))


def _member_leaves(area):
    Membership.objects.get(team__commune__name=MANNED).delete()


def _member_deactivated(area):
    person = Membership.objects.get(team__commune__name=MANNED).person
    person.is_active = False
    person.save()


def _team_closed(area):
    team = Team.objects.get(commune__name=MANNED)
    team.is_active = False
    team.save()


@pytest.mark.parametrize(
    ("change", "now_covered"),
    [(_team_opens, 2), (_member_leaves, 0), (_member_deactivated, 0), (_team_closed, 0)],
)
def test_the_kept_coverage_is_read_again_once_what_it_counts_changes(
    teams, change, now_covered, django_assert_num_queries
):
    """Kept in the cache (a coordinator's dashboard shows it on every visit), read again
    as soon as a team, a membership or a person changes."""
    assert covered(teams) == 1
    with django_assert_num_queries(0):
        assert covered(teams) == 1

    change(teams)

    assert covered(teams) == now_covered


def test_signing_in_keeps_the_kept_coverage(client, teams, django_assert_num_queries):
    member = Membership.objects.get(team__commune__name=MANNED).person
    assert covered(teams) == 1

    client.force_login(member)  # writes the person's last_login, and nothing coverage reads

    with django_assert_num_queries(0):
        assert covered(teams) == 1
