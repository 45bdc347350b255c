"""The dashboard's first-day checklist: one per role held, ticked from what the person
really did in the portal, gone once everything is done; read in two queries."""

import re
import uuid

import pytest

from django.urls import reverse
from django.utils import timezone, translation

from portal.models import ConsentPurpose, Invitation, Membership
from portal.selectors.first_day import first_day_checklists
from portal.services.invitations import invitation_send
from portal.services.people import profile_update
from portal.services.reports import report_request
from portal.services.students import consent_record, student_approve, student_verify
from portal.services.support import support_respond
from tests.factories.desk import requested
from tests.factories.devices import GOOD_LAPTOP, checked, received
from tests.factories.help import help_pages
from tests.factories.signing_in import authenticator_for
from tests.factories.students import handed_over, proposed
from tests.factories.teams import commune

pytestmark = pytest.mark.django_db


def ticks(user) -> dict[str, dict[str, bool]]:
    """{role: {item: done}} for the checklists still shown."""
    return {
        str(checklist.role): {str(item.label): item.done for item in checklist.items}
        for checklist in first_day_checklists(user)
    }


def card(client, user) -> str:
    """The checklist card on the dashboard, or "" when it is not there."""
    client.force_login(user)
    html = client.get(reverse("portal:dashboard")).content.decode()
    found = re.search(r"<section[^>]*data-first-day.*?</section>", html, re.S)
    return found.group(0) if found else ""


def give_phone(person):
    profile_update(
        actor=person, last_name=person.last_name, first_name=person.first_name, phone="0912345678"
    )
    person.refresh_from_db()


def test_a_volunteers_items_tick_as_they_work_and_the_card_goes_when_all_are_done(
    client, volunteer, team
):
    assert ticks(volunteer) == {
        "Tình nguyện viên": {
            "Đăng nhập, xác nhận địa chỉ e-mail": True,
            "Điền số điện thoại trong hồ sơ": False,
            "Tiếp nhận thiết bị đầu tiên": False,
            "Ghi lần kiểm tra cấu hình đầu tiên": False,
            "Liên hệ lần đầu với một người cần hỗ trợ": False,
        }
    }
    shown = card(client, volunteer)
    assert f'href="{reverse("portal:device_intake")}">Tiếp nhận thiết bị đầu tiên</a>' in shown

    give_phone(volunteer)
    device = received(volunteer, team)
    assert ticks(volunteer)["Tình nguyện viên"] == {
        "Đăng nhập, xác nhận địa chỉ e-mail": True,
        "Điền số điện thoại trong hồ sơ": True,
        "Tiếp nhận thiết bị đầu tiên": True,
        "Ghi lần kiểm tra cấu hình đầu tiên": False,
        "Liên hệ lần đầu với một người cần hỗ trợ": False,
    }
    shown = card(client, volunteer)
    assert "✓</span> Tiếp nhận thiết bị đầu tiên" in shown
    assert reverse("portal:device_intake") not in shown  # done: no longer a link

    checked(volunteer, device, GOOD_LAPTOP)
    support_respond(actor=volunteer, request=requested(commune("Bát Tràng")), text="Đã gọi")

    assert ticks(volunteer) == {}
    assert card(client, volunteer) == ""


def test_someone_elses_work_ticks_nothing(volunteer, other_volunteer, other_team):
    checked(other_volunteer, received(other_volunteer, other_team), GOOD_LAPTOP)

    items = ticks(volunteer)["Tình nguyện viên"]
    assert not items["Tiếp nhận thiết bị đầu tiên"]
    assert not items["Ghi lần kiểm tra cấu hình đầu tiên"]


def test_a_team_leader_has_the_volunteers_list_and_the_leaders(
    client, leader, team, teacher, school
):
    give_phone(leader)
    assert set(ticks(leader)) == {"Tổ trưởng", "Tình nguyện viên"}
    assert ticks(leader)["Tổ trưởng"] == {
        "Mời một thành viên vào tổ": False,
        "Xác minh một học sinh được đề xuất": False,
        "Ghi ý kiến đồng ý của phụ huynh cho một học sinh": False,
        "Ghi lần trao tặng đầu tiên": False,
    }

    invitation_send(actor=leader, email="moi@example.vn", role=Invitation.Role.MEMBER, team=team)
    student = proposed(teacher, school)
    student_verify(actor=leader, student=student, note="Đã đến nhà")
    student_approve(actor=leader, student=student)
    consent_record(
        actor=leader,
        student=student,
        purpose=ConsentPurpose.DEVICE,
        granted=True,
        collected_on=timezone.localdate(),
    )
    student.refresh_from_db()
    handed_over(leader, student, team)

    # The handover received and checked a laptop too; only the support answer is left.
    assert ticks(leader) == {
        "Tình nguyện viên": {
            "Đăng nhập, xác nhận địa chỉ e-mail": True,
            "Điền số điện thoại trong hồ sơ": True,
            "Tiếp nhận thiết bị đầu tiên": True,
            "Ghi lần kiểm tra cấu hình đầu tiên": True,
            "Liên hệ lần đầu với một người cần hỗ trợ": False,
        }
    }
    assert "Tổ trưởng" not in card(client, leader)


