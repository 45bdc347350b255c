"""Every portal URL × every role × our team's object / another team's object.

Adding a portal URL without adding it here fails `test_every_portal_url_is_in_the_matrix`.
"Allowed" means the page or action works; "denied" means 403 or 404 and none of the object's
data in the answer; anonymous visitors are always sent to sign in. A write (a POST) shows
its effect on the object when allowed, and none when refused.

Two-factor sign-in counts per session: "coordinator" is the coordinator in a session that
gave its second factor; "coordinator_password_only" is the same account (it has an
authenticator app) in a session that gave only the password. That one may do what the
coordinator may, except that every page of children's data sends it to step up
(`STEP_UP`), and no answer of any URL holds a child's, a donor's or a requester's personal
data, or a serial number.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from portal.models import (
    BankCredit,
    BankStatement,
    Device,
    Fund,
    Invitation,
    Membership,
    PushSubscription,
    Report,
    StudentImport,
    StudentStatus,
)
from portal.records_admin import RecordsViewSetGroup
from portal.services.devices import device_photos_add
from portal.services.training import training_record
from portal.urls import urlpatterns
from tests.factories import MembershipFactory, SchoolFactory, SuperuserFactory, UserFactory
from tests.factories.desk import offered, requested
from tests.factories.devices import listed_for_sale, received, sale_recorded
from tests.factories.files import png
from tests.factories.signing_in import with_second_factor
from tests.factories.students import approved, handed_over, proposed, ready_sim
from tests.factories.teams import commune, second_district
from tests.push_service import BrowserKeys

pytestmark = pytest.mark.django_db

PASSWORD_ONLY = "coordinator_password_only"
ROLES = ["coordinator", PASSWORD_ONLY, "leader", "volunteer", "teacher", "editor", "outsider"]
SIGNED_IN = set(ROLES)


@dataclass(frozen=True)
class Rule:
    method: str = "GET"
    target: str | None = None  # the object the URL takes: team, membership, invitation, person,
    # device, sale, photo, area (by primary key), "device_code" (a device by its asset code), or
    # "offer_to_volunteer" (a role offered to our volunteer's account)
    own: frozenset = frozenset()  # roles allowed on our team's object (or with no object)
    other: frozenset = frozenset()  # roles allowed on another team's object
    data: tuple = ()  # a value may be a callable, called for each request (a fresh upload)
    effect: Callable | None = None  # of a POST on its object: true once the write took effect
    as_json: bool = False  # the data posted as a JSON object (what a page's script sends)


def rule(method="GET", target=None, own=(), other=(), data=(), effect=None, as_json=False):
    return Rule(method, target, frozenset(own), frozenset(other), tuple(data), effect, as_json)


def fresh(record):
    record.refresh_from_db()
    return record


COORDINATOR = {"coordinator"}
MANAGERS = {"coordinator", "leader"}
WORKERS = {"coordinator", "leader", "volunteer"}  # everyone in the team that holds the device
PROPOSERS = {"coordinator", "teacher"}  # the school's teachers propose its pupils
SEE_STUDENTS = {"coordinator", "leader", "volunteer", "teacher"}  # the commune's team + school

MATRIX = {
    "dashboard": rule(own=SIGNED_IN),
    "my_profile": rule(own=SIGNED_IN),
    # This phone's notifications, for whoever is signed in on it.
    "push_subscribe": rule(
        "POST",
        own=SIGNED_IN,
        data=BrowserKeys().subscription("http://127.0.0.1:9/push/matrix").items(),
        effect=lambda _: PushSubscription.objects.exists(),
        as_json=True,
    ),
    "push_unsubscribe": rule(
        "POST", own=SIGNED_IN, data=[("endpoint", "http://127.0.0.1:9/push/matrix")], as_json=True
    ),
    "coverage": rule(own=COORDINATOR),
    "placements": rule(own=COORDINATOR),
    "team_list": rule(own=SIGNED_IN),
    "team_create": rule(own=COORDINATOR),
    "team_detail": rule(
        target="team", own={"coordinator", "leader", "volunteer"}, other=COORDINATOR
    ),
    "team_edit": rule(target="team", own=MANAGERS, other=COORDINATOR),
    "team_invite": rule(target="team", own=MANAGERS, other=COORDINATOR),
    "membership_role": rule(
        "POST",
        "membership",
        own=COORDINATOR,
        other=COORDINATOR,
        data=[("role", "leader")],
        effect=lambda membership: fresh(membership).role == Membership.Role.LEADER,
    ),
    "membership_remove": rule(
        "POST",
        "membership",
        own=MANAGERS,
        other=COORDINATOR,
        effect=lambda membership: not Membership.objects.filter(pk=membership.pk).exists(),
    ),
    "invitation_revoke": rule(
        "POST",
        "invitation",
        own=MANAGERS,
        other=COORDINATOR,
        effect=lambda invitation: fresh(invitation).revoked_at is not None,
    ),
    # Only the account a role is offered to answers it ("own": offered to the volunteer).
    "invitation_answer": rule(
        "POST",
        "offer_to_volunteer",
        own={"volunteer"},
        data=[("answer", "accept")],
        effect=lambda invitation: fresh(invitation).accepted_at is not None,
    ),
    "person_list": rule(own=COORDINATOR),
    "person_invite": rule(own=COORDINATOR),
    "person_detail": rule(target="person", own=MANAGERS, other=COORDINATOR),
    "person_deactivate": rule(
        "POST",
        "person",
        own=COORDINATOR,
        other=COORDINATOR,
        effect=lambda person: not fresh(person).is_active,
    ),
    "person_reactivate": rule(
        "POST",
        "deactivated_person",
        own=COORDINATOR,
        other=COORDINATOR,
        effect=lambda person: fresh(person).is_active,
    ),
    "audit_log": rule(own=COORDINATOR),
    "device_list": rule(own=SIGNED_IN),
    # Everyone who sees devices; the student is named only to those who may see them.
    "sim_expiring_list": rule(own=SIGNED_IN),
    "device_intake": rule(own={"coordinator", "leader", "volunteer", "teacher"}),
    "device_find": rule(own=SIGNED_IN),  # a lookup: another team's code finds nothing
    "device_find_code": rule(target="device_code", own=SIGNED_IN, other=SIGNED_IN),
    "device_labels": rule(own=SIGNED_IN),  # only the devices one may see are printed
    "device_detail": rule(target="device", own=WORKERS, other=COORDINATOR),
    "device_check": rule(target="device", own=WORKERS, other=COORDINATOR),
    "device_repair": rule(target="device", own=WORKERS, other=COORDINATOR),
    "device_transition": rule(
        "POST",
        "device",
        own=WORKERS,
        other=COORDINATOR,
        data=[("to", "checking")],
        effect=lambda device: fresh(device).status == "checking",
    ),
    "device_sale": rule(target="device", own=WORKERS, other=COORDINATOR),
    # Whoever works on the device records its wipe (the form; the service is tested apart).
    "device_wipe": rule(target="device", own=WORKERS, other=COORDINATOR),
    # Only a ready device can be reserved: the device built here is refused in words.
    "device_reserve": rule("POST", "device", own=WORKERS, other=COORDINATOR),
    "device_unreserve": rule("POST", "device", own=WORKERS, other=COORDINATOR),
    "sale_approve": rule(
        "POST",
        "sale",
        own=COORDINATOR,
        other=COORDINATOR,
        effect=lambda sale: fresh(sale).approved_at is not None,
    ),
    "device_photos": rule(
        "POST",
        "device",
        own=WORKERS,
        other=COORDINATOR,
        data=[("photos", png)],
        effect=lambda device: device.photos.exists(),
    ),
    "device_photo": rule(target="photo", own=WORKERS, other=COORDINATOR),
    # Whoever may check the device reads its hardware: a saved report, a script, a QR code.
    "device_snapshot_upload": rule(target="device", own=WORKERS, other=COORDINATOR),
    "device_capture_script": rule(
        "POST", "device", own=WORKERS, other=COORDINATOR, data=[("platform", "windows")]
    ),
    "device_capture_phone": rule(
        "POST",
        "phone_device",  # the QR code is for a phone or a tablet only
        own=WORKERS,
        other=COORDINATOR,
        effect=lambda device: device.capture_tokens.exists(),
    ),
    "fund_ledger": rule(own=COORDINATOR),
    # Bank statements name donors: a coordinator with a second factor, of their own fund.
    "fund_reconcile": rule(own=COORDINATOR),
    "fund_statement": rule(target="statement", own=COORDINATOR),
    "bank_credits_unmatched": rule(own=COORDINATOR),
    "bank_credit_assign": rule(
        "POST",
        "bank_credit",
        own=COORDINATOR,
        data=[
            ("code", lambda: offered(commune("Bát Tràng"), items=[], money_pledge_vnd=1).reference)
        ],
        effect=lambda credit: fresh(credit).status == BankCredit.Status.POSTED,
    ),
    "bank_credit_anonymous": rule(
        "POST",
        "bank_credit",
        own=COORDINATOR,
        effect=lambda credit: fresh(credit).status == BankCredit.Status.POSTED,
    ),
    "standard_list": rule(own=SIGNED_IN),
    # The program-wide minimums: only a coordinator of the whole tree (the district's
    # coordinator is not one); tests/portal/test_access_matrix_two_cities.py has who may.
    "standard_edit": rule(),
    # An area's raise and target: the coordinators running it (both communes are Gia Lâm's;
    # another city's area: tests/portal/test_area_standards.py).
    "area_standard_edit": rule(target="area", own=COORDINATOR, other=COORDINATOR),
    "area_target_edit": rule(target="area", own=COORDINATOR, other=COORDINATOR),
    # Students: the coordinator here has two-factor sign-in (without it, see test_students).
    "student_list": rule(own=SIGNED_IN),  # each sees only the students they may
    "student_propose": rule(own=PROPOSERS),
    "student_import": rule(own=PROPOSERS),
    "student_import_template": rule(own=PROPOSERS),
    "student_import_detail": rule(target="import", own=PROPOSERS, other=COORDINATOR),
    "student_import_progress": rule(target="import", own=PROPOSERS, other=COORDINATOR),
    # Only whoever sent a stalled import or report may queue it again.
    "student_import_retry": rule(
        "POST",
        "stalled_import",
        own={"teacher"},
        other=COORDINATOR,
        effect=lambda job: fresh(job).finished,
    ),
    "student_detail": rule(target="student", own=SEE_STUDENTS, other=COORDINATOR),
    "student_edit": rule(target="student", own=PROPOSERS, other=COORDINATOR),
    "student_decide": rule(
        "POST",
        "student",
        own=WORKERS,
        other=COORDINATOR,
        data=[("decision", "verify")],
        effect=lambda student: fresh(student).status == StudentStatus.VERIFIED,
    ),
    "student_consent": rule(
        "POST",
        "student",
        own=SEE_STUDENTS,
        other=COORDINATOR,
        data=[("purpose", "photo"), ("granted", "no"), ("collected_on", "2026-11-01")],
        effect=lambda student: student.consents.filter(purpose="photo", granted=False).exists(),
    ),
    "handover_create": rule(target="student", own=WORKERS, other=COORDINATOR),
    "handover_list": rule(own=SIGNED_IN),
    "handover_detail": rule(target="handover", own=SEE_STUDENTS, other=COORDINATOR),
    "handover_return": rule(target="handover", own=WORKERS, other=COORDINATOR),
    "handover_acknowledgement": rule(target="handover", own=SEE_STUDENTS, other=COORDINATOR),
    "follow_up_list": rule(own=SIGNED_IN),
    "follow_up_record": rule(target="follow_up", own=SEE_STUDENTS, other=COORDINATOR),
    "training_list": rule(own=SIGNED_IN),
    "training_create": rule(own={"coordinator", "leader", "volunteer", "teacher"}),
    "training_detail": rule(target="training", own=WORKERS, other=COORDINATOR),
    # Offers reach the team of the donor's commune; support requests that of the requester.
    "offer_list": rule(own=SIGNED_IN),  # each sees only the offers routed to them
    "offer_detail": rule(target="offer", own=WORKERS, other=COORDINATOR),
    "offer_step": rule(target="offer", own=WORKERS, other=COORDINATOR),
    "offer_route": rule(target="offer", own=COORDINATOR, other=COORDINATOR),
    "offer_receive": rule(target="offer", own=WORKERS, other=COORDINATOR),
    # Numbers and addresses are shown mostly hidden: no second factor needed.
    "failed_deliveries": rule(own={"coordinator", PASSWORD_ONLY}),
    "support_list": rule(own=SIGNED_IN),
    "support_file": rule(own={"coordinator", "leader", "volunteer", "teacher"}),
    "support_promise": rule(own=SIGNED_IN),
    "support_detail": rule(target="support", own=WORKERS, other=COORDINATOR),
    "support_assign": rule(target="support", own=WORKERS, other=COORDINATOR),
    "support_action": rule(target="support", own=WORKERS, other=COORDINATOR),
    "export_list": rule(own=SIGNED_IN),  # each exports only what they may see (test_exports)
    "commendation_list": rule(own=COORDINATOR),
    "leaderboard": rule(own=COORDINATOR),
    "report_list": rule(own=COORDINATOR),
    "report_detail": rule(target="report", own=COORDINATOR, other=COORDINATOR),
    "report_progress": rule(target="report", own=COORDINATOR, other=COORDINATOR),
    "report_download": rule(target="report", own=COORDINATOR, other=COORDINATOR),
    "report_retry": rule(
        "POST",
        "stalled_report",
        own=COORDINATOR,
        other=COORDINATOR,
        effect=lambda report: fresh(report).finished,
    ),
}


# The pages of children's data: a coordinator's session without its second factor is sent
# to the authenticator app's prompt, coming back to the page asked for.
STEP_UP = {
    "student_list",
    "student_propose",
    "student_import",
    "student_import_template",
    "student_import_detail",
    "student_import_progress",
    "student_import_retry",
    "student_detail",
    "student_edit",
    "student_decide",
    "student_consent",
    "handover_create",
    "handover_list",
    "handover_detail",
    "handover_return",
    "handover_acknowledgement",
    "follow_up_list",
    "follow_up_record",
    # Donors' names and accounts in the bank's memos.
    "fund_reconcile",
    "fund_statement",
    "bank_credits_unmatched",
    "bank_credit_assign",
    "bank_credit_anonymous",
}


# Opened on a donated device where nobody signs in: a one-time token, not a session, gates
# them (tests/portal/test_hardware_upload.py, tests/browser/test_phone_capture.py).
TOKEN_GATED = {"snapshot_upload", "phone_capture"}


def test_every_portal_url_is_in_the_matrix():
    assert {pattern.name for pattern in urlpatterns} == set(MATRIX) | TOKEN_GATED
    assert set(MATRIX) >= STEP_UP


@pytest.fixture
def objects(team, other_team, coordinator, teacher, school, volunteer):
    """Builds the object a URL takes, on one side: our team's ("own") or another team's
    ("other"). Only that object is built: building every kind for each case is slow."""
    with_second_factor(coordinator)  # builds what only a coordinator with it may
    teams = {"own": team, "other": other_team}
    schools = {  # who proposes students, for which school
        "own": (teacher, school),
        "other": (coordinator, SchoolFactory(commune=other_team.commune)),
    }

    def membership(of_team, *_school):
        return MembershipFactory(team=of_team, person=UserFactory(first_name="Bình"))

    def invitation(of_team, *_school):
        invited = Invitation(
            email=f"moi@{of_team.pk}.vn", role="member", team=of_team, invited_by=coordinator
        )
        invited.new_token()
        invited.save()
        return invited

    def offer_to_volunteer(of_team, *_school):
        """Our volunteer is offered the lead of our team; another team's offer is someone
        else's."""
        addressee = volunteer if of_team == team else UserFactory(first_name="Khác")
        offered_role = Invitation(
            email=addressee.email, role="leader", team=of_team, invited_by=coordinator
        )
        offered_role.new_token()
        offered_role.save()
        return offered_role

    def device(of_team, *_school):
        return received(coordinator, of_team, serial=f"SERIAL-{of_team.pk}")

    def phone_device(of_team, *_school):
        return received(coordinator, of_team, kind="phone", serial=f"PHONE-{of_team.pk}")

    def sale(of_team, *_school):
        return sale_recorded(coordinator, listed_for_sale(coordinator, of_team))

    def photo(of_team, *_school):
        return device_photos_add(
            actor=coordinator, device=device(of_team), photos=[(png(), "image/png")]
        )[0]

    def student(of_team, proposer, of_school):
        return proposed(proposer, of_school, full_name=f"Đề Xuất {of_team.pk}")

    def handover(of_team, proposer, of_school):
        pupil = approved(proposer, coordinator, of_school, full_name=f"Học Sinh {of_team.pk}")
        return handed_over(coordinator, pupil, of_team, acknowledgement=(png(), "image/png"))

    def student_import(of_team, proposer, of_school):
        upload = SimpleUploadedFile("danh-sach.xlsx", b"PK\x03\x04 (not read here)")
        return StudentImport.objects.create(school=of_school, file=upload, uploaded_by=proposer)

    def deactivated_person(*where):
        person = membership(*where).person
        person.is_active = False
        person.save(update_fields=["is_active"])
        return person

    def stalled(job):
        """Silent for a day: its sender's "Chạy lại ngay" queues it again."""
        job.heartbeat_at = timezone.now() - timedelta(days=1)
        job.save(update_fields=["heartbeat_at"])
        return job

    def report(of_team, *_school):
        return Report.objects.create(
            area=of_team.commune,
            first_month="2026-10",
            last_month="2026-10",
            requested_by=coordinator,
        )

    def training(of_team, *_school):
        return training_record(
            actor=coordinator,
            fields={
                "kind": "volunteer_skills",
                "held_on": date(2026, 11, 1),
                "place": "Nhà văn hóa",
                "commune": of_team.commune,
                "team": of_team,
                "topic": "Cài hệ điều hành",
                "minutes": 60,
                "head_count": 4,
            },
            trainers=[coordinator],
        )

    def statement(of_team, *_school):
        """Our district's fund, or another district's (Long Biên: another coordinator's)."""
        area = of_team.commune.get_parent() if of_team == team else second_district()
        fund, _new = Fund.objects.get_or_create(area=area)
        return BankStatement.objects.create(
            fund=fund, file_name=f"sao-ke-{of_team.pk}.xlsx", uploaded_by=coordinator
        )

    def bank_credit(of_team, *_school):
        made = statement(of_team)
        return BankCredit.objects.create(
            fund=made.fund,
            statement=made,
            bank_reference=f"5215 - {of_team.pk}",
            occurred_on=date(2026, 11, 15),
            amount_vnd=200_000,
            memo=f"IBFT NGUYEN VAN AN {of_team.pk} UNG HO CHUONG TRINH",
        )

    builders = {
        "team": lambda of_team, *_school: of_team,
        "statement": statement,
        "bank_credit": bank_credit,
        "area": lambda of_team, *_school: of_team.commune,
        "membership": membership,
        "invitation": invitation,
        "offer_to_volunteer": offer_to_volunteer,
        "person": lambda *where: membership(*where).person,
        "deactivated_person": deactivated_person,
        "device": device,
        "device_code": device,
        "phone_device": phone_device,
        "sale": sale,
        "photo": photo,
        "student": student,
        "handover": handover,
        "follow_up": lambda *where: handover(*where).follow_ups.first(),
        "import": student_import,
        "stalled_import": lambda *where: stalled(student_import(*where)),
        "training": training,
        "offer": lambda of_team, *_school: offered(of_team.commune, donor_name=f"Nhà {of_team}"),
        "support": lambda of_team, *_school: requested(of_team.commune, name=f"Phụ {of_team}"),
        "report": report,
        "stalled_report": lambda *where: stalled(report(*where)),
    }
    return lambda side, target: builders[target](teams[side], *schools[side])


