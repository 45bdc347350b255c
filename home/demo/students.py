"""Demo students (fictional names) in every status, handovers with different consents, a
returned device, check-ins done and overdue, and training sessions — all made through the
real services, as the schools and teams would, so counters and logs agree."""

import io
import uuid
from datetime import date, timedelta
from decimal import Decimal

from PIL import Image, ImageDraw

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from portal import specs
from portal.models import Device, Handover, School, Student, Team, TrainingSession
from portal.models import StudentStatus as S
from portal.phones import phone_stored
from portal.services.devices import device_intake, spec_check_record
from portal.services.handovers import follow_up_record, handover_record, handover_return
from portal.services.students import (
    consent_record,
    student_approve,
    student_propose,
    student_reject,
    student_verify,
)
from portal.services.training import training_record

from .devices import GOOD, wiped

NAMESPACE = uuid.UUID("6c0f7a4e-2b1d-4e8f-9a3c-5d7e1f2a4b6c")


# (name, born, grade, circumstance, needs, where it ends up, consents given)
PUPILS = {
    "Trường THCS Bát Tràng": [
        ("Nguyễn Thị Ánh", date(2012, 4, 9), 8, "poor", "laptop", "served", "device photo story"),
        ("Lê Văn Bình", date(2013, 1, 22), 7, "orphan", "tablet", "served", "device photo"),
        ("Phạm Thị Cúc", date(2011, 10, 3), 9, "near_poor", "phone", "served", "device"),
        ("Trần Văn Dũng", date(2012, 7, 15), 8, "hardship", "laptop", "returned", "device"),
        ("Đỗ Thị Én", date(2014, 2, 28), 6, "disability", "tablet", "approved", "device"),
        ("Vũ Văn Phong", date(2013, 5, 5), 7, "poor", "phone", "verified", ""),
        ("Hoàng Thị Giang", date(2012, 12, 1), 8, "other", "laptop", "not_eligible", ""),
        ("Bùi Văn Hải", date(2014, 9, 19), 6, "near_poor", "tablet", "proposed", ""),
        # Approved here; the laptop a donor offered on the public site goes to him (demo/desk).
        ("Mai Văn Khánh", date(2013, 8, 14), 7, "poor", "laptop", "approved", "device"),
    ],
    "Trường Tiểu học Trâu Quỳ": [
        ("Ngô Thị Hạnh", date(2016, 3, 12), 4, "poor", "tablet", "served", "device story"),
        ("Đặng Văn Khoa", date(2015, 11, 30), 5, "orphan", "tablet", "approved", "device"),
        ("Lý Thị Mai", date(2017, 6, 6), 3, "near_poor", "phone", "proposed", ""),
    ],
}
# Who proposes for each school, and who verifies and hands over in the pupils' commune.
PEOPLE = {
    "Trường THCS Bát Tràng": ("giaovien@demo.maytinhcu.vn", "totruong@demo.maytinhcu.vn"),
    "Trường Tiểu học Trâu Quỳ": ("thanhvien17@demo.maytinhcu.vn", "thanhvien1@demo.maytinhcu.vn"),
}
HANDED_DAYS_AGO = [95, 48, 20, 9, 3]  # spread over the months, for the monthly target


