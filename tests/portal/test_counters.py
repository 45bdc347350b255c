"""The public figures equal a recount of the records after any sequence of portal actions."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from django.utils import timezone

from portal.models import Counter, DeviceStatus, Fund
from portal.models.counters import ALL_TIME
from portal.services.counters import counter_bump, month_of
from portal.services.devices import device_transition, repair_record
from portal.services.fund import fund_entry_record, sale_approve, sale_record
from portal.services.recount import counters_recount
from tests.factories.devices import BROKEN_PHONE, GOOD_LAPTOP, checked, received

pytestmark = pytest.mark.django_db
S = DeviceStatus

ACTIONS = st.lists(
    st.sampled_from(
        [
            "receive_laptop",
            "receive_phone",
            "check_good",
            "check_bad",
            "repair",
            "unrepairable",
            "liquidate",
            "donate",
            "recheck",
        ]
    ),
    min_size=1,
    max_size=12,
)


def run(action, actor, coordinator, team, devices, fund):
    """Apply one portal action to the newest device it makes sense for (or skip it)."""

    def newest(*statuses):
        for device in reversed(devices):
            device.refresh_from_db()
            if device.status in statuses:
                return device
        return None

    if action == "receive_laptop":
        devices.append(received(actor, team))
    elif action == "receive_phone":
        devices.append(received(actor, team, kind="phone"))
    elif action in ("check_good", "check_bad", "recheck") and (
        device := newest(S.RECEIVED, S.NEEDS_REPAIR, S.READY, S.CHECKING)
    ):
        checked(actor, device, GOOD_LAPTOP if action != "check_bad" else BROKEN_PHONE)
    elif action == "repair" and (device := newest(S.NEEDS_REPAIR)):
        repair_record(actor=actor, device=device, fields={"actions": ["ram_upgraded"]})
    elif action == "unrepairable" and (device := newest(S.NEEDS_REPAIR)):
        device_transition(actor=actor, device=device, to=S.UNREPAIRABLE)
        device_transition(actor=actor, device=device, to=S.TO_LIQUIDATE)
    elif action == "liquidate" and (device := newest(S.TO_LIQUIDATE)):
        sale = sale_record(
            actor=actor,
            device=device,
            buyer_name="Người mua",
            buyer_phone="",
            price_vnd=120_000,
            sold_on=date(2026, 10, 3),
        )
        sale_approve(actor=coordinator, sale=sale)
    elif action == "donate":
        fund_entry_record(
            actor=coordinator,
            fund=fund,
            kind="cash_donation",
            amount_vnd=200_000,
            description="Ủng hộ",
            occurred_on=date(2026, 9, 9),
        )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(actions=ACTIONS)
def test_counters_equal_a_recount_after_any_actions(volunteer, coordinator, team, gia_lam, actions):
    fund = Fund.objects.get(area=gia_lam)
    devices = []
    for action in actions:
        run(action, volunteer, coordinator, team, devices, fund)

    assert counters_recount() == []


def test_recount_repairs_drift_and_says_so(volunteer, team, gia_lam, caplog):
    received(volunteer, team)
    Counter.objects.filter(key="devices_received", area=gia_lam, period=ALL_TIME).update(value=41)
    counter_bump(key="devices_passed", area=team.commune)  # a figure no record supports

    drifts = counters_recount()

    assert {(key[0], key[2], was, now) for key, was, now in drifts if key[1] == gia_lam.pk} == {
        ("devices_received", ALL_TIME, 41, 1),
        ("devices_passed", ALL_TIME, 1, 0),
        ("devices_passed", month_of(timezone.now()), 1, 0),
    }
    assert Counter.objects.get(key="devices_received", area=gia_lam, period=ALL_TIME).value == 1
    assert "Counter drift repaired" in caplog.text
    assert counters_recount() == []


def test_figures_roll_up_from_commune_to_district_and_city(volunteer, team, gia_lam):
    received(volunteer, team)

    for area in (team.commune, gia_lam, gia_lam.get_parent()):
        assert Counter.objects.get(key="devices_received", area=area, period=ALL_TIME).value == 1