def cases():
    for name, spec in MATRIX.items():
        for role in ["anonymous", *ROLES]:
            for side in ["own", "other"] if spec.target else ["own"]:
                yield pytest.param(name, role, side, id=f"{name}-{role}-{side}")


def portal_url(name: str, target=None) -> str:
    """The address of a portal URL of the matrix, for the object it takes (if any)."""
    spec = MATRIX[name]
    args = [target.asset_code if spec.target == "device_code" else target.pk] if target else []
    if spec.target == "photo":
        args = [target.device_id, target.pk]
    if name == "support_action":
        args.append("note")
    if name == "export_list":
        args = ["devices", "csv"]
    if name == "area_standard_edit":
        args.append("laptop")
    return reverse(f"portal:{name}", args=["laptop"] if name == "standard_edit" else args)


def sign_in(client, request, role: str) -> None:
    """Sign `client` in as a role of the matrix (the fixture of that name). The coordinator
    signs in with a second factor in the session; the password-only role is the same kind of
    account whose session gave only the password."""
    if role == "coordinator":
        with_second_factor(request.getfixturevalue(role), client)
    else:
        client.force_login(request.getfixturevalue(role))


def send(client, spec, url, data):
    if spec.as_json:
        return client.post(url, json.dumps(data), content_type="application/json")
    return getattr(client, spec.method.lower())(url, data)


