"""Areas over time: the 2025 map shipped from the data package, the old units kept with the
units they became, and every figure by commune readable on either map without losing or
doubling a record."""

import json
import logging
from datetime import date

import pytest

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal import areas_package
from portal.models import Area, AreaSuccessor, Counter, Device, Placement, Team
from portal.models.counters import ALL_TIME
from portal.selectors import areas_map, impact
from portal.selectors.places import youth_team_coverage
from portal.selectors.report import months_between, report_figures
from portal.services.counters import month_of
from portal.services.placements import records_place
from portal.services.recount import counters_recount, maps_agree
from tests.factories import MembershipFactory, TeamFactory, UserFactory
from tests.factories.devices import received
from tests.factories.teams import commune
from tests.portal.test_places import GIA_LAM_2021

pytestmark = pytest.mark.django_db

TWO_LEVELS = date(2025, 7, 1)
# Old Gia Lâm communes by what became of them in the package's conversion.
WHOLE = {"Kiêu Kỵ": "Gia Lâm", "Lệ Chi": "Thuận An", "Ninh Hiệp": "Phù Đổng"}
MERGED_EARLIER = {"Đình Xuyên": "Phù Đổng", "Văn Đức": "Bát Tràng"}  # via Thiên Đức, Kim Đức
SPLIT = {"Đa Tốn": {"Bát Tràng", "Gia Lâm"}, "Đặng Xá": {"Phù Đổng", "Thuận An"}}


def ha_noi() -> Area:
    return Area.objects.get(level=Area.Level.PROVINCE, code="01")


def current(name: str) -> Area:
    return Area.objects.get(path__startswith=ha_noi().path, name=name, valid_to__isnull=True)


def test_the_migration_ships_ha_noi_s_126_current_units_from_the_package():
    city = ha_noi()
    units = Area.objects.filter(path__startswith=city.path, level=Area.Level.COMMUNE)

    shipped = {(a.code, a.name, a.kind) for a in units.filter(valid_to__isnull=True)}
    assert shipped == {(u.code, u.name, u.kind) for u in areas_package.communes("01")}
    assert len(shipped) == 126
    assert set(units.filter(valid_to__isnull=True).values_list("valid_from", flat=True)) == {
        TWO_LEVELS
    }
    assert city.get_parent().level == Area.Level.COUNTRY
    assert Area.find_problems() == ([], [], [], [], [])


def test_gia_lam_s_2021_communes_are_closed_and_linked_to_what_they_became(gia_lam):
    old = list(gia_lam.get_children())

    assert {(area.kind, area.name) for area in old} == GIA_LAM_2021
    assert gia_lam.level == Area.Level.DISTRICT
    assert gia_lam.valid_to == TWO_LEVELS
    assert {area.valid_to for area in old} == {TWO_LEVELS}
    # Each has at least one successor, all of them units in force.
    links = AreaSuccessor.objects.filter(old__in=old).select_related("new")
    assert {link.old_id for link in links} == {area.pk for area in old}
    assert all(link.new.is_current for link in links)
    assert commune("Bát Tràng").code == "00583"  # the GSO code of 2021, kept


def test_the_shipped_data_file_is_the_package_s(tmp_path):
    out = tmp_path / "hanoi.json"
    call_command("area_data_file", out=out, stdout=open("/dev/null", "w"))  # noqa: SIM115

    shipped = (
        areas_map.__file__.rsplit("/selectors/", 1)[0] + "/data/hanoi_2025.json"  # portal/data
    )
    assert json.loads(out.read_text()) == json.loads(open(shipped).read())  # noqa: SIM115


def test_load_areas_adds_another_province_once(capsys):
    call_command("load_areas", "48")
    da_nang = Area.objects.get(level=Area.Level.PROVINCE, code="48")
    units = Area.objects.filter(path__startswith=da_nang.path, level=Area.Level.COMMUNE)
    first = units.count()
    call_command("load_areas", "48", "01")

    assert first == len(areas_package.communes("48"))
    assert units.count() == first
    assert ha_noi().get_children().filter(valid_to__isnull=True).count() == 126
    assert da_nang.get_parent() == ha_noi().get_parent()
    assert Area.find_problems() == ([], [], [], [], [])
    assert "0 added" in capsys.readouterr().out.splitlines()[-1]


