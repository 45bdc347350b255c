"""Donor offers on the portal side: routing, the team's steps, receiving into devices, and
what the donor is told — by e-mail after commit, and on the tracking page's selectors."""

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal.models import Device, Offer, OfferStatus
from portal.selectors import tracking
from portal.selectors.public import figure
from portal.services.offers import offer_receive, offer_route, offer_submit, offer_transition
from portal.services.recount import counters_recount
from tests.factories.desk import item, offer_fields, offered
from tests.factories.devices import GOOD_LAPTOP, checked
from tests.factories.students import approved, handed_over
from tests.factories.teams import commune

pytestmark = pytest.mark.django_db


def test_an_offer_goes_to_the_youth_team_of_the_donors_commune(team, other_team):
    offer = offered(commune("Bát Tràng"))

    assert offer.team == team
    assert offer.status == OfferStatus.NEW
    assert offer.reference.startswith("UH-")
    assert len(offer.reference) == 12
    assert offer.events.get().to_status == OfferStatus.NEW


def test_a_chosen_drop_off_point_wins_and_a_donor_from_elsewhere_reaches_the_coordinators(
    team, other_team, coordinator, django_capture_on_commit_callbacks
):
    dropped = offered(commune("Bát Tràng"), handoff="dropoff", dropoff_team=other_team)
    with django_capture_on_commit_callbacks(execute=True):
        faraway = offered(None, address="Quận Cầu Giấy")

    assert dropped.team == other_team
    assert faraway.team is None
    to_coordinator = [m for m in mail.outbox if coordinator.email in m.to]
    assert to_coordinator
    assert faraway.reference in to_coordinator[0].subject


def test_the_same_form_sent_twice_is_one_offer(team):
    key = uuid.uuid4()
    fields, items = offer_fields(commune("Bát Tràng")), [item(), item("sim", brand_model="")]

    first, created = offer_submit(fields=fields, items=items, form_key=key)
    again, created_again = offer_submit(fields=fields, items=items, form_key=key)

    assert (created, created_again) == (True, False)
    assert first.pk == again.pk
    assert Offer.objects.count() == 1
    assert first.items.count() == 2