@pytest.mark.parametrize(("name", "role", "side"), list(cases()))
def test_access(client, objects, request, name, role, side):
    spec = MATRIX[name]
    target = objects(side, spec.target) if spec.target else None
    url = portal_url(name, target)
    if role != "anonymous":
        sign_in(client, request, role)
    private = request.getfixturevalue("private_records") if role == PASSWORD_ONLY else []
    # Make sure the role's own fixtures exist before the request (leader of our team etc.).
    request.getfixturevalue("leader")
    request.getfixturevalue("volunteer")

    data = {field: value() if callable(value) else value for field, value in spec.data}
    response = send(client, spec, url, data)

    allowed = spec.own if side == "own" else spec.other
    if "coordinator" in allowed:  # the same account: what it may do does not change
        allowed = allowed | {PASSWORD_ONLY}
    if role == PASSWORD_ONLY:
        body = b"".join(response) if response.streaming else response.content
        for value in [*private, *personal_values(spec.target, target)]:
            assert value.encode() not in body, value
    # The gate comes before the object is looked at: whether or not the coordinator may act
    # on it once stepped up, a password-only session learns nothing but the prompt.
    if role == PASSWORD_ONLY and name in STEP_UP:
        back = url if spec.method == "GET" else reverse("portal:dashboard")
        assert response.status_code == 302
        assert (
            response["Location"] == f"{reverse('mfa_reauthenticate')}?{urlencode({'next': back})}"
        )
    elif role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    elif role in allowed:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert not response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code in (403, 404), response.status_code
        if side == "other" and spec.target in (
            "team",
            "person",
            "device",
            "phone_device",
            "student",
            "offer",
            "support",
        ):
            assert str(target) not in response.content.decode()
    if side == "other" and role not in allowed | {"anonymous"} and spec.target == "device":
        assert target.serial not in response.content.decode()
    if spec.effect:
        acted = role in allowed and not (role == PASSWORD_ONLY and name in STEP_UP)
        assert spec.effect(target) == acted, "took effect" if not acted else "had no effect"


