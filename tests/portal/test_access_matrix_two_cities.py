"""The access matrix across programs: two cities in one deployment.

A coordinator runs one or more areas at any level and sees what lies inside them, nothing
else: Hà Nội's coordinator sees nothing of Huế and Huế's nothing of Hà Nội; the country's
sees both; a commune's only that commune; one who runs a commune in each city sees those two.
The objects are those of `test_access_matrix` (our team in Bát Tràng, another in Cổ Bi),
plus one in Huế's ward Thuận Hóa ("far"). The second-factor rule stays as it is.
"""

from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

import pytest

from django.urls import reverse

from portal import access
from portal.models import Area, Report, SpecStandard
from portal.services.training import training_record
from tests.factories import (
    MembershipFactory,
    SchoolFactory,
    SuperuserFactory,
    TeamFactory,
    UserFactory,
    commune,
)
from tests.factories.desk import offered, requested
from tests.factories.devices import received
from tests.factories.signing_in import authenticator_for, with_second_factor
from tests.factories.students import approved, handed_over, proposed
from tests.factories.teams import country, second_city
from tests.portal.test_access_matrix import MATRIX, portal_url

pytestmark = pytest.mark.django_db

SIDES = ["own", "other", "far"]  # Bát Tràng and Cổ Bi (Hà Nội), Thuận Hóa (Huế)
# Who runs what, and which sides they see.
COORDINATORS = {
    "ha_noi": (["Hà Nội"], {"own", "other"}),
    "hue": (["Huế"], {"far"}),
    "country": (["Việt Nam"], {"own", "other", "far"}),
    "bat_trang": (["Bát Tràng"], {"own"}),
    "bat_trang_and_thuan_hoa": (["Bát Tràng", "Thuận Hóa"], {"own", "far"}),
}
# One page per kind of object a coordinator reaches through their area.
PAGES = [
    "team_detail",
    "person_detail",
    "device_detail",
    "student_detail",
    "handover_detail",
    "offer_detail",
    "support_detail",
    "report_detail",
    "training_detail",
]
LISTS = ["team_list", "device_list", "student_list", "offer_list", "support_list", "person_list"]


@pytest.fixture
def cities(db):
    """The country, Hà Nội (with Gia Lâm) and Huế, built before anything that reads a path."""
    return country(), second_city()


@pytest.fixture
def area_named(cities):
    return lambda name: Area.objects.filter(name=name).order_by("-depth").first()


@pytest.fixture
def teams(cities):
    return {
        "own": TeamFactory(name="Tổ Thanh niên IT xã Bát Tràng", commune=commune("Bát Tràng")),
        "other": TeamFactory(name="Tổ Thanh niên IT xã Cổ Bi", commune=commune("Cổ Bi")),
        "far": TeamFactory(
            name="Tổ Thanh niên IT phường Thuận Hóa", commune=Area.objects.get(name="Thuận Hóa")
        ),
    }


def coordinator_of(area_named, *names: str, first_name="Điều phối"):
    """A coordinator appointed for the first area who runs all of them."""
    areas = [area_named(name) for name in names]
    person = UserFactory(
        first_name=first_name, coordinated_area=areas[0], groups=["Điều phối viên"]
    )
    person.coordinated_areas.add(*areas)
    return person


@pytest.fixture
def builder(cities, area_named, teams):
    """Builds one object of a kind in one side's commune, as the country's coordinator (who
    may act everywhere) does through the real services."""
    actor = with_second_factor(coordinator_of(area_named, "Việt Nam", first_name="Quốc gia"))

    def build(side: str, kind: str):
        team = teams[side]
        school = SchoolFactory(commune=team.commune)
        made = {
            "team": lambda: team,
            "person": lambda: MembershipFactory(team=team, person__first_name=f"Bình {side}"),
            "device": lambda: received(actor, team, serial=f"SERIAL-{side}"),
            "student": lambda: proposed(actor, school, full_name=f"Đề Xuất {side}"),
            "handover": lambda: handed_over(
                actor, approved(actor, actor, school, full_name=f"Học Sinh {side}"), team
            ),
            "offer": lambda: offered(team.commune, donor_name=f"Nhà {side}"),
            "support": lambda: requested(team.commune, name=f"Phụ {side}"),
            "report": lambda: Report.objects.create(
                area=team.commune, first_month="2026-10", last_month="2026-10", requested_by=actor
            ),
            "training": lambda: training_record(
                actor=actor,
                fields={
                    "kind": "volunteer_skills",
                    "held_on": date(2026, 11, 1),
                    "place": f"Nhà văn hóa {side}",
                    "commune": team.commune,
                    "team": team,
                    "topic": "Cài hệ điều hành",
                    "minutes": 60,
                    "head_count": 4,
                },
                trainers=[actor],
            ),
        }[kind]()
        return made.person if kind == "person" else made

    return build


