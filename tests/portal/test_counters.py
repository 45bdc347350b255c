"""The public figures equal a recount of the records after any sequence of portal actions."""

import io
import itertools
from contextlib import contextmanager
from datetime import date, timedelta
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.models import (
    Counter,
    CounterDirty,
    DeviceStatus,
    FollowUp,
    Fund,
    Handover,
    SupportRequest,
)
from portal.models.counters import ALL_TIME
from portal.services.counters import counter_bump, month_of
from portal.services.devices import device_transition, repair_record
from portal.services.fund import fund_entry_record, sale_approve, sale_record
from portal.services.handovers import follow_up_record, handover_return
from portal.services.offers import offer_receive
from portal.services.recount import counters_recount, counters_recount_marked
from portal.services.support import support_resolve, support_respond, support_watch
from portal.services.training import training_record
from portal.tasks import reconcile_counters, recount_all_counters
from tests.factories.desk import item, offered, requested
from tests.factories.devices import BROKEN_PHONE, GOOD_LAPTOP, checked, received
from tests.factories.students import approved, handed_over, ready_sim

pytestmark = pytest.mark.django_db
S = DeviceStatus

STUDENT_ACTIONS = (
    "approve_student",
    "hand_over",
    "hand_over_with_sim",
    "take_back",
    "follow_up",
    "train",
)
DESK_ACTIONS = (
    "support_request",
    "support_answer_soon",
    "support_answer_late",
    "support_resolve",
    "support_watch",
    "offer_receive",
)
ACTIONS = st.lists(
    st.sampled_from(
        [
            "receive_laptop",
            "receive_phone",
            "receive_and_check_last_month",
            "check_good",
            "check_bad",
            "repair",
            "unrepairable",
            "liquidate",
            "donate",
            "recheck",
            *STUDENT_ACTIONS,
            *DESK_ACTIONS,
        ]
    ),
    min_size=1,
    max_size=16,
)


def run(action, actor, coordinator, team, devices, fund, pupils=None):
    """Apply one portal action to the newest device (or student) it makes sense for, or
    skip it. `pupils` (teacher, school, students) enables the student actions."""

    def newest(*statuses):
        for device in reversed(devices):
            device.refresh_from_db()
            if device.status in statuses:
                return device
        return None

    if action == "receive_laptop":
        devices.append(received(actor, team))
    elif action == "receive_and_check_last_month":
        with days_ago(40):
            devices.append(checked(actor, received(actor, team), GOOD_LAPTOP))
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
    elif action in DESK_ACTIONS:
        run_desk_action(action, actor, team, devices)
    elif action in STUDENT_ACTIONS and pupils is not None:
        run_student_action(action, actor, team, devices, *pupils)
    elif action == "donate":
        fund_entry_record(
            actor=coordinator,
            fund=fund,
            kind="cash_donation",
            amount_vnd=200_000,
            description="Ủng hộ",
            occurred_on=date(2026, 9, 9),
        )


@contextmanager
def days_ago(days):
    """The clock of every service (and of `auto_now_add`) set back: records of an older month."""
    moment = timezone.now() - timedelta(days=days)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


SERIAL = itertools.count()  # hypothesis runs its examples in one database: names stay unique


def run_desk_action(action, actor, team, devices):
    """Offers and support requests, on a clock: requests made up to 40 hours ago, answered an
    hour or 30 hours after they came, solved, watched by the 24-hour watchdog."""
    unanswered = SupportRequest.objects.filter(first_response_at=None).order_by("pk")
    if action == "support_request":
        requested(team.commune, now=timezone.now() - timedelta(hours=next(SERIAL) % 40))
    elif action.startswith("support_answer") and (request := unanswered.first()):
        after = timedelta(hours=1 if action == "support_answer_soon" else 30)
        support_respond(actor=actor, request=request, text="Đã gọi", now=request.created_at + after)
    elif action == "support_resolve" and (
        request := SupportRequest.objects.exclude(status="resolved").last()
    ):
        when = request.created_at + timedelta(hours=35)
        support_resolve(actor=actor, request=request, resolution="Đã sửa", now=when)
    elif action == "support_watch":
        support_watch()
    elif action == "offer_receive":
        offer = offered(team.commune, items=[item("phone", quantity=2)])
        devices.extend(
            offer_receive(actor=actor, offer=offer, quantities={offer.items.get().pk: 2})
        )


