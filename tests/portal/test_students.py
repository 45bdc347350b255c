"""The beneficiary list: who proposes, who verifies and approves, who sees a child's data,
consent, the access log and anonymisation."""

import sys
from datetime import date, timedelta

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.views.debug import get_exception_reporter_class

from portal import access
from portal.models import Counter, Student, StudentAccess, StudentStatus
from portal.services.handovers import follow_up_record
from portal.services.students import (
    consent_record,
    student_access_record,
    student_approve,
    student_reject,
    student_reopen,
    student_verify,
    students_anonymise,
)
from portal.signals import consent_changed
from portal.tasks import anonymise_students
from tests.factories import MembershipFactory, SchoolFactory, TeamFactory, commune
from tests.factories.files import png
from tests.factories.signing_in import with_second_factor
from tests.factories.students import approved, handed_over, proposed, student_fields

pytestmark = pytest.mark.django_db


def figure(key, area, period="all") -> int:
    row = Counter.objects.filter(key=key, area=area, period=period).first()
    return row.value if row else 0


class TestProposing:
    def test_a_teacher_proposes_through_the_form_and_the_list_shows_the_need(
        self, client, teacher, school
    ):
        client.force_login(teacher)
        data = {
            **student_fields(school.commune.pk, birth_date="14/03/2013"),
            "school": school.pk,
            "guardian_phone": "+84 912 345 678",
            "needs_sim": "on",
        }

        response = client.post(reverse("portal:student_propose"), data, follow=True)

        student = Student.objects.get()
        assert student.status == StudentStatus.PROPOSED
        assert student.guardian_phone == "+84912345678"  # one way of writing a number
        assert student.proposed_by == teacher
        assert "Đã thêm Nguyễn Thị Lan vào danh sách đề xuất." in response.content.decode()
        listing = client.get(reverse("portal:student_list")).content.decode()
        assert "Nguyễn Thị Lan" in listing
        assert "Trường đề xuất" in listing

    def test_bad_input_is_explained_in_vietnamese_and_kept(self, client, teacher, school):
        client.force_login(teacher)
        data = {
            **student_fields(school.commune.pk, birth_date="2024-01-01", full_name="Lan"),
            "school": school.pk,
            "guardian_phone": "12345",
            "grade": "12",
            "needs_device": "",
            "needs_sim": "",
        }

        page = client.post(reverse("portal:student_propose"), data).content.decode()

        assert not Student.objects.exists()
        assert "Hãy ghi đủ họ và tên (ít nhất hai chữ)." in page
        assert "Ngày sinh chưa hợp lý" in page
        assert "Số điện thoại chưa đúng" in page
        assert "Lớp từ 1 đến 9" in page
        assert "Hãy chọn ít nhất một nhu cầu" in page
        assert 'value="Nguyễn Văn Hùng"' in page  # what was typed stays

    def test_the_same_child_proposed_twice_is_one_record(self, teacher, school):
        first = proposed(teacher, school)
        again = proposed(teacher, school, full_name="  nguyễn   THỊ lan ")

        assert again.pk == first.pk
        assert Student.objects.count() == 1

    def test_priority_puts_orphans_and_poor_households_first(self, client, teacher, school):
        proposed(teacher, school, full_name="Trần Văn Cận", circumstance="near_poor")
        proposed(teacher, school, full_name="Lê Thị Côi", circumstance="orphan")
        proposed(teacher, school, full_name="Phạm Văn Nghèo", circumstance="poor")
        client.force_login(teacher)

        page = client.get(reverse("portal:student_list")).content.decode()

        assert page.index("Lê Thị Côi") < page.index("Phạm Văn Nghèo") < page.index("Trần Văn Cận")

    def test_only_a_schools_own_teachers_propose_for_it(self, teacher, volunteer):
        elsewhere = SchoolFactory(name="Trường Tiểu học Cổ Bi", commune=commune("Cổ Bi"))

        with pytest.raises(PermissionDenied):
            proposed(teacher, elsewhere)
        with pytest.raises(PermissionDenied):
            proposed(volunteer, elsewhere)