def test_e_mails_leave_only_once_the_offer_is_committed(
    team, leader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        offer = offered(commune("Bát Tràng"))
        assert mail.outbox == []  # nothing before the commit

    donor = next(m for m in mail.outbox if m.to == ["minh@example.vn"])
    assert offer.reference in donor.subject
    assert offer.reference in donor.body
    assert any(leader.email in m.to for m in mail.outbox)

    mail.outbox.clear()

    def submit_then_fail():
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            offered(commune("Bát Tràng"), donor_name="Rolled Back")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        submit_then_fail()
    assert mail.outbox == []
    assert not Offer.objects.filter(donor_name="Rolled Back").exists()


def test_the_quick_self_check_warns_but_keeps_the_item(team):
    offer = offered(
        commune("Bát Tràng"),
        items=[
            item("phone", ram_gb=Decimal(1), os_version="Android 4.2", calls_work="no"),
            item("laptop", ram_gb=Decimal(8)),
            item("tablet", condition="dead", has_charger=False),
        ],
    )

    phone, laptop, tablet = offer.items.all()
    assert sorted(phone.warnings) == [
        "Android 4.2 < tối thiểu Android 4.4",
        "Loa, micro hoặc camera không hoạt động",
        "RAM 1 GB < tối thiểu 2 GB",
    ]
    assert laptop.warnings == []
    assert "Thiếu bộ sạc" in tablet.warnings
    assert any("không lên nguồn" in warning for warning in tablet.warnings)


def test_the_teams_steps_need_a_time_for_a_pickup_and_a_reason_to_decline(volunteer, team):
    offer = offered(commune("Bát Tràng"))

    with pytest.raises(ValidationError, match="ngày giờ hẹn"):
        offer_transition(actor=volunteer, offer=offer, to=OfferStatus.PICKUP_SCHEDULED)
    with pytest.raises(ValidationError, match="lý do"):
        offer_transition(actor=volunteer, offer=offer, to=OfferStatus.DECLINED)
    with pytest.raises(ValidationError, match="không chuyển sang"):
        offer_transition(actor=volunteer, offer=offer, to=OfferStatus.CLOSED)
    when = timezone.now() + timedelta(days=1)
    offer_transition(actor=volunteer, offer=offer, to=OfferStatus.PICKUP_SCHEDULED, pickup_at=when)

    offer.refresh_from_db()
    assert offer.status == OfferStatus.PICKUP_SCHEDULED
    assert offer.pickup_at == when


def test_another_teams_volunteer_cannot_touch_the_offer(other_volunteer, team):
    offer = offered(commune("Bát Tràng"))

    with pytest.raises(PermissionDenied):
        offer_transition(actor=other_volunteer, offer=offer, to=OfferStatus.CONTACTED)
    with pytest.raises(PermissionDenied):
        offer_receive(actor=other_volunteer, offer=offer, quantities={})


def test_a_coordinator_sends_an_offer_on_to_another_team(coordinator, team, other_team):
    offer = offered(commune("Bát Tràng"))

    offer_route(actor=coordinator, offer=offer, team=other_team)

    offer.refresh_from_db()
    assert offer.team == other_team
    assert offer.status == OfferStatus.NEW
    # The donor's timeline does not show the program's internal hand-offs.
    assert [words for _when, words in tracking.offer_timeline(offer)] == ["Đã nhận đăng ký của bạn"]


def test_receiving_turns_what_arrived_into_devices_of_the_team_in_one_step(volunteer, team):
    offer = offered(
        commune("Bát Tràng"),
        items=[item("phone", brand_model="Samsung A10", quantity=3), item("sim", brand_model="")],
    )
    phones, sim = offer.items.all()

    devices = offer_receive(actor=volunteer, offer=offer, quantities={phones.pk: 2, sim.pk: 1})

    assert len(devices) == 3
    assert Device.objects.filter(offer=offer).count() == 3
    assert sorted(device.kind for device in devices) == ["phone", "phone", "sim"]
    assert {device.donor_name for device in devices} == {"Nguyễn Văn Minh"}
    assert {device.team for device in devices} == {team}
    offer.refresh_from_db()
    assert offer.status == OfferStatus.RECEIVED
    assert offer.received_at
    phones.refresh_from_db()
    assert phones.received_quantity == 2
    assert figure("devices_received") == 3
    # A second press of "receive" adds nothing.
    with pytest.raises(ValidationError, match="không nhận lại"):
        offer_receive(actor=volunteer, offer=offer, quantities={phones.pk: 2, sim.pk: 1})
    assert Device.objects.count() == 3
    assert counters_recount() == []


def test_receiving_nothing_is_refused_with_a_way_out(volunteer, team):
    offer = offered(commune("Bát Tràng"))

    with pytest.raises(ValidationError, match="Không nhận"):
        offer_receive(actor=volunteer, offer=offer, quantities={offer.items.get().pk: 0})
    assert offer.devices.count() == 0


def test_the_donor_follows_each_device_to_a_student_s_commune_never_to_the_student(
    volunteer, leader, teacher, school, team
):
    offer = offered(commune("Bát Tràng"), items=[item("laptop", quantity=2)])
    laptop, spare = offer_receive(
        actor=volunteer, offer=offer, quantities={offer.items.get().pk: 2}
    )
    checked(volunteer, laptop, GOOD_LAPTOP)
    student = approved(teacher, leader, school, full_name="Lò Thị Hiền")
    handed_over(volunteer, student, team, device=laptop)

    journeys = tracking.gift_journeys(offer)

    given = next(j for j in journeys if j.asset_code == laptop.asset_code)
    assert given.outcome == "Đã trao cho một học sinh ở Bát Tràng"
    assert [words for _when, words in given.steps] == [
        "Đội đã nhận máy",
        "Đã kiểm tra: đạt tiêu chuẩn, sẵn sàng trao tặng",
        "Đã trao cho một học sinh ở Bát Tràng",
    ]
    waiting = next(j for j in journeys if j.asset_code == spare.asset_code)
    assert waiting.outcome == "Đội đã nhận máy"
    certificate = tracking.certificate(offer, journeys)
    assert certificate.donor == "Nguyễn Văn Minh"
    assert "1 thiết bị đã trao cho học sinh ở Bát Tràng" in certificate.lines
    assert "Hiền" not in repr(journeys) + repr(certificate)


def test_offer_list_costs_the_same_queries_for_few_or_many_offers(
    client, volunteer, team, django_assert_max_num_queries
):
    client.force_login(volunteer)
    offered(commune("Bát Tràng"))
    with django_assert_max_num_queries(25) as few:
        client.get(reverse("portal:offer_list"))
    for number in range(8):
        offered(commune("Bát Tràng"), donor_name=f"Nhà hảo tâm {number}")

    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("portal:offer_list")).content.decode()

    assert "Nhà hảo tâm 7" in page


def test_receiving_from_the_portal_page_adds_the_devices_and_says_so(client, volunteer, team):
    offer = offered(commune("Bát Tràng"), items=[item("tablet", quantity=2)])
    client.force_login(volunteer)
    field = f"item_{offer.items.get().pk}"

    response = client.post(
        reverse("portal:offer_receive", args=[offer.pk]), {field: "2"}, follow=True
    )
    again = client.post(reverse("portal:offer_receive", args=[offer.pk]), {field: "2"}, follow=True)

    assert "Đã nhận 2 thiết bị" in response.content.decode()
    assert "không nhận lại" in again.content.decode()
    assert offer.devices.count() == 2


def test_the_receive_page_opens_its_explanation_with_a_capital(client, volunteer, team):
    offer = offered(commune("Bát Tràng"), items=[item("tablet", quantity=1)])
    client.force_login(volunteer)

    page = client.get(reverse("portal:offer_receive", args=[offer.pk])).content.decode()

    assert "Mỗi máy nhận được thành một hồ sơ thiết bị" in page