def cases():
    for name in PAGES:
        for role in COORDINATORS:
            for side in SIDES:
                yield pytest.param(name, role, side, id=f"{name}-{role}-{side}")


def test_the_pages_here_are_those_a_coordinator_reaches_elsewhere_in_the_matrix():
    for name in PAGES:
        assert "coordinator" in MATRIX[name].other, name


@pytest.mark.parametrize(("name", "role", "side"), list(cases()))
def test_a_coordinator_sees_inside_their_areas_only(client, area_named, builder, name, role, side):
    names, sees = COORDINATORS[role]
    target = builder(side, MATRIX[name].target)
    with_second_factor(coordinator_of(area_named, *names), client)

    response = client.get(portal_url(name, target))

    if side in sees:
        assert response.status_code == 200
    else:
        assert response.status_code in (403, 404)
        assert str(target) not in response.content.decode()


@pytest.mark.parametrize("role", list(COORDINATORS))
def test_every_list_holds_the_coordinators_areas_only(client, area_named, builder, role):
    names, sees = COORDINATORS[role]
    shown = {
        "team_list": lambda side: builder(side, "team").name,
        "device_list": lambda side: builder(side, "device").asset_code,
        "student_list": lambda side: builder(side, "student").full_name,
        "offer_list": lambda side: builder(side, "offer").reference,
        "support_list": lambda side: builder(side, "support").reference,
        "person_list": lambda side: builder(side, "person").get_full_name(),
    }
    marks = {name: {side: shown[name](side) for side in SIDES} for name in LISTS}
    with_second_factor(coordinator_of(area_named, *names), client)

    for name in LISTS:
        page = client.get(reverse(f"portal:{name}")).content.decode()
        found = {side for side, mark in marks[name].items() if mark in page}
        # What gave a leaked record away, said in the failure itself.
        leaks = {
            side: page[max(0, page.index(marks[name][side]) - 300) :][:400] for side in found - sees
        }
        assert found == sees, (name, leaks)


def test_a_city_coordinator_still_steps_up_before_a_childs_record(client, area_named, builder):
    student = builder("own", "student")
    person = coordinator_of(area_named, "Hà Nội")
    authenticator_for(person)
    client.force_login(person)  # the password only, in this session
    url = portal_url("student_detail", student)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('mfa_reauthenticate')}?{urlencode({'next': url})}"


def test_the_areas_are_read_once_per_request_however_many(
    area_named, cities, django_assert_num_queries
):
    """Every scope derives from one set, read once for the user object (as a request
    loads it), which also gives the area they were appointed for."""
    person = coordinator_of(area_named, "Bát Tràng", "Thuận Hóa", "Cổ Bi")
    person = type(person).objects.get(pk=person.pk)

    with django_assert_num_queries(1):
        first = [area.name for area in access.coordinated_areas(person)]
        access.coordinated_areas(person)
        appointed = person.coordinated_area.name

    assert sorted(first) == ["Bát Tràng", "Cổ Bi", "Thuận Hóa"]
    assert appointed == "Bát Tràng"


def test_an_area_inside_another_of_ones_areas_adds_nothing(area_named, cities):
    person = coordinator_of(area_named, "Hà Nội", "Bát Tràng")

    assert [area.name for area in access.coordinated_areas(person)] == ["Hà Nội"]


