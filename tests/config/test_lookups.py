"""`__any_of`: the rows whose field is one of a list, as `__in` finds them, sent to PostgreSQL
as one array parameter however long the list (config/lookups.py)."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.models import Area, Device
from tests.factories.devices import received

pytestmark = pytest.mark.django_db


@pytest.fixture
def devices(volunteer, team, other_volunteer, other_team):
    return [
        received(volunteer, team),
        received(volunteer, team),
        received(other_volunteer, other_team),
    ]


@pytest.mark.parametrize(
    "values",
    [lambda d: [d[0].pk], lambda d: [d[0].pk, d[2].pk, 10**9], lambda d: [], lambda d: [None]],
)
def test_any_of_finds_what_in_finds(devices, values):
    ids = values(devices)
    assert set(Device.objects.filter(pk__any_of=ids)) == set(Device.objects.filter(pk__in=ids))


def test_any_of_through_a_relation_and_on_text(devices, team):
    communes = [team.commune_id]
    assert set(Device.objects.filter(commune__any_of=communes)) == set(
        Device.objects.filter(commune__in=communes)
    )
    assert Device.objects.filter(status__any_of=["received", "ready"]).count() == 3
    assert Device.objects.filter(status__any_of=["ready"]).count() == 0


def test_a_subquery_is_asked_as_in(devices, team):
    communes = Area.objects.filter(pk=team.commune_id).values("pk")
    assert set(Device.objects.filter(commune__any_of=communes)) == set(
        Device.objects.filter(commune_id=team.commune_id)
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="one parameter on PostgreSQL")
def test_a_long_list_is_one_parameter(devices):
    ids = [device.pk for device in devices] + list(range(10**6, 10**6 + 500))
    with CaptureQueriesContext(connection) as queries:
        assert Device.objects.filter(pk__any_of=ids).count() == 3
    assert "= ANY(" in queries[0]["sql"]
    assert " IN (" not in queries[0]["sql"]
