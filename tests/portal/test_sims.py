"""Issue 17, point 7: SIMs that run out while a student has them are visible in the portal.

The list shows the SIMs with students that end within two weeks or have ended, to the
teams (and area coordinators) who see those SIMs: which team, which student (to those who
may see the student) and the sponsor typed at intake; the dashboard counts them and the
device page shows the sponsor."""

from datetime import timedelta

import pytest

from django.urls import reverse
from django.utils import timezone

from portal.models import Device, StudentAccess
from portal.selectors.sims import EXPIRY_DAYS, sims_expiring
from portal.services.handovers import handover_return
from tests.factories import SchoolFactory
from tests.factories.devices import checked, received
from tests.factories.signing_in import with_second_factor
from tests.factories.students import approved, good_sim, handed_over, ready_sim

pytestmark = pytest.mark.django_db

SPONSOR = "Quỹ Vì em Gia Lâm"
LISTED = StudentAccess.Action.LISTED


@pytest.fixture
def ours(teacher, school, leader, team):
    """A SIM of our team (Bát Tràng), with a pupil of Bát Tràng's school."""
    pupil = approved(teacher, leader, school, full_name="Lò Thị Mây")
    sim = sim_with_sponsor(leader, team)
    return handed_over(leader, pupil, team, sim=sim)


@pytest.fixture
def theirs(coordinator, other_team):
    """A SIM of another commune's team (Cổ Bi), with a pupil of Cổ Bi."""
    with_second_factor(coordinator)
    of_school = SchoolFactory(commune=other_team.commune, name="Trường THCS Cổ Bi")
    pupil = approved(coordinator, coordinator, of_school, full_name="Đinh Văn Xa")
    return handed_over(coordinator, pupil, other_team, sim=ready_sim(coordinator, other_team))


def sim_with_sponsor(actor, team):
    """A SIM typed at intake with its sponsor; every SIM the factories make ends on the same
    day, 200 days from now."""
    return checked(actor, received(actor, team, kind="sim", sponsor=SPONSOR), good_sim())


def ends_in(handover, days: int) -> None:
    """The SIM's end date as the days pass: `days` from today (negative: already over)."""
    Device.objects.filter(pk=handover.sim_id).update(
        valid_until=timezone.localdate() + timedelta(days=days)
    )


# The selector, with its clock moved: every SIM here ends on the same day.


def test_a_sim_is_listed_from_two_weeks_before_its_end_and_after_it(leader, ours):
    end = ours.sim.valid_until

    listed = {
        days_before: list(sims_expiring(leader, today=end - timedelta(days=days_before)))
        for days_before in (EXPIRY_DAYS + 1, EXPIRY_DAYS, 0, -1, -30)
    }

    assert EXPIRY_DAYS == 14
    assert listed == {15: [], 14: [ours], 0: [ours], -1: [ours], -30: [ours]}


def test_a_returned_sim_and_a_sim_in_stock_are_not_listed(leader, teacher, school, team, ours):
    in_stock = ready_sim(leader, team)
    returned = handed_over(
        leader,
        approved(teacher, leader, school, full_name="Hà Văn Về"),
        team,
        sim=ready_sim(leader, team),
    )
    handover_return(
        actor=leader, handover=returned, returned_on=timezone.localdate(), reason="Chuyển trường"
    )
    after_the_end = ours.sim.valid_until + timedelta(days=1)

    assert in_stock.valid_until == ours.sim.valid_until
    assert list(sims_expiring(leader, today=after_the_end)) == [ours]


def test_each_person_sees_the_sims_of_their_teams_and_a_coordinator_their_area(
    volunteer, other_volunteer, coordinator, teacher, ours, theirs
):
    after_the_end = ours.sim.valid_until + timedelta(days=1)

    def seen(user):
        return set(sims_expiring(user, today=after_the_end))

    assert seen(volunteer) == {ours}
    assert seen(other_volunteer) == {theirs}
    assert seen(coordinator) == {ours, theirs}
    assert seen(teacher) == set()


# The page, the dashboard and the device page, on today's date.


def test_the_list_shows_team_student_and_sponsor_and_logs_the_names_shown(client, leader, ours):
    ends_in(ours, 3)
    client.force_login(leader)

    html = client.get(reverse("portal:sim_expiring_list")).content.decode()

    assert ours.sim.asset_code in html
    assert "Tổ Thanh niên IT xã Bát Tràng" in html
    assert "Lò Thị Mây" in html
    assert SPONSOR in html
    assert "còn 3 ngày" in html
    listed = StudentAccess.objects.filter(actor=leader, action=LISTED)
    assert list(listed.values_list("student", flat=True)) == [ours.student_id]


def test_a_sim_that_ran_out_with_the_student_is_listed_as_expired(client, leader, ours):
    ends_in(ours, -5)
    client.force_login(leader)

    html = client.get(reverse("portal:sim_expiring_list")).content.decode()

    assert ours.sim.asset_code in html
    assert "đã hết hạn" in html


def test_a_password_only_coordinator_sees_the_sim_and_its_team_but_not_the_student(
    client, coordinator, ours, theirs
):
    ends_in(ours, 3)
    ends_in(theirs, -1)
    client.force_login(coordinator)  # a session that gave no second factor

    html = client.get(reverse("portal:sim_expiring_list")).content.decode()

    assert ours.sim.asset_code in html
    assert theirs.sim.asset_code in html
    assert "Tổ Thanh niên IT xã Bát Tràng" in html
    assert "Tổ Thanh niên IT xã Cổ Bi" in html
    assert SPONSOR in html
    assert "Lò Thị Mây" not in html
    assert "Đinh Văn Xa" not in html
    assert html.count("một học sinh (tên được ẩn)") == 2
    assert not StudentAccess.objects.filter(actor=coordinator, action=LISTED).exists()

    with_second_factor(coordinator, client)
    stepped_up = client.get(reverse("portal:sim_expiring_list")).content.decode()
    assert "Lò Thị Mây" in stepped_up
    assert "Đinh Văn Xa" in stepped_up


def test_another_teams_volunteer_does_not_see_our_sim(client, other_volunteer, ours):
    ends_in(ours, 3)
    client.force_login(other_volunteer)

    html = client.get(reverse("portal:sim_expiring_list")).content.decode()

    assert ours.sim.asset_code not in html
    assert "Lò Thị Mây" not in html


def test_the_dashboard_counts_the_sims_to_renew(client, leader, teacher, school, team, ours):
    later = handed_over(
        leader,
        approved(teacher, leader, school, full_name="Vi Văn Sau"),
        team,
        sim=ready_sim(leader, team),
    )
    client.force_login(leader)
    assert "Sim sắp hết hạn" not in client.get(reverse("portal:dashboard")).content.decode()

    ends_in(ours, -2)
    ends_in(later, EXPIRY_DAYS)
    html = client.get(reverse("portal:dashboard")).content.decode()

    assert "Sim sắp hết hạn" in html
    assert "2 sim dữ liệu đang ở với học sinh hết hạn" in html
    assert reverse("portal:sim_expiring_list") in html


def test_the_device_page_shows_the_sponsor_typed_at_intake(client, volunteer, ours):
    client.force_login(volunteer)

    html = client.get(reverse("portal:device_detail", args=[ours.sim_id])).content.decode()

    assert "Đơn vị tài trợ" in html
    assert SPONSOR in html