def test_the_one_function_maps_old_units_to_current_ones():
    for old, new in {**WHOLE, **MERGED_EARLIER}.items():
        assert areas_map.current_unit(commune(old)) == current(new)
    for old, parts in SPLIT.items():
        assert areas_map.current_unit(commune(old)) is None  # waits for a coordinator
        assert areas_map.current_unit(commune(old), address=f"Thôn 2, xã {min(parts)}") == (
            current(min(parts))
        )
    assert areas_map.current_unit(current("Thuận An")) == current("Thuận An")


@pytest.fixture
def records(coordinator, team, gia_lam):
    """A device received under each of Gia Lâm's 22 communes of 2021."""
    for area in gia_lam.get_children():
        received(coordinator, team, commune=area)
    return Device.objects.all()


def _month() -> list[str]:
    this_month = month_of(timezone.localdate())
    return months_between(this_month, this_month)


def test_every_record_under_an_old_commune_appears_under_exactly_one_new_one(
    coordinator, gia_lam, records
):
    counted = "devices_received"
    by_2021 = report_figures(gia_lam, _month(), chosen=areas_map.MAP_2021)
    now = report_figures(gia_lam, _month())

    assert {row["name"] for row in by_2021["communes"]} == {name for _k, name in GIA_LAM_2021}
    assert all(row[counted] == 1 for row in by_2021["communes"])
    assert by_2021["unplaced"] is None
    rows = {row["name"]: row[counted] for row in now["communes"]}
    assert set(rows) == {"Gia Lâm", "Thuận An", "Bát Tràng", "Phù Đổng", "Phúc Lợi", "Long Biên"}
    split = [area for area in gia_lam.get_children() if areas_map.current_unit(area) is None]
    assert now["unplaced"][counted] == len(split) == 8
    assert sum(rows.values()) + now["unplaced"][counted] == records.count()

    # A coordinator places each split commune's records: then every one is under one unit.
    for area in split:
        records_place(
            actor=coordinator,
            old_unit=area,
            model=Device,
            area=Area.objects.get(pk=areas_map.succession().parts(area.pk)[0]),
        )
    placed = report_figures(gia_lam, _month())
    assert placed["unplaced"] is None
    assert sum(row[counted] for row in placed["communes"]) == records.count()
    steps, where = areas_map.succession(), areas_map.placements()
    for device in records:
        homes = {steps.current_unit(device.commune_id)} - {None}
        homes |= {area for (_ct, pk), area in where.items() if pk == device.pk}
        assert len(homes) == 1


