"""Support requests and the 24-hour promise: routing, the team's steps, the watchdog moved
through time, the counters that report the promise, and the portal pages."""

from datetime import timedelta

import pytest

from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from portal.models import Area, SupportNote, SupportStatus, Team
from portal.selectors.public import figure
from portal.selectors.support import promise_kept
from portal.services.recount import counters_recount
from portal.services.support import (
    support_reopen,
    support_resolve,
    support_respond,
    support_watch,
)
from portal.tasks import watch_support_requests
from tests.factories import MembershipFactory, TeamFactory, UserFactory
from tests.factories.desk import offered, requested
from tests.factories.devices import GOOD_LAPTOP, checked, received
from tests.factories.signing_in import with_second_factor
from tests.factories.students import approved, handed_over
from tests.factories.teams import commune, second_city

pytestmark = pytest.mark.django_db

HOUR = timedelta(hours=1)


@pytest.fixture
def start():
    return timezone.now() - timedelta(days=3)


def test_a_request_goes_to_the_commune_team_and_the_school_teachers(team, teacher, school):
    request = requested(commune("Bát Tràng"), school=school)

    assert request.team == team
    assert request.school_team == Team.objects.get(kind="teacher_it", school=school)
    assert request.due_at - request.created_at == 24 * HOUR
    assert request.reference.startswith("HT-")


def test_a_handed_over_device_brings_its_request_to_the_team_that_handed_it_over(
    volunteer, leader, teacher, school, team, other_team
):
    laptop = checked(volunteer, received(volunteer, team), GOOD_LAPTOP)
    handed_over(volunteer, approved(teacher, leader, school), team, device=laptop)

    # The family moved to Cổ Bi, but the laptop's team knows it best.
    request = requested(commune("Cổ Bi"), asset_code=laptop.asset_code.lower())

    assert request.device == laptop
    assert request.team == team


def test_the_watchdog_warns_at_18_hours_and_escalates_at_24_once_each(
    team, leader, volunteer, coordinator, start, django_capture_on_commit_callbacks
):
    request = requested(commune("Bát Tràng"), now=start)
    mail.outbox.clear()

    def watch(after):
        with django_capture_on_commit_callbacks(execute=True):
            return support_watch(now=start + after)

    assert watch(17 * HOUR + 59 * timedelta(minutes=1)) == {"warned": 0, "escalated": 0}
    assert mail.outbox == []
    assert watch(18 * HOUR) == {"warned": 1, "escalated": 0}
    assert [message.to for message in mail.outbox] == [[leader.email]]  # the leader only
    assert "còn 6 giờ" in mail.outbox[0].subject
    assert watch(20 * HOUR) == {"warned": 0, "escalated": 0}  # once
    assert figure("support_breached") == 0

    assert watch(24 * HOUR) == {"warned": 0, "escalated": 1}
    escalations = mail.outbox[1:]  # one e-mail each: the coordinator's and the leader's
    assert {address for message in escalations for address in message.to} == {
        coordinator.email,
        leader.email,
    }
    for escalation in escalations:
        assert "Quá 24 giờ" in escalation.subject
        assert request.reference in escalation.subject
    assert watch(30 * HOUR) == {"warned": 0, "escalated": 0}
    request.refresh_from_db()
    assert request.breached
    assert request.kept_promise is False
    assert figure("support_breached") == 1
    assert figure(f"team_support_breached:{team.pk}") == 1
    kinds = list(request.notes.values_list("kind", flat=True))
    assert kinds == [
        SupportNote.Kind.RECEIVED,
        SupportNote.Kind.WARNING,
        SupportNote.Kind.ESCALATED,
    ]
    # Answered late after all: still one breach, no "kept".
    support_respond(actor=volunteer, request=request, text="Đã gọi", now=start + 31 * HOUR)
    assert figure("support_breached") == 1
    assert figure("support_kept") == 0
    assert counters_recount() == []


