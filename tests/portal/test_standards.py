from decimal import Decimal

import pytest

from django.urls import reverse

from portal import specs
from portal.models import SpecStandard
from tests.factories import MembershipFactory, TeamFactory
from tests.factories.devices import GOOD_LAPTOP, checked, received

pytestmark = pytest.mark.django_db


def test_the_plans_standards_are_seeded_as_version_one():
    for kind, plan in specs.PLAN_2021.items():
        assert SpecStandard.objects.current_for(kind).to_standard() == plan


def test_coordinator_revises_a_standard_and_old_checks_keep_theirs(
    client, coordinator, volunteer, team
):
    old = SpecStandard.objects.current_for("laptop")
    first = checked(volunteer, received(volunteer, team), GOOD_LAPTOP)
    client.force_login(coordinator)

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


def test_sending_the_same_revision_twice_makes_one_version(client, coordinator):
    client.force_login(coordinator)
    data = {"min_data_gb_per_day": "3", "min_validity_months": "3", "note": "Gói mới"}

    client.post(reverse("portal:standard_edit", args=["sim"]), data)
    client.post(reverse("portal:standard_edit", args=["sim"]), data)

    assert list(SpecStandard.objects.filter(kind="sim").values_list("version", flat=True)) == [2, 1]