def test_a_teacher_proposes_and_records_consent(teacher, school):
    give_phone(teacher)
    assert ticks(teacher) == {
        "Giáo viên": {
            "Đăng nhập, xác nhận địa chỉ e-mail": True,
            "Điền số điện thoại trong hồ sơ": True,
            "Đề xuất học sinh đầu tiên": False,
            "Ghi ý kiến đồng ý của phụ huynh cho một học sinh": False,
        }
    }

    student = proposed(teacher, school)
    assert ticks(teacher)["Giáo viên"]["Đề xuất học sinh đầu tiên"]
    consent_record(
        actor=teacher,
        student=student,
        purpose=ConsentPurpose.PHOTO,
        granted=False,
        collected_on=timezone.localdate(),
    )

    assert ticks(teacher) == {}


def test_a_coordinator_enrols_a_second_factor_invites_a_leader_and_builds_a_report(
    client, coordinator, team
):
    assert ticks(coordinator) == {
        "Điều phối viên": {
            "Bật xác thực hai lớp": False,
            "Mời tổ trưởng một tổ": False,
            "Lập báo cáo tiến độ đầu tiên": False,
        }
    }
    assert reverse("portal:report_list") in card(client, coordinator)

    authenticator_for(coordinator)
    invitation_send(
        actor=coordinator, email="truong@example.vn", role=Invitation.Role.LEADER, team=team
    )
    assert ticks(coordinator)["Điều phối viên"] == {
        "Bật xác thực hai lớp": True,
        "Mời tổ trưởng một tổ": True,
        "Lập báo cáo tiến độ đầu tiên": False,
    }
    report_request(
        actor=coordinator, first_month="2026-10", last_month="2026-10", form_key=uuid.uuid4()
    )

    assert ticks(coordinator) == {}
    assert card(client, coordinator) == ""


def test_someone_with_no_role_has_no_checklist(client, outsider):
    assert ticks(outsider) == {}
    assert card(client, outsider) == ""


def test_each_item_links_to_its_help_page(client, volunteer):
    pages = help_pages(english=False)

    shown = card(client, volunteer)

    for task in ("receive", "check", "support"):
        assert f'href="{pages[task].url}"' in shown, task


@pytest.mark.parametrize("role", ["volunteer", "leader", "teacher", "coordinator"])
def test_the_checklist_is_read_in_two_queries(role, request, django_assert_num_queries):
    """The person's teams (once per request: the action bar reads them too), then the facts
    their roles' items need, together."""
    person = request.getfixturevalue(role)
    if role == "leader":
        request.getfixturevalue("teacher")  # a teacher too: every kind of team exists

    with django_assert_num_queries(2):
        checklists = first_day_checklists(person)
    with django_assert_num_queries(1):
        assert first_day_checklists(person) == checklists

    assert checklists


def test_in_the_english_interface_the_checklist_is_in_english(client, volunteer):
    client.force_login(volunteer)
    with translation.override("en"):
        html = client.get(reverse("portal:dashboard")).content.decode()

    assert "Your first steps" in html
    assert "<h3>Volunteer</h3>" in html
    assert "Receive your first device</a>" in html


def test_the_leader_of_a_teacher_team_has_the_teachers_list_and_the_invitation(teacher):
    membership = teacher.memberships.get()
    membership.role = Membership.Role.LEADER
    membership.save()

    lists = ticks(teacher)

    assert list(lists) == ["Giáo viên"]  # verifying and handing over are not a school's
    assert lists["Giáo viên"]["Mời một thành viên vào tổ"] is False
    invitation_send(
        actor=teacher, email="gv@example.vn", role=Invitation.Role.MEMBER, team=membership.team
    )
    assert ticks(teacher)["Giáo viên"]["Mời một thành viên vào tổ"] is True
