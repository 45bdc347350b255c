"""Targets belong to areas: an area's own target holds inside it, the nearest one up the
tree wins, and without any the 2021 plan's two devices a team a month."""

import pytest
from bs4 import BeautifulSoup

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.models import Area, AreaTarget
from portal.models.handovers import MONTHLY_TARGET
from portal.selectors.impact import build
from portal.selectors.report import months_between, report_figures
from portal.selectors.students import monthly_targets
from portal.selectors.targets import monthly_target, monthly_targets_of
from tests.factories import TeamFactory, UserFactory, commune
from tests.factories.teams import second_city

pytestmark = pytest.mark.django_db


@pytest.fixture
def areas(db):
    hue = second_city()
    TeamFactory(name="Tổ Thanh niên IT xã Bát Tràng", commune=commune("Bát Tràng"))
    TeamFactory(name="Tổ Thanh niên IT phường Thuận Hóa", commune=hue.get_children().get())
    return {
        "ha_noi": Area.objects.get(kind=Area.Kind.CITY, name="Hà Nội"),
        "bat_trang": commune("Bát Tràng"),
        "co_bi": commune("Cổ Bi"),
        "hue": hue,
    }


def test_without_targets_every_area_has_the_plans(areas):
    assert {name: monthly_target(area) for name, area in areas.items()} == dict.fromkeys(
        areas, MONTHLY_TARGET
    )


def test_a_citys_target_holds_in_its_communes_and_the_nearest_wins(areas):
    AreaTarget.objects.create(area=areas["ha_noi"], monthly_per_team=MONTHLY_TARGET + 3)
    AreaTarget.objects.create(area=areas["bat_trang"], monthly_per_team=MONTHLY_TARGET + 1)

    assert monthly_target(areas["co_bi"]) == MONTHLY_TARGET + 3
    assert monthly_target(areas["bat_trang"]) == MONTHLY_TARGET + 1
    assert monthly_target(areas["hue"]) == MONTHLY_TARGET


def test_an_areas_results_measure_its_teams_against_its_target(areas):
    AreaTarget.objects.create(area=areas["ha_noi"], monthly_per_team=MONTHLY_TARGET + 3)

    ha_noi, hue = build(area=areas["ha_noi"]), build(area=areas["hue"])

    assert ha_noi["this_month"]["target"] == MONTHLY_TARGET + 3
    assert [team["target"] for team in ha_noi["teams"]] == [MONTHLY_TARGET + 3]
    assert [team["name"] for team in ha_noi["teams"]] == ["Tổ Thanh niên IT xã Bát Tràng"]
    assert hue["this_month"]["target"] == MONTHLY_TARGET
    assert [team["name"] for team in hue["teams"]] == ["Tổ Thanh niên IT phường Thuận Hóa"]


def test_the_target_is_one_query(areas, django_assert_num_queries):
    with django_assert_num_queries(1):
        monthly_target(areas["bat_trang"])


def test_the_report_to_the_city_measures_its_teams_against_the_areas_target(areas):
    AreaTarget.objects.create(area=areas["ha_noi"], monthly_per_team=MONTHLY_TARGET + 3)
    months = months_between("2026-09", "2026-10")

    ha_noi = report_figures(areas["ha_noi"], months)
    hue = report_figures(areas["hue"], months)

    assert ha_noi["target_per_team_month"] == MONTHLY_TARGET + 3
    assert [team["target"] for team in ha_noi["teams"]] == [(MONTHLY_TARGET + 3) * 2]
    assert hue["target_per_team_month"] == MONTHLY_TARGET


def test_each_team_on_the_dashboard_is_measured_against_its_areas_target(client, areas):
    """A coordinator of both cities sees Huế's teams against Huế's target and Hà Nội's
    against the plan's; the month's figure adds up every area they run."""
    AreaTarget.objects.create(area=areas["hue"], monthly_per_team=MONTHLY_TARGET + 3)
    person = UserFactory(coordinated_area=areas["ha_noi"], groups=["Điều phối viên"])
    person.coordinated_areas.add(areas["hue"])
    client.force_login(person)

    page = client.get(reverse("portal:dashboard")).content.decode()
    rows = {
        item.get_text(" ", strip=True).split(":")[0]: item.select_one("span").get_text()
        for item in BeautifulSoup(page, "html.parser").select("#target-heading ~ ul li")
    }

    assert rows == {
        "Tổ Thanh niên IT xã Bát Tràng": f"0/{MONTHLY_TARGET}",
        "Tổ Thanh niên IT phường Thuận Hóa": f"0/{MONTHLY_TARGET + 3}",
    }


def test_the_monthly_targets_take_the_same_queries_however_many_communes_have_teams(areas):
    """One query for the targets of every commune a coordinator's teams are in, not one a
    commune: the dashboard and the handover list stay as quick for a city as for a commune."""
    AreaTarget.objects.create(area=areas["co_bi"], monthly_per_team=MONTHLY_TARGET + 1)
    person = UserFactory(coordinated_area=areas["ha_noi"], groups=["Điều phối viên"])
    person.coordinated_areas.add(areas["hue"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            monthly_targets(person)
        return len(captured)

    monthly_targets(person)  # what is read once a process (content types) read already
    two_communes = queries()
    TeamFactory(name="Tổ Thanh niên IT xã Cổ Bi", commune=areas["co_bi"])
    TeamFactory(name="Tổ Thanh niên IT xã Đa Tốn", commune=commune("Đa Tốn"))

    assert queries() == two_communes
    assert {row.team.name: row.target for row in monthly_targets(person).teams} == {
        "Tổ Thanh niên IT xã Bát Tràng": MONTHLY_TARGET,
        "Tổ Thanh niên IT phường Thuận Hóa": MONTHLY_TARGET,
        "Tổ Thanh niên IT xã Cổ Bi": MONTHLY_TARGET + 1,
        "Tổ Thanh niên IT xã Đa Tốn": MONTHLY_TARGET,
    }


def test_the_targets_of_many_areas_are_each_areas_own_in_one_query(
    areas, django_assert_num_queries
):
    AreaTarget.objects.create(area=areas["ha_noi"], monthly_per_team=MONTHLY_TARGET + 3)
    AreaTarget.objects.create(area=areas["bat_trang"], monthly_per_team=MONTHLY_TARGET + 1)

    with django_assert_num_queries(1):
        found = monthly_targets_of(list(areas.values()))

    assert found == {area.pk: monthly_target(area) for area in areas.values()}


def test_the_targets_box_is_kept_in_each_readers_language_and_not_shown_without_teams(
    client, areas
):
    """The box is kept rendered (portal/templatetags/monthly_targets.py): a reader who
    switches language reads it in theirs, and someone with no youth team and no area gets
    no empty box."""
    person = UserFactory(coordinated_area=areas["ha_noi"], groups=["Điều phối viên"])
    client.force_login(person)

    def heading(path: str) -> str:
        found = BeautifulSoup(client.get(path).content.decode(), "html.parser")
        return found.select_one("#target-heading").get_text()

    vietnamese = reverse("portal:dashboard")
    assert heading(vietnamese) == f"Chỉ tiêu: ít nhất {MONTHLY_TARGET} thiết bị mỗi tháng"
    english = vietnamese.replace("/portal/", "/en/portal/", 1)
    assert heading(english) == f"Target: at least {MONTHLY_TARGET} devices a month"
    assert heading(vietnamese) == f"Chỉ tiêu: ít nhất {MONTHLY_TARGET} thiết bị mỗi tháng"

    client.force_login(UserFactory())  # no team, no area
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert "target-heading" not in page