def personal_values(kind, target) -> list[str]:
    """What a coordinator's session without its second factor must not read of the object
    a URL takes."""
    if target is None:
        return []
    student = {"student": target, "handover": getattr(target, "student", None)}.get(kind)
    if kind == "follow_up":
        student = target.handover.student
    if student is not None:
        return [student.full_name, student.guardian_name, student.guardian_phone]
    if kind in ("device", "device_code"):
        return [target.serial]
    if kind == "offer":
        return [target.donor_name, target.phone, target.email, target.address]
    return {
        "support": lambda: [target.name, target.phone, target.email],
        "bank_credit": lambda: [target.memo],  # the bank's memo names the donor
    }.get(kind, list)()


@pytest.fixture
def private_records(objects, coordinator, other_team):
    """A child handed a laptop and a SIM, a donor's offer, a request for help and a device
    with its serial, in a commune of the district: what a password-only coordinator's
    session must not read on any page."""
    of_school = SchoolFactory(commune=other_team.commune, name="Trường Tiểu học Riêng")
    pupil = approved(
        coordinator,
        coordinator,
        of_school,
        full_name="Bùi Thị Riêng",
        guardian_name="Bùi Văn Kín",
        guardian_phone="0911000222",
    )
    with_sim = handed_over(
        coordinator,
        pupil,
        other_team,
        sim=ready_sim(coordinator, other_team),
        acknowledgement=(png(), "image/png"),
    )
    # Its SIM runs out in three days: the list of SIMs to renew shows it, without the child.
    Device.objects.filter(pk=with_sim.sim_id).update(
        valid_until=timezone.localdate() + timedelta(days=3)
    )
    offered(
        other_team.commune,
        donor_name="Tạ Đình Hảo",
        phone="0833444555",
        email="hao.ta@example.vn",
        address="Xóm Kín, thôn Riêng",
    )
    requested(other_team.commune, name="Mạc Thị Cần", phone="0866777888", email="can@example.vn")
    received(coordinator, other_team, serial="SN00-RIENG-77")
    return [
        "Bùi Thị Riêng",
        "Bùi Văn Kín",
        "0911000222",
        "Tạ Đình Hảo",
        "0833444555",
        "hao.ta@example.vn",
        "Xóm Kín",
        "Mạc Thị Cần",
        "0866777888",
        "can@example.vn",
        "SN00-RIENG-77",
    ]


