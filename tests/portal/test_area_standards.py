"""An area's coordinator raises the program's minimums and sets the monthly target for the
areas they run, never for another's, and never below the program-wide minimum."""

from decimal import Decimal

import pytest

from django.urls import reverse

from portal import specs
from portal.models import Area, AreaTarget, AuditEvent, SpecStandard
from portal.selectors.targets import monthly_target
from tests.factories import TeamFactory, UserFactory, commune
from tests.factories.devices import GOOD_LAPTOP, checked, received
from tests.factories.signing_in import with_second_factor
from tests.factories.teams import country, second_city

pytestmark = pytest.mark.django_db

LAPTOP = {"min_ram_gb": "8", "min_cpu_ghz": "1.0", "min_disk_gb": "120"}


@pytest.fixture
def cities(db):
    return country(), second_city()


def coordinator_of(name: str):
    area = Area.objects.filter(name=name).order_by("-depth").first()
    return UserFactory(
        first_name=f"Điều phối {name}", coordinated_area=area, groups=["Điều phối viên"]
    )


@pytest.fixture
def hue_coordinator(client, cities):
    return with_second_factor(coordinator_of("Huế"), client)


def raise_url(name: str, kind: str = "laptop") -> str:
    area = Area.objects.filter(name=name).order_by("-depth").first()
    return reverse("portal:area_standard_edit", args=[area.pk, kind])


def test_hues_raised_ram_minimum_judges_hues_devices_and_not_ha_nois(client, hue_coordinator):
    response = client.post(raise_url("Huế"), LAPTOP)

    assert response.status_code == 302
    nation = coordinator_of("Việt Nam")
    in_hue = TeamFactory(commune=Area.objects.get(name="Thuận Hóa"))
    in_ha_noi = TeamFactory(commune=commune("Bát Tràng"))
    hue_laptop = checked(nation, received(nation, in_hue), GOOD_LAPTOP)  # 4 GB of RAM
    ha_noi_laptop = checked(nation, received(nation, in_ha_noi), GOOD_LAPTOP)
    assert hue_laptop.latest_check.result == specs.Result.FAIL
    assert hue_laptop.latest_check.standard.area.name == "Huế"
    assert any("RAM" in failure for failure in hue_laptop.latest_check.failures)
    assert ha_noi_laptop.latest_check.result != specs.Result.FAIL
    assert ha_noi_laptop.latest_check.standard.area is None
    page = client.get(reverse("portal:standard_list")).content.decode()
    assert "Thành phố Huế · Laptop" in page
    assert "RAM tối thiểu 8 GB" in page
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.STANDARD_RAISED, actor=hue_coordinator, details__area="Huế"
    ).exists()


def test_a_city_coordinator_cannot_raise_another_citys_standard(client, hue_coordinator):
    shown = client.get(raise_url("Hà Nội"))
    sent = client.post(raise_url("Hà Nội"), LAPTOP)

    assert (shown.status_code, sent.status_code) == (404, 404)
    assert not SpecStandard.objects.filter(area__isnull=False).exists()


def test_a_minimum_below_the_programs_is_refused_with_the_reason(client, hue_coordinator):
    response = client.post(raise_url("Huế"), {**LAPTOP, "min_ram_gb": "1"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Không được thấp hơn mức tối thiểu chung của chương trình (2,0)" in page
    assert "Có lỗi cần sửa" in page
    assert not SpecStandard.objects.filter(area__isnull=False).exists()


def test_an_android_version_below_the_programs_is_refused(client, hue_coordinator):
    response = client.post(raise_url("Huế", "phone"), {"min_android": "4.1", "min_ram_gb": "3"})

    assert "Không được thấp hơn mức tối thiểu chung" in response.content.decode()
    assert not SpecStandard.objects.filter(area__isnull=False).exists()


def test_sending_the_same_raise_twice_makes_one_version(client, hue_coordinator):
    client.post(raise_url("Huế"), LAPTOP)
    client.post(raise_url("Huế"), LAPTOP)

    assert SpecStandard.objects.filter(area__name="Huế").count() == 1


def test_a_raise_changed_keeps_the_earlier_version(client, hue_coordinator):
    client.post(raise_url("Huế"), LAPTOP)
    client.post(raise_url("Huế"), {**LAPTOP, "min_ram_gb": "6"})

    rows = SpecStandard.objects.filter(area__name="Huế").order_by("version")
    assert [(row.min_ram_gb, row.is_current) for row in rows] == [
        (Decimal("8.0"), False),
        (Decimal("6.0"), True),
    ]


def test_a_city_coordinator_sets_the_monthly_target_of_their_city_only(client, hue_coordinator):
    hue = Area.objects.get(name="Huế")
    ha_noi = Area.objects.get(kind=Area.Kind.CITY, name="Hà Nội")

    client.post(reverse("portal:area_target_edit", args=[hue.pk]), {"monthly_per_team": "5"})
    refused = client.post(
        reverse("portal:area_target_edit", args=[ha_noi.pk]), {"monthly_per_team": "9"}
    )

    assert monthly_target(Area.objects.get(name="Thuận Hóa")) == 5
    assert monthly_target(commune("Bát Tràng")) == 2
    assert refused.status_code == 404
    assert list(AreaTarget.objects.values_list("area__name", flat=True)) == ["Huế"]
    assert AuditEvent.objects.get(action=AuditEvent.Action.TARGET_SET).details["after"] == 5


def test_a_target_of_nothing_is_refused(client, hue_coordinator):
    hue = Area.objects.get(name="Huế")

    response = client.post(
        reverse("portal:area_target_edit", args=[hue.pk]), {"monthly_per_team": "0"}
    )

    assert response.status_code == 200
    assert "Có lỗi cần sửa" in response.content.decode()
    assert not AreaTarget.objects.exists()