def test_a_request_answered_in_time_is_never_warned_and_counts_as_kept(
    team, volunteer, start, django_capture_on_commit_callbacks
):
    request = requested(commune("Bát Tràng"), now=start)
    support_respond(actor=volunteer, request=request, text="Đã gọi, hẹn qua nhà", now=start + HOUR)
    support_respond(actor=volunteer, request=request, text="lần hai", now=start + 2 * HOUR)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert support_watch(now=start + 25 * HOUR) == {"warned": 0, "escalated": 0}

    assert mail.outbox == []
    request.refresh_from_db()
    assert request.status == SupportStatus.ANSWERED
    assert request.assignee == volunteer
    assert request.notes.filter(kind=SupportNote.Kind.RESPONSE).count() == 1
    assert figure("support_kept") == 1
    assert figure(f"team_support_kept:{team.pk}") == 1
    promise = promise_kept(commune("Bát Tràng"))
    assert (promise.percent, promise.median_hours) == (100, 2)


def test_answering_late_before_the_watchdog_runs_is_still_one_breach(team, volunteer, start):
    request = requested(commune("Bát Tràng"), now=start)

    support_respond(actor=volunteer, request=request, text="Xin lỗi vì muộn", now=start + 26 * HOUR)
    support_watch(now=start + 27 * HOUR)

    assert figure("support_breached") == 1
    assert figure("support_kept") == 0
    assert counters_recount() == []


def test_solving_at_the_first_contact_stops_the_clock_and_credits_the_volunteer(
    team, volunteer, start
):
    request = requested(commune("Bát Tràng"), now=start)

    support_resolve(
        actor=volunteer, request=request, resolution="Đổi mật khẩu Wi-Fi", now=start + 3 * HOUR
    )

    request.refresh_from_db()
    assert request.status == SupportStatus.RESOLVED
    assert request.first_response_at == start + 3 * HOUR
    assert request.kept_promise
    assert figure("volunteer_minutes") == 30
    with pytest.raises(ValidationError, match="lý do"):
        support_reopen(actor=volunteer, request=request, reason=" ")
    support_reopen(actor=volunteer, request=request, reason="Lại mất mạng")
    request.refresh_from_db()
    assert request.status == SupportStatus.ANSWERED
    assert request.reopened_count == 1
    assert request.resolved_at is None
    assert counters_recount() == []


def test_the_beat_task_runs_the_watchdog(team, start):
    requested(commune("Bát Tràng"), now=start)  # three days old, unanswered

    assert watch_support_requests() == {"warned": 0, "escalated": 1}
    assert watch_support_requests() == {"warned": 0, "escalated": 0}


def test_the_queues_show_what_is_at_risk_and_what_is_overdue(client, volunteer, team):
    now = timezone.now()
    fresh = requested(commune("Bát Tràng"), name="Mới Gửi", now=now - HOUR)
    at_risk = requested(commune("Bát Tràng"), name="Sắp Trễ", now=now - 19 * HOUR)
    overdue = requested(commune("Bát Tràng"), name="Đã Trễ", now=now - 25 * HOUR)
    client.force_login(volunteer)

    def queue(name):
        return client.get(reverse("portal:support_list"), {"queue": name}).content.decode()

    risky, late, opened = queue("at_risk"), queue("overdue"), queue("open")
    assert at_risk.reference in risky
    assert fresh.reference not in risky
    assert overdue.reference in late
    assert at_risk.reference not in late
    assert all(r.reference in opened for r in (fresh, at_risk, overdue))


def test_the_support_list_costs_the_same_queries_for_few_or_many(
    client, volunteer, team, django_assert_max_num_queries
):
    client.force_login(volunteer)
    requested(commune("Bát Tràng"))
    with django_assert_max_num_queries(25) as few:
        client.get(reverse("portal:support_list"))
    for number in range(8):
        requested(commune("Bát Tràng"), name=f"Phụ Huynh {number}")

    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("portal:support_list")).content.decode()

    assert "Phụ Huynh 7" in page


def test_the_team_works_a_request_from_its_page(client, team, leader, volunteer):
    request = requested(commune("Bát Tràng"))
    client.force_login(leader)

    client.post(reverse("portal:support_assign", args=[request.pk]), {"assignee": volunteer.pk})
    client.post(
        reverse("portal:support_action", args=[request.pk, "respond"]), {"text": "Đã gọi điện"}
    )
    page = client.post(
        reverse("portal:support_action", args=[request.pk, "resolve"]),
        {"text": "Cài lại Zoom"},
        follow=True,
    ).content.decode()

    request.refresh_from_db()
    assert request.status == SupportStatus.RESOLVED
    assert request.assignee == volunteer
    assert "Cài lại Zoom" in page
    assert "Đã gọi điện" in page