def test_portal_pages_are_never_cached(client, volunteer):
    client.force_login(volunteer)

    response = client.get(reverse("portal:dashboard"))

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_member_list_shows_only_what_the_role_may_see(client, volunteer, leader, team, other_team):
    MembershipFactory(team=other_team, person=UserFactory(first_name="Khác", last_name="Người"))
    client.force_login(volunteer)

    page = client.get(reverse("portal:team_list")).content.decode()

    assert team.name in page
    assert other_team.name not in page


def test_leader_cannot_promote_or_remove_another_leader(client, leader, team):
    co_leader = MembershipFactory(team=team, role=Membership.Role.LEADER)
    client.force_login(leader)

    removal = client.post(reverse("portal:membership_remove", args=[co_leader.pk]))

    assert removal.status_code == 403
    assert Membership.objects.filter(pk=co_leader.pk).exists()


# --- the read-only records in the Wagtail admin ------------------------------------------
# Devices, teams, offers and support requests: the technical administrator (a superuser)
# lists and inspects them, nobody else does, and nobody adds, changes or deletes one there.
# Personal details follow the portal's rule: a second factor in this session.

ADMIN_ROLES = ["superuser", "superuser_password_only", "coordinator", "leader", "editor"]
INSPECTORS = {"superuser", "superuser_password_only"}
ADMIN_URLS = {"index", "index_results", "inspect"}


