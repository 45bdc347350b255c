"""A city may raise the program's minimums inside it: a device is judged against the
strictest standard on its commune's way up, and nothing lowers the program's own."""

import dataclasses
from decimal import Decimal

import pytest

from django.db import IntegrityError

from portal.models import Area, SpecStandard
from portal.selectors.standards import effective_standard
from tests.factories import TeamFactory, UserFactory, commune
from tests.factories.devices import GOOD_LAPTOP, checked, received
from tests.factories.teams import second_city

pytestmark = pytest.mark.django_db


def raised(area: Area, **minimums) -> SpecStandard:
    """The program's laptop standard, raised by an area (as a coordinator there saves it)."""
    base = SpecStandard.objects.current_for("laptop")
    row = SpecStandard.objects.get(pk=base.pk)
    row.pk, row._state.adding = None, True
    row.area, row.version = area, SpecStandard.objects.count() + 10
    for name, value in minimums.items():
        setattr(row, name, value)
    row.save()
    return row


@pytest.fixture
def ha_noi(db):
    return Area.objects.get(kind=Area.Kind.CITY, name="Hà Nội")


def test_a_citys_raise_holds_in_its_communes_and_a_commune_may_only_add(ha_noi):
    base = SpecStandard.objects.current_for("laptop")
    raised(ha_noi, min_ram_gb=Decimal(4))
    bat_trang = raised(commune("Bát Tràng"), min_ram_gb=Decimal(3), required_parts=["battery"])

    row, standard = effective_standard("laptop", commune("Bát Tràng"))
    _row, elsewhere = effective_standard("laptop", commune("Cổ Bi"))

    assert row == bat_trang  # the check names the raise nearest the device
    assert standard.min_ram_gb == Decimal(4)  # the commune's 3 GB does not lower the city's
    assert standard.required_parts == base.to_standard().required_parts | {"battery"}
    assert elsewhere.min_ram_gb == Decimal(4)
    assert elsewhere.required_parts == base.to_standard().required_parts


def test_a_laptop_fails_in_the_city_that_raised_the_minimum_and_passes_in_another(ha_noi):
    raised(ha_noi, min_ram_gb=Decimal(8))
    hue = second_city()
    actor = UserFactory(coordinated_area=hue.get_parent(), groups=["Điều phối viên"])
    here = TeamFactory(commune=commune("Bát Tràng"))
    there = TeamFactory(commune=Area.objects.get(name="Thuận Hóa"))
    measured = dataclasses.replace(GOOD_LAPTOP, ram_gb=Decimal(4))

    in_ha_noi = checked(actor, received(actor, here), measured)
    in_hue = checked(actor, received(actor, there), measured)

    assert in_ha_noi.latest_check.result == "fail"
    assert any("RAM" in failure for failure in in_ha_noi.latest_check.failures)
    assert in_ha_noi.latest_check.standard.area == ha_noi
    assert in_hue.latest_check.result == "pass"
    assert in_hue.latest_check.standard.area is None


def test_the_effective_standard_is_one_query(ha_noi, django_assert_num_queries):
    raised(ha_noi, min_ram_gb=Decimal(8))
    place = commune("Bát Tràng")

    with django_assert_num_queries(1):
        effective_standard("laptop", place)


def test_an_area_has_one_raise_in_force_per_kind(ha_noi):
    raised(ha_noi, min_ram_gb=Decimal(8))
    with pytest.raises(IntegrityError):
        raised(ha_noi, min_ram_gb=Decimal(16))
