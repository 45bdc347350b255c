"""Handovers: only an approved student with consent, only a device that passed its check,
once per device; acknowledgements kept private; returns; check-ins; the monthly target."""

import re
import threading
import time
import uuid
from datetime import timedelta

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.models import Counter, DeviceStatus, FollowUp, Handover, StudentStatus
from portal.services.handovers import follow_up_record, handover_record, handover_return
from portal.services.recount import counters_recount
from tests.factories.devices import BROKEN_PHONE, checked, received
from tests.factories.files import png
from tests.factories.students import approved, handed_over, proposed, ready_laptop, ready_sim

pytestmark = pytest.mark.django_db


def figure(key, area, period="all") -> int:
    row = Counter.objects.filter(key=key, area=area, period=period).first()
    return row.value if row else 0


@pytest.fixture
def student(teacher, school, leader):
    return approved(teacher, leader, school)


def test_a_passed_laptop_and_a_sim_reach_an_approved_student(
    client, volunteer, student, team, gia_lam
):
    laptop, sim = ready_laptop(volunteer, team), ready_sim(volunteer, team)
    client.force_login(volunteer)
    today = timezone.localdate()

    response = client.post(
        reverse("portal:handover_create", args=[student.pk]),
        {
            "device": laptop.pk,
            "sim": sim.pk,
            "team": team.pk,
            "handed_on": today.isoformat(),
            "place": "Nhà văn hóa thôn 3",
            "guidance_given": "on",
            "follow_up_on": (today + timedelta(days=30)).isoformat(),
            "acknowledgement_file": png(),
            "form_key": "0b7e4c1a-2d3f-4e5a-8b9c-1d2e3f4a5b6c",
        },
    )

    handover = Handover.objects.get()
    assert response["Location"] == reverse("portal:handover_detail", args=[handover.pk])
    laptop.refresh_from_db(), sim.refresh_from_db(), student.refresh_from_db()
    assert laptop.status == sim.status == DeviceStatus.HANDED_OVER
    assert student.status == StudentStatus.SERVED
    assert list(handover.follow_ups.values_list("due_on", flat=True)) == [
        today + timedelta(days=30),
        today + timedelta(days=90),
    ]
    for key in ("devices_handed_over", "devices_handed_over:laptop", "students_reached"):
        assert figure(key, gia_lam) == 1
    assert figure("sims_given", team.commune) == 1
    assert counters_recount() == []  # the live figures equal a recount of the records


def test_the_acknowledgement_is_private_and_served_only_to_who_may_see_the_child(
    client, volunteer, other_volunteer, student, team, settings
):
    handover = handed_over(volunteer, student, team, acknowledgement=(png(), "image/png"))
    url = reverse("portal:handover_acknowledgement", args=[handover.pk])

    assert not any(settings.MEDIA_ROOT.rglob("*"))  # nothing in public media
    with pytest.raises(ValueError, match="no public URL"):
        handover.acknowledgement.url  # noqa: B018 — private storage has no public URL
    assert client.get(url)["Location"].startswith("/accounts/login/")
    client.force_login(other_volunteer)
    assert client.get(url).status_code == 404
    client.force_login(volunteer)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert "no-store" in response["Cache-Control"]
    assert student.accesses.filter(actor=volunteer, action="file_opened").exists()


def test_a_device_that_has_not_passed_its_check_is_refused(volunteer, student, team):
    phone = checked(volunteer, received(volunteer, team, kind="phone"), BROKEN_PHONE)

    with pytest.raises(ValidationError, match="chỉ trao được thiết bị đã đạt kiểm tra"):
        handed_over(volunteer, student, team, device=phone)


def test_only_approved_students_with_consent_receive(volunteer, teacher, school, team):
    waiting = proposed(teacher, school, full_name="Phạm Văn Chờ")

    with pytest.raises(ValidationError, match="chỉ trao cho học sinh đã được duyệt"):
        handed_over(volunteer, waiting, team)


def test_a_device_is_handed_over_once(volunteer, leader, teacher, school, student, team):
    laptop = ready_laptop(volunteer, team)
    handed_over(volunteer, student, team, device=laptop)
    second = approved(teacher, leader, school, full_name="Đỗ Văn Hai")

    with pytest.raises(ValidationError, match="đã được trao cho một học sinh khác"):
        handed_over(volunteer, second, team, device=laptop)
    with pytest.raises(IntegrityError), transaction.atomic():
        Handover.objects.create(  # the database refuses it even past the service
            student=second,
            device=laptop,
            team=team,
            handed_on=timezone.localdate(),
            place="x",
            follow_up_on=timezone.localdate(),
            recorded_by=volunteer,
        )