class TestDeciding:
    def test_the_communes_team_verifies_and_its_leader_approves(
        self, teacher, school, volunteer, leader, team
    ):
        student = proposed(teacher, school)

        student_verify(actor=volunteer, student=student, note="Đã đến nhà")
        with pytest.raises(PermissionDenied):
            student_approve(actor=volunteer, student=student)
        student_approve(actor=leader, student=student)

        student.refresh_from_db()
        assert student.status == StudentStatus.APPROVED
        assert (student.verified_by, student.verification_note) == (volunteer, "Đã đến nhà")
        assert figure("students_verified", team.commune) == 1

    def test_the_proposing_school_cannot_verify_its_own_list(self, teacher, school):
        student = proposed(teacher, school)

        with pytest.raises(PermissionDenied):
            student_verify(actor=teacher, student=student)

    def test_not_eligible_needs_a_reason_and_can_be_reopened(self, teacher, school, leader):
        student = proposed(teacher, school)

        with pytest.raises(ValidationError, match="lý do"):
            student_reject(actor=leader, student=student)
        student_reject(actor=leader, student=student, note="Gia đình đã có máy")
        student.refresh_from_db()
        assert student.purpose_ended_on == timezone.localdate()
        student_reopen(actor=leader, student=student)
        student.refresh_from_db()
        assert (student.status, student.purpose_ended_on) == (StudentStatus.PROPOSED, None)

    def test_a_decision_out_of_order_is_refused_with_the_reason(self, teacher, school, leader):
        student = proposed(teacher, school)

        with pytest.raises(ValidationError, match="Trường đề xuất"):
            student_approve(actor=leader, student=student)


class TestWhoSeesAChild:
    def test_visibility_follows_school_and_commune_only(
        self, teacher, school, volunteer, other_volunteer, coordinator, editor, outsider
    ):
        student = proposed(teacher, school)
        other_teacher = MembershipFactory(
            team=TeamFactory(
                kind="teacher_it",
                school=SchoolFactory(name="Trường Tiểu học Bát Tràng"),
                commune=commune("Bát Tràng"),
            )
        ).person

        def sees(user):
            return access.students_visible_to(user).filter(pk=student.pk).exists()

        assert sees(teacher)
        assert sees(volunteer)
        assert not sees(other_volunteer)  # another commune's team
        assert not sees(other_teacher)  # another school, same commune
        assert not sees(coordinator)  # not before two-factor sign-in
        assert not sees(editor)
        assert not sees(outsider)

    def test_a_coordinator_is_sent_to_enrol_two_factor_first(self, client, coordinator):
        client.force_login(coordinator)

        response = client.get(reverse("portal:student_list"))

        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")

    def test_a_page_of_students_is_logged_in_one_query_a_row_each(
        self, teacher, school, volunteer, django_assert_num_queries
    ):
        shown = [proposed(teacher, school, full_name=f"Học sinh {n}") for n in range(3)]
        before = timezone.now()

        with django_assert_num_queries(1):
            student_access_record(
                actor=volunteer, students=shown, action=StudentAccess.Action.LISTED
            )

        rows = StudentAccess.objects.filter(actor=volunteer)
        assert sorted(rows.values_list("student", flat=True)) == sorted(s.pk for s in shown)
        assert set(rows.values_list("action", flat=True)) == {"listed"}
        assert all(before <= row.at <= timezone.now() for row in rows)
        with django_assert_num_queries(0):
            student_access_record(actor=volunteer, students=[], action="listed")

    def test_every_view_is_logged_and_coordinators_read_who_looked(
        self, client, teacher, school, volunteer, coordinator_2fa
    ):
        student = proposed(teacher, school)
        client.force_login(volunteer)
        client.get(reverse("portal:student_list"))
        client.get(reverse("portal:student_detail", args=[student.pk]))

        with_second_factor(coordinator_2fa, client)
        page = client.get(reverse("portal:student_detail", args=[student.pk])).content.decode()

        logged = list(StudentAccess.objects.filter(student=student).values_list("actor", "action"))
        assert (volunteer.pk, "listed") in logged
        assert (volunteer.pk, "viewed") in logged
        assert (coordinator_2fa.pk, "viewed") in logged
        assert "Ai đã xem hồ sơ này" in page
        assert str(volunteer) in page

    def test_student_pages_are_never_cached(self, client, teacher, school):
        student = proposed(teacher, school)
        client.force_login(teacher)

        response = client.get(reverse("portal:student_detail", args=[student.pk]))

        assert "no-store" in response["Cache-Control"]

    def test_the_list_costs_the_same_queries_for_3_or_30_students(
        self, client, teacher, school, django_assert_max_num_queries
    ):
        for number in range(3):
            proposed(teacher, school, full_name=f"Học Sinh {number}")
        client.force_login(teacher)
        with django_assert_max_num_queries(30) as few:
            client.get(reverse("portal:student_list"))
        for number in range(3, 30):
            proposed(teacher, school, full_name=f"Học Sinh {number}")

        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get(reverse("portal:student_list"))

    def test_no_public_page_names_the_child(self, client, teacher, school, leader, team):
        student = approved(teacher, leader, school, full_name="Hoàng Thị Bí Mật")
        handed_over(leader, student, team)

        for url in ["/", "/en/", "/sitemap.xml", "/robots.txt", "/health/"]:
            page = client.get(url).content.decode()
            assert "Bí Mật" not in page, url

    def test_a_crash_report_from_the_portal_carries_no_childs_data(self):
        name = "".join(["Hoàng Thị ", "Bí Mật"])  # never written whole near the crash
        request = RequestFactory().post(f"/portal/students/new/?q={name}", {"full_name": name})

        def save(full_name):  # a frame holding the child's name when it fails
            raise ValueError("boom")

        try:
            save(name)
        except ValueError:
            reporter = get_exception_reporter_class(request)(request, *sys.exc_info())
            report = reporter.get_traceback_text()

        assert name not in report
        assert "boom" in report
        assert ", in save" in report


