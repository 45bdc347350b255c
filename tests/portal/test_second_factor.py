"""Two-factor authentication counts per session: a coordinator's session sees children's
data only once *it* gave a second factor, whatever the account has enrolled elsewhere."""

from urllib.parse import urlencode

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.usersessions.models import UserSession

from django.urls import reverse

from portal import access
from portal.models import StudentAccess
from tests.factories import PASSWORD
from tests.factories.files import png
from tests.factories.signing_in import (
    authenticator_for,
    enrol_totp,
    password_session,
    totp_code,
    two_factor_session,
    with_second_factor,
)
from tests.factories.students import approved, handed_over

pytestmark = pytest.mark.django_db

CHILD = "Lò Thị Hiền"


@pytest.fixture
def handover(volunteer, leader, teacher, school, team):
    """A Bát Tràng pupil who received a laptop, with the guardian's signed acknowledgement."""
    student = approved(teacher, leader, school, full_name=CHILD)
    return handed_over(volunteer, student, team, acknowledgement=(png(), "image/png"))


def student_paths(handover) -> list[str]:
    """Every page and file of the portal that shows this child (lists, record, exports,
    files, forms), as a coordinator would open them."""
    student = handover.student
    return [
        reverse("portal:student_list") + "?tab=all",
        reverse("portal:student_detail", args=[student.pk]),
        reverse("portal:handover_list"),
        reverse("portal:handover_detail", args=[handover.pk]),
        reverse("portal:handover_acknowledgement", args=[handover.pk]),
        reverse("portal:handover_return", args=[handover.pk]),
        reverse("portal:handover_create", args=[student.pk]),
        reverse("portal:follow_up_list"),
        reverse("portal:follow_up_record", args=[handover.follow_ups.first().pk]),
        reverse("portal:export_list", args=["handovers", "csv"]),
        reverse("portal:export_list", args=["handovers", "xlsx"]),
    ]


def step_up(path: str) -> str:
    """Where a session without its second factor is sent: the authenticator app's prompt,
    coming back to the page asked for."""
    return reverse("mfa_reauthenticate") + "?" + urlencode({"next": path})


def shows_the_child(response) -> bool:
    if response.status_code != 200:
        return False
    body = b"".join(response) if response.streaming else response.content
    return CHILD.encode() in body or body.startswith(b"\x89PNG")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_enrolling_in_another_session_gives_a_password_session_no_childs_data(
    live_database, coordinator, handover
):
    session_a = password_session(coordinator)
    asked = session_a.get(reverse("portal:student_list") + "?tab=all")
    assert asked.status_code == 302
    assert asked["Location"] == reverse("mfa_activate_totp")

    session_b = password_session(coordinator)
    enrol_totp(session_b)

    for path in [
        reverse("portal:student_list") + "?tab=all",
        reverse("portal:export_list", args=["handovers", "csv"]),
        reverse("portal:handover_acknowledgement", args=[handover.pk]),
    ]:
        response = session_a.get(path)
        assert not shows_the_child(response), path
        # Session A was ended when session B enrolled: it has to sign in again.
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login")), response["Location"]
    assert not StudentAccess.objects.filter(actor=coordinator).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_session_that_enrolled_with_a_valid_code_has_given_its_second_factor(
    live_database, coordinator, handover
):
    """(Committed for real: allauth announces the enrolment once the request commits,
    before the session is saved.)"""
    browser = password_session(coordinator)
    enrol_totp(browser)

    page = browser.get(reverse("portal:student_list") + "?tab=all")

    assert page.status_code == 200
    assert CHILD in page.content.decode()


def test_a_password_session_is_sent_to_step_up_on_every_path_to_a_child(coordinator, handover):
    browser = password_session(coordinator)
    authenticator_for(coordinator)  # enrolled elsewhere (not through a session of theirs)

    for path in student_paths(handover):
        response = browser.get(path)
        assert not shows_the_child(response), path
        assert response.status_code == 302, path
        assert response["Location"] == step_up(path)
    assert not StudentAccess.objects.filter(actor=coordinator).exists()


