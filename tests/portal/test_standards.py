from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from django.urls import reverse
from django.utils import translation

from portal import specs
from portal.forms.devices import SpecCheckForm
from portal.models import SpecCheck, SpecStandard
from tests.factories import MembershipFactory, TeamFactory
from tests.factories.devices import BROKEN_PHONE, GOOD_LAPTOP, checked, received

pytestmark = pytest.mark.django_db


def test_the_plans_standards_are_seeded_as_version_one():
    for kind, plan in specs.PLAN_2021.items():
        assert SpecStandard.objects.current_for(kind).to_standard() == plan


def test_coordinator_revises_a_standard_and_old_checks_keep_theirs(
    client, program_coordinator, volunteer, team
):
    old = SpecStandard.objects.current_for("laptop")
    first = checked(volunteer, received(volunteer, team), GOOD_LAPTOP)
    client.force_login(program_coordinator)

    client.post(
        reverse("portal:standard_edit", args=["laptop"]),
        {
            "min_ram_gb": "4",
            "recommended_ram_gb": "8",
            "min_cpu_ghz": "1.0",
            "min_disk_gb": "120",
            "charger_required": "on",
            "note": "Từ năm học 2026–2027",
        },
    )

    new = SpecStandard.objects.current_for("laptop")
    assert (new.version, new.min_ram_gb, new.required_parts) == (
        2,
        Decimal("4.0"),
        old.required_parts,
    )
    assert first.latest_check.standard == old
    second = checked(volunteer, received(volunteer, team), GOOD_LAPTOP)
    assert second.latest_check.standard == new
    assert "Nên nâng RAM lên 8 GB" in second.latest_check.advice
    assert "phiên bản 2" in client.get(reverse("portal:standard_list")).content.decode()


def test_standards_page_shows_the_plans_figures_to_volunteers(client, volunteer):
    client.force_login(volunteer)

    page = client.get(reverse("portal:standard_list")).content.decode()

    assert "Hệ điều hành từ Android 4.4 hoặc iOS 9 trở lên" in page
    assert "Ổ cứng tối thiểu 120 GB" in page
    assert "Dung lượng tối thiểu 2 GB/ngày" in page


def test_device_queue_costs_the_same_queries_for_3_or_40_devices(
    client, volunteer, team, django_assert_max_num_queries
):
    client.force_login(volunteer)
    for _ in range(3):
        received(volunteer, team)
    with django_assert_max_num_queries(25) as few:
        client.get(reverse("portal:device_list"))
    for _ in range(37):
        checked(volunteer, received(volunteer, team), GOOD_LAPTOP)
        received(volunteer, team)

    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("portal:device_list"), {"queue": "all"}).content.decode()
    assert page.count('class="card"') == 30  # one page


def test_other_teams_devices_are_not_counted_in_my_queues(client, volunteer, team, coordinator):
    other = TeamFactory(name="Tổ khác")
    MembershipFactory(team=other)
    received(coordinator, other)
    received(volunteer, team)
    client.force_login(volunteer)

    page = client.get(reverse("portal:device_list")).content.decode()

    assert page.count('class="card"') == 1


def test_sending_the_same_revision_twice_makes_one_version(client, program_coordinator):
    client.force_login(program_coordinator)
    data = {"min_data_gb_per_day": "3", "min_validity_months": "3", "note": "Gói mới"}

    client.post(reverse("portal:standard_edit", args=["sim"]), data)
    client.post(reverse("portal:standard_edit", args=["sim"]), data)

    assert list(SpecStandard.objects.filter(kind="sim").values_list("version", flat=True)) == [2, 1]