def run_student_action(action, actor, team, devices, teacher, school, students):
    """Student actions; a handover uses the newest approved student and ready laptop there
    are, and brings in new ones when there are none, so every handover action happens."""
    today = timezone.localdate()

    def new_student():
        students.append(approved(teacher, actor, school, full_name=f"Học Sinh {next(SERIAL)}"))
        return students[-1]

    if action == "approve_student":
        new_student()
    elif action.startswith("hand_over"):
        for pupil in students:
            pupil.refresh_from_db()
        waiting = [pupil for pupil in students if pupil.status == "approved"]
        laptops = [
            d
            for d in devices
            if not d.is_sim and d.refresh_from_db() is None and d.status == S.READY
        ]
        if not laptops:
            devices.append(checked(actor, received(actor, team), GOOD_LAPTOP))
            laptops = devices[-1:]
        sim = ready_sim(actor, team) if action == "hand_over_with_sim" else None
        handed_over(
            actor, waiting[-1] if waiting else new_student(), team, device=laptops[-1], sim=sim
        )
    elif action == "take_back" and (handover := Handover.objects.filter(returned_on=None).last()):
        handover_return(actor=actor, handover=handover, returned_on=today, reason="Chuyển trường")
    elif action == "follow_up" and (
        due := FollowUp.objects.filter(done_on=None, cancelled=False).first()
    ):
        follow_up_record(actor=actor, follow_up=due, done_on=today, device_in_use=True)
    elif action == "train":
        training_record(
            actor=actor,
            fields={
                "kind": "guidance",
                "held_on": today,
                "place": "Nhà văn hóa",
                "commune": team.commune,
                "team": team,
                "topic": "Học trực tuyến",
                "minutes": 45,
                "head_count": 2,
            },
            trainers=[actor],
            students=students[-1:],
        )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(actions=ACTIONS)
def test_counters_equal_a_recount_after_any_actions(
    leader, coordinator, teacher, school, team, gia_lam, actions
):
    fund = Fund.objects.get(area=gia_lam)
    devices, students = [], []
    for action in actions:
        run(action, leader, coordinator, team, devices, fund, (teacher, school, students))
    print(
        "STATS",
        Handover.objects.count(),
        Handover.objects.exclude(returned_on=None).count(),
        FollowUp.objects.exclude(done_on=None).count(),
        SupportRequest.objects.count(),
        SupportRequest.objects.filter(breached=True).count(),
    )

    # The incremental recount, from the marks the actions left, finds nothing either; and
    # after it the counters still equal a full recount of every record.
    assert counters_recount_marked() == []
    assert not CounterDirty.objects.exists()
    assert counters_recount() == []


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(actions=ACTIONS, drift=st.integers(min_value=-5, max_value=5).filter(bool))
def test_an_incremental_recount_repairs_what_the_actions_touched(
    leader, coordinator, teacher, school, team, gia_lam, actions, drift
):
    """Drift in the cells the actions touched is repaired by the incremental recount alone:
    afterwards the counters equal a full recount of every record."""
    fund = Fund.objects.get(area=gia_lam)
    CounterDirty.objects.all().delete()
    counters_recount()
    devices, students = [], []
    for action in actions:
        run(action, leader, coordinator, team, devices, fund, (teacher, school, students))
    for area, period in CounterDirty.objects.values_list("area_id", "period"):
        touched = Counter.objects.filter(area_id=area, period__in=[period, ALL_TIME])
        touched.update(value=F("value") + drift)

    counters_recount_marked()

    assert counters_recount() == []


def test_a_bump_marks_its_cell_in_the_events_transaction(volunteer, team):
    @transaction.atomic
    def event_that_fails():
        counter_bump(key="devices_received", area=team.commune)
        raise RuntimeError("the event fails after counting")

    with pytest.raises(RuntimeError):
        event_that_fails()
    assert not CounterDirty.objects.exists()

    received(volunteer, team)

    month = month_of(timezone.now())
    assert set(CounterDirty.objects.values_list("area", "period")) == {(team.commune.pk, month)}


def test_the_incremental_recount_repairs_marked_cells_only(
    volunteer, other_volunteer, team, other_team, gia_lam
):
    received(volunteer, team)
    received(other_volunteer, other_team)
    counters_recount_marked()
    month = month_of(timezone.now())
    rows = Counter.objects.filter(key="devices_received", period=month)
    rows.filter(area=team.commune).update(value=9)  # one row edited by hand
    # A bug that counted one device too many in Cổ Bi, its district, city and country, unmarked.
    rows.filter(area__in=[other_team.commune, *other_team.commune.get_ancestors()]).update(
        value=F("value") + 1
    )
    counter_bump(key="devices_checked", area=team.commune)  # marks Bát Tràng's month

    drifts = counters_recount_marked()

    assert rows.get(area=team.commune).value == 1
    assert ((("devices_received", team.commune.pk, month), 9, 1)) in drifts
    # Cổ Bi's cell was not marked: left as it is, and counted as it is in the district.
    assert rows.get(area=other_team.commune).value == 2
    assert rows.get(area=gia_lam).value == 3
    assert not CounterDirty.objects.exists()
    assert counters_recount_marked() == []
    # The weekly full recount repairs it.
    assert {(key[1], was, now) for key, was, now in counters_recount() if key[2] == month} == {
        (other_team.commune.pk, 2, 1),
        (gia_lam.pk, 3, 2),
        (gia_lam.get_parent().pk, 3, 2),
        (gia_lam.get_parent().get_parent().pk, 3, 2),  # Việt Nam
    }