def test_a_request_cannot_be_given_to_someone_outside_the_team(client, team, leader):
    stranger = MembershipFactory(team=TeamFactory(commune=commune("Cổ Bi"))).person
    request = requested(commune("Bát Tràng"))
    client.force_login(leader)

    response = client.post(
        reverse("portal:support_assign", args=[request.pk]), {"assignee": stranger.pk}
    )

    assert response.status_code == 200
    assert "Hãy chọn" in response.content.decode()
    request.refresh_from_db()
    assert request.assignee is None


def test_a_team_member_files_a_request_heard_by_phone(client, volunteer, team):
    client.force_login(volunteer)
    page = client.get(reverse("portal:support_file")).content.decode()
    key = page.split('name="form_key" value="')[1].split('"')[0]
    data = {
        "form_key": key,
        "requester": "parent",
        "name": "Bà Nguyễn Thị Tư",
        "phone": "0912 000 111",
        "channel": "phone",
        "commune": commune("Bát Tràng").pk,
        "category": "power",
        "description": "Máy không lên nguồn từ sáng nay.",
    }

    first = client.post(reverse("portal:support_file"), data)
    again = client.post(reverse("portal:support_file"), data)

    assert first["Location"] == again["Location"]
    request = team.support_requests.get()
    assert request.filed_by == volunteer
    assert request.phone == "+84912000111"


def test_the_promise_page_shows_each_team_and_the_district(client, coordinator, team, volunteer):
    start = timezone.now() - timedelta(days=2)
    for hours in (1, 3):
        request = requested(commune("Bát Tràng"), now=start)
        support_respond(actor=volunteer, request=request, text="Đã gọi", now=start + hours * HOUR)
    requested(commune("Bát Tràng"), now=start)
    support_watch()
    client.force_login(coordinator)

    page = client.get(reverse("portal:support_promise")).content.decode()

    assert "67 %" in page  # two kept, one broken
    assert team.name in page


def test_the_dashboard_says_how_many_requests_and_offers_wait(client, volunteer, team):
    requested(commune("Bát Tràng"))
    requested(commune("Bát Tràng"), name="Hai")
    offered(commune("Bát Tràng"))
    client.force_login(volunteer)

    page = client.get(reverse("portal:dashboard")).content.decode()

    assert "2 yêu cầu hỗ trợ đang chờ liên hệ lần đầu" in page
    assert "1 đăng ký ủng hộ mới chưa liên hệ" in page


def test_each_team_member_is_told_of_a_new_request_in_their_own_language(
    team, volunteer, leader, django_capture_on_commit_callbacks
):
    """A member who chose English (in their account's language setting) reads the team's
    e-mail in English; the others in Vietnamese, the site's language."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(volunteer)
    profile.preferred_language = "en"
    profile.save()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        request = requested(commune("Bát Tràng"))

    code = request.reference
    subjects = {address: message.subject for message in mail.outbox for address in message.to}
    assert subjects[volunteer.email].endswith(
        f"New support request {code}: contact within 24 hours"
    )
    assert subjects[leader.email].endswith(f"Yêu cầu hỗ trợ mới {code}: liên hệ trong 24 giờ")


def test_a_coordinator_of_several_areas_sees_the_promise_in_each(client, team):
    second_city()
    thuan_hoa = Area.objects.get(name="Thuận Hóa")
    far = TeamFactory(name="Tổ Thanh niên IT phường Thuận Hóa", commune=thuan_hoa)
    person = UserFactory(coordinated_area=commune("Bát Tràng"), groups=["Điều phối viên"])
    person.coordinated_areas.add(commune("Bát Tràng"), thuan_hoa)
    start = timezone.now() - timedelta(days=2)
    for commune_ in (commune("Bát Tràng"), thuan_hoa):
        request = requested(commune_, now=start)
        support_respond(actor=person, request=request, text="Đã gọi", now=start + HOUR)
    with_second_factor(person, client)

    page = client.get(reverse("portal:support_promise")).content.decode()

    assert "Số liệu của Xã Bát Tràng" in page
    assert "Số liệu của Phường Thuận Hóa" in page
    assert team.name in page
    assert far.name in page