def test_a_double_sent_form_records_one_handover(volunteer, student, team):
    laptop = ready_laptop(volunteer, team)
    key = "5f4e3d2c-1b0a-4c9d-8e7f-6a5b4c3d2e1f"

    first = handed_over(volunteer, student, team, device=laptop, form_key=key)
    again = handed_over(volunteer, student, team, device=laptop, form_key=key)

    assert first.pk == again.pk
    assert Handover.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_volunteers_handing_over_the_same_laptop_at_once_get_one_handover(
    live_database, volunteer, leader, teacher, school, team
):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (SQLite lets one writer in at a time anyway)")
    laptop = ready_laptop(volunteer, team)
    students = [
        approved(teacher, leader, school, full_name=name) for name in ("Mai Văn A", "Mai Văn B")
    ]
    start, outcomes = threading.Barrier(2), []

    def hand(actor, student):
        start.wait()
        try:
            handed_over(actor, student, team, device=laptop)
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()

    threads = [
        threading.Thread(target=hand, args=pair)
        for pair in zip((volunteer, leader), students, strict=True)
    ]
    [thread.start() for thread in threads]
    [thread.join() for thread in threads]

    assert sorted(outcomes)[-1] == "ok"
    assert outcomes.count("ok") == 1
    assert any("đã được trao cho một học sinh khác" in outcome for outcome in outcomes)
    assert Handover.objects.count() == 1


def handover_form(device, team, form_key: str) -> dict:
    today = timezone.localdate()
    return {
        "device": device.pk,
        "team": team.pk,
        "handed_on": today.isoformat(),
        "place": "Nhà văn hóa thôn 3",
        "follow_up_on": (today + timedelta(days=30)).isoformat(),
        "form_key": form_key,
    }


CLEAR_REFUSAL = "đã được trao cho một học sinh khác"
GENERIC_REFUSAL = "Hãy chọn một lựa chọn hợp lệ"