@pytest.fixture
def superuser_password_only(db):
    return SuperuserFactory(last_name="Quản", first_name="Trị")


@pytest.fixture
def superuser(superuser_password_only, client):
    return with_second_factor(superuser_password_only, client)


@pytest.fixture
def records(volunteer, team):
    device = received(volunteer, team, donor_name="Bà Đặng Thị Lụa", donor_phone="0987000111")
    offer = offered(team.commune, donor_name="Ông Phạm Văn Khải", email="khai@example.vn")
    support = requested(team.commune, name="Chị Ngô Thị Hiền", phone="0911222333")
    return {"device": device, "team": team, "offer": offer, "support": support}


PERSONAL = {
    "device": ["Bà Đặng Thị Lụa", "0987000111"],
    # The admin's record views show the stored E.164.
    "offer": ["Ông Phạm Văn Khải", "khai@example.vn", "+84912345001"],
    "support": ["Chị Ngô Thị Hiền", "+84911222333"],
    "team": [],
}
REFERENCE = {
    "device": lambda record: record.asset_code,
    "team": lambda record: record.name,
    "offer": lambda record: record.reference,
    "support": lambda record: record.reference,
}


def _records_viewsets():
    return {
        viewset.model._meta.model_name: viewset for viewset in RecordsViewSetGroup().registerables
    }