def _signature() -> SimpleUploadedFile:
    """A drawn "signature" standing in for a guardian's signed acknowledgement."""
    image = Image.new("RGB", (480, 160), "white")
    pen = ImageDraw.Draw(image)
    pen.line(
        [(30, 110), (90, 40), (130, 120), (190, 50), (250, 115), (330, 60), (440, 90)],
        fill="navy",
        width=4,
    )
    pen.text((30, 130), "Phu huynh da nhan thiet bi", fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile("bien-nhan.png", buffer.getvalue(), content_type="image/png")


def _ready(actor, team: Team, kind: str, number: int) -> Device:
    """A device received and checked for this handover (the same one on every run)."""
    key = uuid.uuid5(NAMESPACE, f"device-{team.pk}-{kind}-{number}")
    if device := Device.objects.filter(intake_key=key).first():
        return device
    fields = {
        "kind": kind,
        "brand": "Dell" if kind == "laptop" else "Samsung",
        "model_name": "Máy trao tặng",
    }
    if kind == "sim":
        fields.update(
            carrier="viettel",
            data_gb_per_day=Decimal(4),
            valid_from=timezone.localdate(),
            valid_until=timezone.localdate() + timedelta(days=200),
            sponsor="Viettel Gia Lâm",
        )
    device = device_intake(actor=actor, team=team, fields=fields, intake_key=key)
    measurements = (
        specs.Measurements(data_gb_per_day=Decimal(4), valid_until=device.valid_until)
        if kind == "sim"
        else GOOD[kind]
    )
    wiped(device, actor)
    spec_check_record(actor=actor, device=device, measurements=measurements)
    return device


def _bring_to(student: Student, target: str, worker, team: Team, consents: str, number: int):
    today = timezone.localdate()
    for purpose in consents.split():
        if not getattr(student, f"consent_{purpose}"):
            consent_record(
                actor=worker, student=student, purpose=purpose, granted=True, collected_on=today
            )
    if target == "proposed" or student.status == S.SERVED:
        return
    if student.status == S.PROPOSED:
        if target == "not_eligible":
            student_reject(
                actor=worker,
                student=student,
                note="Gia đình đã mua máy tính cho em",
            )
            return
        student_verify(actor=worker, student=student, note="Đã đến nhà, đúng hoàn cảnh")
    student.refresh_from_db()
    if target == "verified" or student.status != S.VERIFIED:
        return
    student_approve(actor=worker, student=student)
    if target not in ("served", "returned"):
        return
    handed_on = today - timedelta(days=HANDED_DAYS_AGO[number % len(HANDED_DAYS_AGO)])
    sim = _ready(worker, team, "sim", number) if student.needs_sim else None
    handover = handover_record(
        actor=worker,
        student=student,
        device=_ready(worker, team, student.needs_device, number),
        sim=sim,
        team=team,
        handed_on=handed_on,
        place=team.meeting_place or "Nhà văn hóa",
        follow_up_on=handed_on + timedelta(days=30),
        guidance_given=True,
        acknowledgement=(_signature(), "image/png"),
        form_key=uuid.uuid5(NAMESPACE, f"handover-{student.pk}"),
    )
    for follow_up in handover.follow_ups.filter(due_on__lte=today - timedelta(days=7)):
        follow_up_record(
            actor=worker,
            follow_up=follow_up,
            done_on=follow_up.due_on,
            device_in_use=True,
            note="Em dùng máy học trực tuyến đều đặn",
        )
    if sim and number % 2:
        # A SIM given months ago whose validity is running out: the daily job warns.
        Device.objects.filter(pk=sim.pk).update(valid_until=today + timedelta(days=10))
    if target == "returned":
        handover_return(
            actor=worker,
            handover=handover,
            returned_on=min(handed_on + timedelta(days=14), today),
            reason="Gia đình chuyển về quê, em chuyển trường",
        )


def load() -> int:
    """Create what is missing; return how many students the demo has."""
    User = get_user_model()
    for school_name, pupils in PUPILS.items():
        school = School.objects.get(name=school_name)
        proposer, worker = (User.objects.get(email=email) for email in PEOPLE[school_name])
        team = Team.objects.get(kind=Team.Kind.YOUTH_IT, commune=school.commune)
        for number, (name, born, grade, circumstance, needs, target, consents) in enumerate(pupils):
            student, _created = student_propose(
                actor=proposer,
                school=school,
                fields={
                    "full_name": name,
                    "birth_date": born,
                    "grade": grade,
                    "commune": school.commune,
                    "guardian_name": f"{name.split()[0]} Văn Thành",
                    "guardian_phone": phone_stored(
                        f"09{(number * 7919 + school.pk * 131) % 10**8:08d}"
                    ),
                    "circumstance": circumstance,
                    "needs_device": needs,
                    "needs_sim": needs != "laptop",
                    "needs_internet": needs == "laptop",
                },
            )
            if not Handover.objects.filter(student=student).exists():
                _bring_to(student, target, worker, team, consents, number)
    _training()
    return Student.objects.count()


def _training() -> None:
    User = get_user_model()
    leader, volunteer = (
        User.objects.get(email=f"{mailbox}@demo.maytinhcu.vn")
        for mailbox in ("totruong", "tinhnguyen")
    )
    bat_trang = Team.objects.get(kind=Team.Kind.YOUTH_IT, commune__name="Bát Tràng")
    cluster = Team.objects.get(kind=Team.Kind.IT_SUPPORT, cluster__name="Cụm đoàn số 1")
    today = timezone.localdate()
    sessions = [
        (
            leader,
            {
                "kind": TrainingSession.Kind.GUIDANCE,
                "held_on": today - timedelta(days=18),
                "place": bat_trang.meeting_place or "Nhà văn hóa",
                "commune": bat_trang.commune,
                "team": bat_trang,
                "topic": "Dùng máy tính bảng để học trên Zoom và K12Online",
                "minutes": 90,
                "head_count": 4,
            },
            [leader, volunteer],
            list(Student.objects.filter(school__name="Trường THCS Bát Tràng", status=S.SERVED)),
            [],
        ),
        (
            volunteer,
            {
                "kind": TrainingSession.Kind.VOLUNTEER_SKILLS,
                "held_on": today - timedelta(days=30),
                "place": "Hội trường Huyện đoàn Gia Lâm",
                "commune": bat_trang.commune,
                "team": cluster,
                "topic": "Cài Windows 10, thay RAM, SSD và kiểm tra cấu hình máy cũ",
                "minutes": 180,
                "head_count": 0,
            },
            [volunteer],
            [],
            list(User.objects.filter(teams__in=[bat_trang, cluster]).exclude(pk=volunteer.pk)),
        ),
    ]
    for number, (actor, fields, trainers, students, volunteers) in enumerate(sessions):
        training_record(
            actor=actor,
            fields=fields,
            trainers=trainers,
            students=students,
            volunteers=volunteers,
            form_key=uuid.uuid5(NAMESPACE, f"training-{number}"),
        )