def test_a_password_session_sees_no_child_on_the_training_form_or_the_dashboard(
    coordinator, handover
):
    browser = password_session(coordinator)
    authenticator_for(coordinator)

    form = browser.get(reverse("portal:training_create")).content.decode()
    dashboard = browser.get(reverse("portal:dashboard")).content.decode()

    assert CHILD not in form
    assert "lần hỏi thăm sau trao đã đến hạn" not in dashboard
    assert "Xác nhận bằng mã xác thực hai lớp" in dashboard


def test_stepping_up_with_the_authenticator_app_opens_the_page_asked_for(coordinator, handover):
    browser = password_session(coordinator)
    authenticator_for(coordinator)
    wanted = reverse("portal:student_list") + "?tab=all"

    step_up = browser.get(wanted)
    prompt = browser.get(step_up["Location"])
    wrong = browser.post(step_up["Location"], {"code": "000000"})
    answer = browser.post(step_up["Location"], {"code": totp_code()})
    page = browser.get(answer["Location"])

    assert step_up["Location"].startswith(reverse("mfa_reauthenticate"))
    assert prompt.status_code == 200
    assert wrong.status_code == 200  # the form again, nothing opened
    assert answer.status_code == 302
    assert answer["Location"] == wanted
    assert page.status_code == 200
    assert CHILD in page.content.decode()


def test_removing_the_authenticator_ends_the_accounts_other_sessions(coordinator, handover):
    authenticator_for(coordinator)
    other_browser = two_factor_session(coordinator)
    assert other_browser.get(reverse("portal:student_list")).status_code == 200
    browser = two_factor_session(coordinator)
    assert UserSession.objects.filter(user=coordinator).count() == 2

    asked = browser.get(reverse("mfa_deactivate_totp"))
    assert asked["Location"].startswith(reverse("mfa_reauthenticate"))
    confirmed = browser.post(asked["Location"], {"code": totp_code()})
    assert confirmed["Location"] == reverse("mfa_deactivate_totp")
    removed = browser.post(reverse("mfa_deactivate_totp"))

    assert removed.status_code == 302
    assert not Authenticator.objects.filter(user=coordinator, type="totp").exists()
    ended = other_browser.get(reverse("portal:student_list"))
    assert ended.status_code == 302
    assert ended["Location"].startswith(reverse("account_login"))
    assert browser.get(reverse("portal:dashboard")).status_code == 200  # this one stays
    assert UserSession.objects.filter(user=coordinator).count() == 1


def test_the_policy_reads_the_session_not_the_account(coordinator, volunteer):
    authenticator_for(coordinator)

    assert not access.may_see_student_data(coordinator)
    assert access.coordinator_needs_mfa(coordinator)
    assert access.may_see_student_data(with_second_factor(coordinator))
    assert not access.coordinator_needs_mfa(coordinator)
    assert access.may_see_student_data(volunteer)  # team members are not asked


def test_the_password_alone_never_reaches_the_recovery_codes_or_removes_the_app(coordinator):
    """Otherwise a stolen password would reach a second factor: read a recovery code and
    step up with it, or remove the app and enrol one of its own."""
    browser = password_session(coordinator)
    authenticator_for(coordinator)
    RecoveryCodes.activate(coordinator)

    for guarded in [reverse("mfa_view_recovery_codes"), reverse("mfa_deactivate_totp")]:
        asked = browser.get(guarded)
        assert asked.status_code == 302
        assert asked["Location"] == step_up(guarded)
    by_password = browser.post(
        reverse("account_reauthenticate")
        + "?"
        + urlencode({"next": reverse("mfa_deactivate_totp")}),
        {"password": PASSWORD},
    )
    removal = browser.post(reverse("mfa_deactivate_totp"))

    assert by_password["Location"].startswith(reverse("mfa_reauthenticate"))
    assert removal["Location"].startswith(reverse("mfa_reauthenticate"))
    assert Authenticator.objects.filter(user=coordinator, type="totp").exists()
    students = browser.get(reverse("portal:student_list"))
    assert students["Location"].startswith(reverse("mfa_reauthenticate"))