def test_an_incremental_recount_costs_queries_by_cell_not_by_records(volunteer, team):
    def queries() -> int:
        counter_bump(key="devices_checked", area=team.commune)
        Counter.objects.filter(key="devices_checked").update(value=0)  # drift to repair
        with CaptureQueriesContext(connection) as captured:
            counters_recount_marked()
        return len(captured)

    received(volunteer, team)
    few = queries()
    for _ in range(20):
        received(volunteer, team)
    assert queries() == few


def test_an_incremental_recount_costs_the_same_queries_for_one_cell_or_many(
    volunteer, other_volunteer, team, other_team
):
    def queries(cells) -> int:
        CounterDirty.objects.bulk_create(
            [CounterDirty(area=area, period=period) for area, period in cells]
        )
        for area, period in cells:  # drift in each, to repair
            touched = Counter.objects.filter(area=area, period__in=[period, ALL_TIME])
            touched.update(value=F("value") + 1)
        with CaptureQueriesContext(connection) as captured:
            counters_recount_marked()
        assert counters_recount() == []  # the marked cells were all repaired
        return len(captured)

    received(volunteer, team)
    with days_ago(40):
        received(other_volunteer, other_team)
    counters_recount()
    months = [month_of(timezone.now() - timedelta(days=days)) for days in (0, 40, 80)]
    communes = [team.commune, other_team.commune]

    assert queries([(team.commune, months[0])]) == queries(
        [(commune, month) for commune in communes for month in months]
    )


def test_the_incremental_recount_reads_only_the_marked_months(volunteer, team):
    with days_ago(40):
        received(volunteer, team)
    received(volunteer, team)
    counters_recount_marked()
    now, before = month_of(timezone.now()), month_of(timezone.now() - timedelta(days=40))
    rows = Counter.objects.filter(key="devices_received", area=team.commune)
    rows.filter(period=before).update(value=5)  # drift in a month nothing marked
    rows.filter(period=now).update(value=7)
    received(volunteer, team)  # marks this month

    counters_recount_marked()

    assert rows.get(period=now).value == 2
    assert rows.get(period=before).value == 5  # left for the weekly full recount
    assert rows.get(period=ALL_TIME).value == 7  # the sum of the months as they stand
    counters_recount()
    assert [rows.get(period=period).value for period in (before, now, ALL_TIME)] == [1, 2, 3]


def test_the_incremental_recount_repairs_months_apart_and_skips_those_between(volunteer, team):
    ages = (150, 90, 0)  # days ago: two months marked, one between them not
    for days in ages:
        with days_ago(days):
            received(volunteer, team)
    months = [month_of(timezone.now() - timedelta(days=days)) for days in ages]
    counters_recount_marked()
    rows = Counter.objects.filter(key="devices_received", area=team.commune)
    rows.filter(period__in=months).update(value=4)
    for days in (150, 0):
        with days_ago(days):
            counter_bump(key="devices_checked", area=team.commune)  # marks that month

    counters_recount_marked()

    assert [rows.get(period=month).value for month in months] == [1, 4, 1]


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


def test_the_recount_can_be_run_on_demand_and_says_what_it_repaired(volunteer, team, gia_lam):
    received(volunteer, team)
    Counter.objects.filter(key="devices_received", area=gia_lam, period=ALL_TIME).update(value=7)
    out = io.StringIO()

    call_command("recount_counters", stdout=out)

    assert "devices_received · area" in out.getvalue()
    assert ": 7 → 1" in out.getvalue()
    assert Counter.objects.get(key="devices_received", area=gia_lam, period=ALL_TIME).value == 1


def test_an_answer_dated_before_the_deadline_after_the_escalation_stays_late(volunteer, team):
    """The watchdog found the request unanswered at its deadline; an answer logged later with
    an earlier time (a call made, written down afterwards) does not also count as kept."""
    request = requested(team.commune, now=timezone.now() - timedelta(hours=30))
    support_watch()
    support_respond(
        actor=volunteer, request=request, text="Đã gọi", now=request.created_at + timedelta(hours=1)
    )

    request.refresh_from_db()
    assert request.breached
    assert counters_recount() == []


def test_the_scheduled_recounts_every_15_minutes_the_marked_weekly_everything(volunteer, team):
    received(volunteer, team)
    reconcile_counters()
    Counter.objects.filter(key="devices_received", area=team.commune, period=ALL_TIME).update(
        value=5
    )

    assert reconcile_counters() == 0  # nothing marked since: the drift waits
    assert recount_all_counters() == 1
    assert not CounterDirty.objects.exists()