class TestConsent:
    def test_withdrawal_stops_a_handover_at_once(self, teacher, school, leader, team):
        student = approved(teacher, leader, school)
        consent_record(
            actor=leader,
            student=student,
            purpose="device",
            granted=False,
            collected_on=timezone.localdate(),
        )

        with pytest.raises(ValidationError, match="Chưa có ý kiến đồng ý"):
            handed_over(leader, student, team)
        assert student.consents.count() == 2  # the history keeps both answers

    def test_consent_is_recorded_through_the_student_page(self, client, teacher, school, volunteer):
        student = proposed(teacher, school)
        client.force_login(volunteer)

        client.post(
            reverse("portal:student_consent", args=[student.pk]),
            {"purpose": "story", "granted": "yes", "collected_on": "2026-11-20"},
        )

        student.refresh_from_db()
        record = student.consents.get()
        assert student.consent_story
        assert (record.collected_by, record.collected_on) == (volunteer, date(2026, 11, 20))


class TestAnonymisation:
    def test_records_past_retention_lose_what_identifies_the_child(
        self, teacher, school, leader, team, settings
    ):
        settings.STUDENT_RETENTION_DAYS = 30
        old = approved(teacher, leader, school, full_name="Lê Văn Cũ")
        handover = handed_over(leader, old, team, acknowledgement=(png(), "image/png"))
        for follow_up in handover.follow_ups.all():
            follow_up_record(
                actor=leader, follow_up=follow_up, done_on=timezone.localdate(), device_in_use=True
            )
        recent = proposed(teacher, school, full_name="Trần Thị Mới")
        storage = handover.acknowledgement.storage
        stored = handover.acknowledgement.name

        assert students_anonymise(today=timezone.localdate() + timedelta(days=10)) == 0
        assert students_anonymise(today=timezone.localdate() + timedelta(days=31)) == 1
        assert students_anonymise(today=timezone.localdate() + timedelta(days=31)) == 0

        old.refresh_from_db()
        recent.refresh_from_db()
        assert old.is_anonymised
        assert "Lê Văn Cũ" not in old.full_name
        assert (old.birth_date, old.guardian_name, old.guardian_phone) == (None, "", "")
        assert not storage.exists(stored)
        assert old.school == school
        assert old.grade == 6
        assert recent.full_name == "Trần Thị Mới"


def test_the_school_corrects_a_record_until_it_is_verified(client, teacher, school, volunteer):
    student = proposed(teacher, school)
    client.force_login(teacher)
    data = {**student_fields(school.commune.pk, birth_date="2013-03-14"), "grade": 7}

    client.post(reverse("portal:student_edit", args=[student.pk]), data)
    student.refresh_from_db()
    assert student.grade == 7
    student_verify(actor=volunteer, student=student)

    assert client.get(reverse("portal:student_edit", args=[student.pk])).status_code == 403


def test_a_consent_change_is_announced_after_it_is_committed(
    teacher, school, volunteer, django_capture_on_commit_callbacks
):
    student = proposed(teacher, school)
    heard = []

    def listener(sender, **kwargs):
        heard.append(kwargs)

    consent_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            consent_record(
                actor=volunteer,
                student=student,
                purpose="story",
                granted=False,
                collected_on=timezone.localdate(),
            )
            assert heard == []  # not before the change is committed
    finally:
        consent_changed.disconnect(listener)

    assert heard == [
        {"signal": consent_changed, "student_id": student.pk, "purpose": "story", "granted": False}
    ]


def test_the_daily_job_anonymises_through_celery(teacher, school, leader, settings):
    settings.STUDENT_RETENTION_DAYS = 0
    student = proposed(teacher, school)
    student_reject(actor=leader, student=student, note="Đã chuyển đi")

    assert anonymise_students.delay().get() == 1

    student.refresh_from_db()
    assert student.is_anonymised