def test_the_appointed_area_is_always_in_the_set(area_named, cities):
    person = UserFactory(coordinated_area=area_named("Huế"))

    assert list(person.coordinated_areas.values_list("name", flat=True)) == ["Huế"]


# The program-wide minimums hold in both cities: only the country's coordinator revises them.
REVISES_PROGRAM_STANDARDS = {"ha_noi": False, "hue": False, "country": True, "bat_trang": False}


@pytest.mark.parametrize(("role", "allowed"), list(REVISES_PROGRAM_STANDARDS.items()))
def test_only_the_countrys_coordinator_revises_the_program_standard(
    client, area_named, cities, role, allowed
):
    names, _sees = COORDINATORS[role]
    with_second_factor(coordinator_of(area_named, *names), client)
    url = reverse("portal:standard_edit", args=["laptop"])
    raised = {"min_ram_gb": "8", "min_cpu_ghz": "1.0", "min_disk_gb": "120"}

    shown = client.get(url)
    sent = client.post(url, raised)

    in_force = SpecStandard.objects.current_for("laptop")
    assert (in_force.min_ram_gb == Decimal(8)) is allowed
    if allowed:
        assert (shown.status_code, sent.status_code) == (200, 302)
    else:
        assert (shown.status_code, sent.status_code) == (403, 403)
        assert url not in client.get(reverse("portal:standard_list")).content.decode()


def test_a_superuser_revises_the_program_standard(client, cities):
    client.force_login(SuperuserFactory())

    client.post(
        reverse("portal:standard_edit", args=["sim"]),
        {"min_data_gb_per_day": "3", "min_validity_months": "3"},
    )

    assert SpecStandard.objects.current_for("sim").min_data_gb_per_day == Decimal(3)


# The 2021 district of Gia Lâm was abolished on 1 July 2025. Its coordinator keeps every
# team made under its 2021 communes (also where today's map shows them under a new unit),
# but not the teams of today's units it went into: several of them (Long Biên, Phúc Lợi)
# took land from other districts too, and the history kept says only where Gia Lâm's units
# went, so no unit of today can be proved to have come from it alone. A coordinator of
# today's communes is appointed for them as for any other area (several areas, one person).
ABOLISHED_DISTRICT = {
    # (the team's unit, of 2021 or of today): whether the coordinator edits the team
    ("Dương Xá", "2021"): True,
    ("Trâu Quỳ", "2021"): True,  # split between today's Bát Tràng and Gia Lâm
    ("Gia Lâm", "today"): False,
    ("Bát Tràng", "today"): False,
    ("Long Biên", "today"): False,
}


def unit(name: str, map_: str) -> Area:
    if map_ == "2021":
        return commune(name)
    return Area.objects.get(name=name, valid_to__isnull=True, kind__in=Area.GRASSROOTS)


def gia_lam_2021() -> Area:
    return Area.objects.get(name="Gia Lâm", kind=Area.Kind.DISTRICT)


@pytest.mark.parametrize(("place", "manages"), list(ABOLISHED_DISTRICT.items()))
def test_the_coordinator_of_an_abolished_district_keeps_its_own_teams_only(
    client, cities, place, manages
):
    team = TeamFactory(name="Tổ Thanh niên IT thử", commune=unit(*place))
    person = UserFactory(coordinated_area=gia_lam_2021(), groups=["Điều phối viên"])
    person.coordinated_areas.add(gia_lam_2021())
    with_second_factor(person, client)

    edit = client.get(reverse("portal:team_edit", args=[team.pk]))

    assert access.can_manage_team(person, team) is manages
    assert edit.status_code == (200 if manages else 404)


def test_appointed_for_todays_communes_too_they_manage_their_teams(client, cities):
    todays_gia_lam = unit("Gia Lâm", "today")
    team = TeamFactory(name="Tổ Thanh niên IT xã Gia Lâm", commune=todays_gia_lam)
    person = UserFactory(coordinated_area=gia_lam_2021(), groups=["Điều phối viên"])
    person.coordinated_areas.add(gia_lam_2021(), todays_gia_lam)
    with_second_factor(person, client)

    assert client.get(reverse("portal:team_edit", args=[team.pk])).status_code == 200
