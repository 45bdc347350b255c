"""Training sessions, people trained and volunteer hours (recognition on the profile)."""

from datetime import timedelta

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from portal.hours import WORK_MINUTES
from portal.models import Counter, TrainingSession
from portal.selectors.students import volunteer_hours
from portal.services.recount import counters_recount
from portal.services.training import training_record
from tests.factories import MembershipFactory
from tests.factories.students import approved, handed_over, proposed, ready_laptop

pytestmark = pytest.mark.django_db


def figure(key, area) -> int:
    row = Counter.objects.filter(key=key, area=area, period="all").first()
    return row.value if row else 0


def session_fields(team, **fields):
    return {
        "kind": "guidance",
        "held_on": timezone.localdate(),
        "place": "Nhà văn hóa thôn 2",
        "commune": team.commune,
        "team": team,
        "topic": "Cài đặt và dùng Zoom, Google Meet để học trực tuyến",
        "minutes": 90,
        "head_count": 0,
        **fields,
    }


def test_a_guidance_session_is_recorded_through_the_form_and_counted(
    client, leader, volunteer, teacher, school, team, gia_lam
):
    pupil = approved(teacher, leader, school)
    client.force_login(leader)

    response = client.post(
        reverse("portal:training_create"),
        {
            **session_fields(team),
            "commune": team.commune.pk,
            "team": team.pk,
            "held_on": timezone.localdate().isoformat(),
            "trainers": [leader.pk],
            "volunteers": [volunteer.pk],
            "students": [pupil.pk],
            "head_count": 3,
            "form_key": "3c2b1a0f-9e8d-4c7b-a6f5-e4d3c2b1a0f9",
        },
    )

    session = TrainingSession.objects.get()
    assert response["Location"] == reverse("portal:training_detail", args=[session.pk])
    assert session.people_trained == 5  # one pupil, one volunteer, three parents
    assert figure("training_sessions", gia_lam) == 1
    assert figure("people_trained", gia_lam) == 5
    assert counters_recount() == []
    page = client.get(response["Location"]).content.decode()
    assert pupil.full_name in page
    assert "Tổng số người được đào tạo" in page


def test_a_session_needs_a_trainer_and_someone_attending(leader, team):
    with pytest.raises(ValidationError, match="người hướng dẫn"):
        training_record(actor=leader, fields=session_fields(team, head_count=5), trainers=[])
    with pytest.raises(ValidationError, match="người tham dự"):
        training_record(actor=leader, fields=session_fields(team), trainers=[leader])
    with pytest.raises(ValidationError, match="tương lai"):
        training_record(
            actor=leader,
            fields=session_fields(
                team, held_on=timezone.localdate() + timedelta(days=1), head_count=5
            ),
            trainers=[leader],
        )


def test_students_one_may_not_see_cannot_be_named(other_volunteer, teacher, school):
    pupil = proposed(teacher, school)

    with pytest.raises(PermissionDenied):
        training_record(
            actor=other_volunteer,
            fields=session_fields(other_volunteer.teams.get(), head_count=0),
            trainers=[other_volunteer],
            students=[pupil],
        )


def test_volunteer_hours_add_up_the_logged_work_and_show_on_the_profile(
    client, leader, volunteer, teacher, school, team
):
    laptop = ready_laptop(volunteer, team)  # intake + a check by the volunteer
    handed_over(volunteer, approved(teacher, leader, school), team, device=laptop)
    trainee = MembershipFactory(team=team).person
    training_record(
        actor=leader,
        fields=session_fields(team, kind="volunteer_skills", minutes=120),
        trainers=[volunteer],
        volunteers=[trainee],
    )

    hours = volunteer_hours(volunteer)

    expected = WORK_MINUTES["intake"] + WORK_MINUTES["check"] + WORK_MINUTES["handover"] + 120
    assert hours.total_minutes == expected
    assert volunteer_hours(trainee).total_minutes == 120
    client.force_login(volunteer)
    page = client.get(reverse("portal:my_profile")).content.decode()
    assert expected == 225
    assert "<strong>3,8</strong> giờ" in page  # 225 minutes, written the Vietnamese way
    assert "Hướng dẫn, đào tạo: 2 giờ" in page
    assert counters_recount() == []