def _admin_url(kind: str, name: str, record) -> str:
    model_name = type(record)._meta.model_name
    viewset = _records_viewsets()[model_name]
    args = [record.pk] if name == "inspect" else []
    return reverse(viewset.get_url_name(name), args=args)


def test_every_records_admin_url_is_in_the_matrix():
    for viewset in _records_viewsets().values():
        assert {pattern.name for pattern in viewset.get_urlpatterns()} == ADMIN_URLS
    assert {"device", "team", "offer", "supportrequest"} == set(_records_viewsets())


@pytest.mark.parametrize("name", sorted(ADMIN_URLS))
@pytest.mark.parametrize("kind", sorted(REFERENCE))
@pytest.mark.parametrize("role", ADMIN_ROLES)
def test_records_admin_access(client, request, records, role, kind, name):
    user = request.getfixturevalue(role)
    if role != "superuser":
        client.force_login(user)
    record = records[kind]

    answer = client.get(_admin_url(kind, name, record))
    html = answer.content.decode()

    if role in INSPECTORS:
        assert answer.status_code == 200
        assert REFERENCE[kind](record) in html
    else:
        assert answer.status_code in (302, 403, 404)
        assert REFERENCE[kind](record) not in html
    # The lists show no personal details, whoever looks.
    if name != "inspect" or role != "superuser":
        assert not [detail for detail in PERSONAL[kind] if detail in html]