# One device of each kind that meets its seeded standard with nothing to advise, and the ways
# each rule can fail: every failure must come with advice on what to do about it.
_HANDHELD_GOOD = {
    "os_name": "android",
    "os_version": "10",
    "ram_gb": Decimal(3),
    "free_storage_gb": Decimal(8),
    "working_parts": frozenset({"speaker", "microphone", "webcam", "headphones"}),
    "has_charger": True,
}
_COMPUTER_GOOD = {
    "os_name": "windows",
    "os_version": "10",
    "ram_gb": Decimal(4),
    "cpu_ghz": Decimal("1.1"),
    "disk_gb": 240,
}
_GOOD = {
    "phone": _HANDHELD_GOOD,
    "tablet": _HANDHELD_GOOD,
    "laptop": {
        **_COMPUTER_GOOD,
        "working_parts": frozenset({"screen", "keyboard", "speaker", "microphone", "webcam"}),
        "has_charger": True,
        "battery_good": True,
    },
    "desktop": {
        **_COMPUTER_GOOD,
        "working_parts": frozenset(
            {"monitor", "mouse", "keyboard", "headphones", "microphone", "webcam"}
        ),
        "uses_wireless": False,
    },
    "sim": {"data_gb_per_day": Decimal(4), "valid_until": date(2026, 12, 31)},
}
_FAILURES = {
    "os missing": {"os_name": None, "os_version": None},
    "os other": {"os_name": "windows"},
    "os version missing": {"os_version": ""},
    "os version unreadable": {"os_version": "mới"},
    "android old": {"os_version": "4.2"},
    "ios old": {"os_name": "ios", "os_version": "8.4"},
    "ram missing": {"ram_gb": None},
    "ram invalid": {"ram_gb": Decimal("NaN")},
    "ram low": {"ram_gb": Decimal(1)},
    "storage missing": {"free_storage_gb": None},
    "storage invalid": {"free_storage_gb": Decimal("NaN")},
    "storage low": {"free_storage_gb": Decimal(1)},
    "cpu missing": {"cpu_ghz": None},
    "cpu invalid": {"cpu_ghz": Decimal("NaN")},
    "cpu low": {"cpu_ghz": Decimal("0.8")},
    "disk missing": {"disk_gb": None},
    "disk invalid": {"disk_gb": "nhiều"},
    "disk low": {"disk_gb": 80},
    "charger unchecked": {"has_charger": None},
    "charger missing": {"has_charger": False},
    "parts unchecked": {"working_parts": None},
    "parts broken": {"working_parts": frozenset()},
    "wifi missing": {"uses_wireless": True},
    "data missing": {"data_gb_per_day": None},
    "data invalid": {"data_gb_per_day": Decimal("NaN")},
    "data low": {"data_gb_per_day": Decimal(1)},
    "validity missing": {"valid_until": None},
    "validity invalid": {"valid_until": "mai"},
    "expired": {"valid_until": date(2025, 12, 31)},
    "validity short": {"valid_until": date(2026, 2, 1)},
}


@pytest.mark.parametrize("kind", list(_GOOD))
def test_every_failing_rule_of_every_kind_comes_with_advice(kind):
    """Each way a device of this kind can fail its standard (the failures that are no rule of
    the kind pass and are left out) comes with advice the volunteer can act on."""
    standard = SpecStandard.objects.current_for(kind).to_standard()
    today = date(2026, 1, 15)
    good = specs.Measurements(**_GOOD[kind])
    assert specs.judge(standard, good, today=today).result == specs.Result.PASS

    failing, without_advice = [], []
    for rule, change in _FAILURES.items():
        verdict = specs.judge(standard, replace(good, **change), today=today)
        if verdict.result == specs.Result.FAIL:
            failing.append(rule)
            if len(verdict.advice) < len(verdict.failures):
                without_advice.append(rule)

    assert failing  # the kind has rules, and this table reaches them
    assert without_advice == []


def test_verdicts_are_labelled_in_the_interface_language(client, volunteer, team):
    device = checked(volunteer, received(volunteer, team, kind="phone"), BROKEN_PHONE)
    client.force_login(volunteer)

    page = client.get(reverse("portal:device_detail", args=[device.pk])).content.decode()

    assert "Chưa đạt" in page
    assert "FAIL" not in page
    with translation.override("en"):
        labels = [label for _value, label in SpecCheck._meta.get_field("result").choices]
        assert [str(label) for label in labels] == ["Passed", "Passed, with advice", "Failed"]


@pytest.mark.parametrize(("kind", "os"), [("phone", "android"), ("laptop", "windows")])
def test_check_form_starts_from_the_usual_system_of_the_kind(volunteer, team, kind, os):
    form = SpecCheckForm(device=received(volunteer, team, kind=kind))

    assert form["os_name"].value() == os