def test_a_laptop_handed_over_a_moment_ago_is_refused_with_the_reason(
    client, volunteer, leader, teacher, school, student, team
):
    """The form was opened while the laptop was ready; another volunteer handed it over
    before this one pressed "send"."""
    laptop = ready_laptop(volunteer, team)
    handed_over(leader, student, team, device=laptop)
    second = approved(teacher, leader, school, full_name="Đỗ Văn Hai")
    client.force_login(volunteer)

    response = client.post(
        reverse("portal:handover_create", args=[second.pk]),
        handover_form(laptop, team, "3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a98"),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert Handover.objects.count() == 1
    assert CLEAR_REFUSAL in page
    assert GENERIC_REFUSAL not in page
    offered = client.get(reverse("portal:handover_create", args=[second.pk])).content.decode()
    assert laptop.asset_code not in offered  # no longer offered once handed over


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_volunteer_who_loses_a_handover_race_is_told_why_every_time(
    live_database, volunteer, leader, teacher, school, team
):
    """Two volunteers send the same laptop to two pupils at about the same moment, round
    after round, the second a little later each round (so the second form is checked
    before, during and after the first one's commit): one handover each round, and the
    other is told the laptop is gone."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (SQLite lets one writer in at a time anyway)")
    rounds, pupils = 8, []
    for number in range(rounds * 2):
        pupils.append(approved(teacher, leader, school, full_name=f"Học Sinh Đua {number:02d}"))
    refusals = []
    for round_ in range(rounds):
        laptop = ready_laptop(volunteer, team)
        start, answers = threading.Barrier(2), []

        def send(person, pupil, key, delay, laptop=laptop, start=start, answers=answers):
            browser = Client()
            browser.force_login(person)
            url = reverse("portal:handover_create", args=[pupil.pk])
            start.wait()
            time.sleep(delay)
            response = browser.post(url, handover_form(laptop, team, key))
            answers.append((response.status_code, response.content.decode()))
            connection.close()

        threads = [
            threading.Thread(target=send, args=(person, pupil, str(uuid.uuid4()), delay))
            for person, pupil, delay in zip(
                (volunteer, leader),
                pupils[2 * round_ : 2 * round_ + 2],
                (0, 0.04 * round_),
                strict=True,
            )
        ]
        [thread.start() for thread in threads]
        [thread.join() for thread in threads]
        assert sorted(status for status, _page in answers) == [200, 302], round_
        refusals += [page for status, page in answers if status == 200]

    clear = sum(CLEAR_REFUSAL in page and GENERIC_REFUSAL not in page for page in refusals)
    assert Handover.objects.count() == rounds
    assert clear == rounds, f"{rounds - clear} of {rounds} losers saw no reason"


def test_a_return_takes_the_device_back_and_the_student_can_receive_again(
    client, volunteer, student, team, gia_lam
):
    handover = handed_over(volunteer, student, team, sim=ready_sim(volunteer, team))
    client.force_login(volunteer)

    client.post(
        reverse("portal:handover_return", args=[handover.pk]),
        {"returned_on": timezone.localdate().isoformat(), "reason": "Gia đình chuyển đi nơi khác"},
    )

    handover.refresh_from_db(), student.refresh_from_db()
    assert handover.return_reason == "Gia đình chuyển đi nơi khác"
    assert handover.device.status == DeviceStatus.RETURNED
    assert student.status == StudentStatus.APPROVED
    assert not handover.follow_ups.filter(cancelled=False, done_on__isnull=True).exists()
    assert figure("devices_handed_over", gia_lam) == 0
    assert figure("sims_given", gia_lam) == 0
    handed_over(volunteer, student, team)  # another device for the same child
    assert figure("students_reached", gia_lam) == 1
    assert counters_recount() == []


def test_a_return_needs_a_reason(volunteer, student, team):
    handover = handed_over(volunteer, student, team)

    with pytest.raises(ValidationError, match="lý do thu hồi"):
        handover_return(
            actor=volunteer, handover=handover, returned_on=timezone.localdate(), reason=" "
        )


def test_check_ins_wait_in_the_queue_until_done(client, volunteer, student, team):
    today = timezone.localdate()
    handover = handed_over(
        volunteer,
        student,
        team,
        handed_on=today - timedelta(days=40),
        follow_up_on=today - timedelta(days=10),
    )
    client.force_login(volunteer)
    due = handover.follow_ups.first()

    queue = client.get(reverse("portal:follow_up_list")).content.decode()
    assert "quá hạn" in queue
    assert student.full_name in queue
    assert (
        "1 lần hỏi thăm sau trao đã đến hạn."
        in client.get(reverse("portal:dashboard")).content.decode()
    )

    client.post(
        reverse("portal:follow_up_record", args=[due.pk]),
        {"done_on": today.isoformat(), "device_in_use": "yes", "note": "Em học tốt"},
    )

    due.refresh_from_db()
    assert (due.done_by, due.device_in_use) == (volunteer, True)
    assert FollowUp.objects.filter(done_on__isnull=True).count() == 1  # the 3-month one
    student.refresh_from_db()
    assert student.purpose_ended_on is None  # not until the last check-in
    follow_up_record(
        actor=volunteer,
        follow_up=FollowUp.objects.get(done_on__isnull=True),
        done_on=today,
        device_in_use=True,
    )
    student.refresh_from_db()
    assert student.purpose_ended_on == today


def test_the_monthly_target_shows_per_team_and_district_wide(
    client, volunteer, leader, teacher, school, team, other_team, coordinator_2fa
):
    handed_over(volunteer, approved(teacher, leader, school, full_name="Cao Văn Một"), team)
    client.force_login(coordinator_2fa)
    one = client.get(reverse("portal:handover_list")).content.decode()
    assert re.search(rf"{team.name}:\s*<span class=\"target--short\">1/2</span>", one)
    handed_over(volunteer, approved(teacher, leader, school, full_name="Cao Văn Hai"), team)

    page = client.get(reverse("portal:handover_list")).content.decode()

    assert "Toàn địa bàn tháng này: <strong>2</strong> (chỉ tiêu 2)" in page
    assert f"{team.name}:" in page
    assert "2/2" in page
    assert f"{other_team.name}:" in page
    assert "0/2" in page
    assert "1/2 tổ “Thanh niên IT” đã đạt chỉ tiêu tháng." in page


def test_another_communes_volunteer_cannot_hand_over_our_student(
    other_volunteer, other_team, student
):
    with pytest.raises(PermissionDenied):
        handover_record(
            actor=other_volunteer,
            student=student,
            device=ready_laptop(other_volunteer, other_team),
            team=other_team,
            handed_on=timezone.localdate(),
            place="x",
            follow_up_on=timezone.localdate() + timedelta(days=30),
        )


def test_the_handover_list_costs_the_same_queries_for_1_or_6_handovers(
    client, volunteer, leader, teacher, school, team, django_assert_max_num_queries
):
    handed_over(volunteer, approved(teacher, leader, school, full_name="Tạ Văn Một"), team)
    client.force_login(volunteer)
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("portal:handover_list"))
    for number in range(5):
        pupil = approved(teacher, leader, school, full_name=f"Tạ Văn {number}")
        handed_over(volunteer, pupil, team, sim=ready_sim(volunteer, team))

    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("portal:handover_list")).content.decode()
    assert page.count("Tạ Văn") == 6