@pytest.mark.parametrize("kind", ["device", "offer", "support"])
def test_personal_details_in_the_admin_need_a_second_factor_even_for_a_superuser(
    client, records, superuser_password_only, kind
):
    client.force_login(superuser_password_only)
    html = client.get(_admin_url(kind, "inspect", records[kind])).content.decode()
    assert "Ẩn: cần xác thực hai lớp" in html
    assert not [detail for detail in PERSONAL[kind] if detail in html]

    with_second_factor(superuser_password_only, client)
    html = client.get(_admin_url(kind, "inspect", records[kind])).content.decode()
    assert all(detail in html for detail in PERSONAL[kind])


def test_a_students_own_request_never_shows_its_sender(client, superuser, team):
    support = requested(team.commune, requester="student", name="Em Lò Văn Páo")

    html = client.get(_admin_url("support", "inspect", support)).content.decode()

    assert support.reference in html
    assert "Em Lò Văn Páo" not in html


def test_the_records_admin_adds_changes_and_deletes_nothing(client, superuser, records):
    for viewset in _records_viewsets().values():
        for action in ("add", "edit", "delete", "copy", "history", "usage"):
            with pytest.raises(NoReverseMatch):
                reverse(viewset.get_url_name(action), args=[1] if action != "add" else [])
    html = client.get(_admin_url("offer", "inspect", records["offer"])).content.decode()
    assert "/edit/" not in html
    assert "/delete/" not in html


@pytest.mark.parametrize("role", ["superuser_password_only", "editor", "coordinator"])
def test_the_records_menu_shows_to_the_technical_administrator_only(client, request, role):
    client.force_login(request.getfixturevalue(role))

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    # The sidebar's items travel as JSON, the Vietnamese escaped.
    label = json.dumps("Hồ sơ chương trình")[1:-1]
    assert (label in html) is (role in INSPECTORS)