def test_grouping_by_map_costs_the_same_queries_whatever_the_records(coordinator, gia_lam, team):
    def queries(chosen: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            report_figures(gia_lam, _month(), chosen=chosen)
            impact.build(chosen=chosen)
        return len(captured)

    few = {chosen: queries(chosen) for chosen in areas_map.MAPS}
    for name in ("Đa Tốn", "Kiêu Kỵ", "Đặng Xá", "Bát Tràng"):
        received(coordinator, team, commune=commune(name))
    records_place(
        actor=coordinator, old_unit=commune("Đa Tốn"), model=Device, area=current("Gia Lâm")
    )
    MembershipFactory(team=TeamFactory(commune=commune("Cổ Bi"), meeting_place="Phúc Lợi"))

    assert {chosen: queries(chosen) for chosen in areas_map.MAPS} == few


def test_the_public_results_and_coverage_read_either_map(client, coordinator, gia_lam):
    MembershipFactory(team=TeamFactory(commune=commune("Kiêu Kỵ")))
    MembershipFactory(team=TeamFactory(commune=commune("Đặng Xá"), name="Tổ Đặng Xá"))

    assert {row["name"] for row in impact.build(chosen=areas_map.MAP_2021)["communes"]} == {
        name for _kind, name in GIA_LAM_2021
    }
    today = impact.build()
    assert {row["name"] for row in today["communes"] if row["covered"]} == {"Gia Lâm"}
    assert json.loads(client.get("/api/impact.json?ban-do=2021").content)["map"] == "2021"
    coverage = youth_team_coverage(gia_lam)
    assert [team.name for team in coverage.unplaced_teams] == ["Tổ Đặng Xá"]
    client.force_login(coordinator)
    page = client.get(reverse("portal:coverage") + "?ban-do=2021").content.decode()
    assert "Xã Đặng Xá" in page
    page = client.get(reverse("portal:coverage")).content.decode()
    assert "Xã Thuận An" in page
    assert "Tổ Đặng Xá" in page  # listed to be placed, not dropped


def test_a_coordinator_places_the_records_of_a_split_commune(client, coordinator, team):
    received(coordinator, team, commune=commune("Đa Tốn"))
    client.force_login(coordinator)

    page = client.get(reverse("portal:placements")).content.decode()
    assert "Xã Đa Tốn" in page
    assert "Xã Kiêu Kỵ" not in page  # went whole: nothing to place
    response = client.post(
        reverse("portal:placements"),
        {"unit": commune("Đa Tốn").pk, "kind": "device", "area": current("Thuận An").pk},
        follow=True,
    )
    assert "Hãy chọn một xã mới nhận phần của Xã Đa Tốn" in response.content.decode()
    assert not Placement.objects.exists()
    client.post(
        reverse("portal:placements"),
        {"unit": commune("Đa Tốn").pk, "kind": "device", "area": current("Bát Tràng").pk},
    )
    assert Placement.objects.get().area == current("Bát Tràng")


def test_only_the_coordinator_of_the_area_places_records(client, volunteer, team):
    elsewhere = UserFactory(
        coordinated_area=current("Thuận An"), groups=["Điều phối viên"]
    )  # a coordinator of a unit outside old Gia Lâm
    client.force_login(volunteer)
    assert client.get(reverse("portal:placements")).status_code == 403
    client.force_login(elsewhere)
    client.post(
        reverse("portal:placements"),
        {"unit": commune("Đa Tốn").pk, "kind": "team", "area": current("Bát Tràng").pk},
    )
    assert not Placement.objects.exists()


def test_the_recount_proves_both_maps_give_the_same_totals(coordinator, team, caplog):
    for name in ("Đa Tốn", "Kiêu Kỵ", "Bát Tràng"):
        received(coordinator, team, commune=commune(name))
    counters_recount()

    assert maps_agree() == []
    # A counter of the district that no longer matches its communes is a drift, logged.
    Counter.objects.filter(
        area=commune("Kiêu Kỵ").get_parent(), key="devices_received", period=ALL_TIME
    ).update(value=99)
    with caplog.at_level(logging.ERROR):
        drifts = maps_agree()
    assert [(d.area, d.key, d.counted, d.by_2021, d.current) for d in drifts] == [
        ("Huyện Gia Lâm", "devices_received", 99, 3, 3)
    ]
    assert "Map drift" in caplog.text


def test_a_team_s_meeting_place_says_which_part_of_a_split_commune_it_is_in(gia_lam):
    MembershipFactory(
        team=TeamFactory(commune=commune("Cổ Bi"), meeting_place="Nhà văn hóa, phường Phúc Lợi")
    )

    coverage = youth_team_coverage(gia_lam)
    assert {area.name for area in coverage.communes if area.youth_teams} == {"Phúc Lợi"}
    assert Team.objects.get().commune == commune("Cổ Bi")  # the record keeps its unit


def test_a_team_placed_shows_in_the_kept_coverage_at_once(coordinator, gia_lam):
    """The coverage is kept in the cache, and placements are written in bulk (no signal):
    placing a team still shows it covering its new unit on the next read."""
    MembershipFactory(team=TeamFactory(commune=commune("Đặng Xá"), name="Tổ Đặng Xá"))
    before = youth_team_coverage(gia_lam)
    assert [team.name for team in before.unplaced_teams] == ["Tổ Đặng Xá"]

    records_place(
        actor=coordinator, old_unit=commune("Đặng Xá"), model=Team, area=current("Thuận An")
    )

    after = youth_team_coverage(gia_lam)
    assert after.unplaced_teams == []
    assert {area.name for area in after.communes if area.youth_teams} == {"Thuận An"}
