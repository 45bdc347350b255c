"""The dashboard's first-day checklist: for each role a person holds, the first things to
do in the portal, each ticked from what they really did (not from a box they tick).

One query whatever the person did: every fact is an `EXISTS` on their user row. A role's
card leaves the dashboard when all its items are done."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from django.db.models import Exists
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.help import HelpTask
from portal.models import (
    ConsentRecord,
    Device,
    Handover,
    Invitation,
    Membership,
    Report,
    SpecCheck,
    Student,
    SupportRequest,
    Team,
    User,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Item:
    label: "StrOrPromise"
    done: bool
    url_name: str  # where to do it (a URL name without arguments)
    help_task: str = ""  # its help page (portal/help.py), if it has one


@dataclass(frozen=True)
class Checklist:
    role: "StrOrPromise"
    items: list[Item]

    @property
    def done(self) -> bool:
        return all(item.done for item in self.items)


def _facts(user: User) -> dict[str, bool]:
    """What this person has done and which roles they hold, in one query."""
    # The person's id as a value, not a reference to the outer row: the planner then reads
    # its own statistics for that id. Correlated, it assumed any person had proposed
    # students and scanned 100 000 of them to find none of a coordinator's (15 ms).
    me = user.pk
    in_team = Membership.objects.filter(person=me, team__is_active=True)
    youth_or_support = [Team.Kind.YOUTH_IT, Team.Kind.IT_SUPPORT]
    found = (
        User.objects.filter(pk=user.pk)
        .annotate(
            is_volunteer=Exists(in_team.filter(team__kind__in=youth_or_support)),
            # A school's teacher team verifies and hands over nothing: its leader's list is
            # the teacher's, with the invitation.
            is_leader=Exists(
                in_team.filter(role=Membership.Role.LEADER, team__kind__in=youth_or_support)
            ),
            is_teacher=Exists(in_team.filter(team__kind=Team.Kind.TEACHER_IT)),
            leads_teachers=Exists(
                in_team.filter(role=Membership.Role.LEADER, team__kind=Team.Kind.TEACHER_IT)
            ),
            email_verified=Exists(EmailAddress.objects.filter(user=me, verified=True)),
            has_authenticator=Exists(
                Authenticator.objects.filter(user=me, type=Authenticator.Type.TOTP)
            ),
            received=Exists(Device.objects.filter(received_by=me)),
            checked=Exists(SpecCheck.objects.filter(checked_by=me)),
            answered=Exists(SupportRequest.objects.filter(first_response_by=me)),
            invited_member=Exists(Invitation.objects.filter(invited_by=me, team__isnull=False)),
            invited_leader=Exists(
                Invitation.objects.filter(invited_by=me, role=Invitation.Role.LEADER)
            ),
            proposed=Exists(Student.objects.filter(proposed_by=me)),
            verified=Exists(Student.objects.filter(verified_by=me)),
            consent=Exists(ConsentRecord.objects.filter(collected_by=me)),
            handed_over=Exists(Handover.objects.filter(recorded_by=me)),
            reported=Exists(Report.objects.filter(requested_by=me)),
        )
        .values()
        .get()
    )
    return {key: value for key, value in found.items() if isinstance(value, bool)}


def first_day_checklists(user: User) -> list[Checklist]:
    """The checklists of the roles this person holds, those with something left to do."""
    facts = _facts(user)
    # Signing in needs a confirmed address: the first tick, already there on the first day.
    email = Item(_("Đăng nhập, xác nhận địa chỉ e-mail"), facts["email_verified"], "account_email")
    # The team and the coordinators call volunteers and teachers; the number is on the profile.
    phone = Item(_("Điền số điện thoại trong hồ sơ"), bool(user.phone), "portal:my_profile")
    consent = Item(
        _("Ghi ý kiến đồng ý của phụ huynh cho một học sinh"),
        facts["consent"],
        "portal:student_list",
        HelpTask.CONSENT,
    )
    checklists = []
    if user.is_coordinator:
        checklists.append(
            Checklist(
                _("Điều phối viên"),
                [
                    Item(
                        _("Bật xác thực hai lớp"),
                        facts["has_authenticator"],
                        "mfa_activate_totp",
                    ),
                    Item(_("Mời tổ trưởng một tổ"), facts["invited_leader"], "portal:team_list"),
                    Item(
                        _("Lập báo cáo tiến độ đầu tiên"),
                        facts["reported"],
                        "portal:report_list",
                        HelpTask.REPORT,
                    ),
                ],
            )
        )
    invite = Item(_("Mời một thành viên vào tổ"), facts["invited_member"], "portal:team_list")
    if facts["is_leader"]:
        checklists.append(
            Checklist(
                _("Tổ trưởng"),
                [
                    invite,
                    Item(
                        _("Xác minh một học sinh được đề xuất"),
                        facts["verified"],
                        "portal:student_list",
                        HelpTask.STUDENT,
                    ),
                    consent,
                    Item(
                        _("Ghi lần trao tặng đầu tiên"),
                        facts["handed_over"],
                        "portal:handover_list",
                        HelpTask.HANDOVER,
                    ),
                ],
            )
        )
    if facts["is_teacher"]:
        checklists.append(
            Checklist(
                _("Giáo viên"),
                [
                    email,
                    phone,
                    Item(
                        _("Đề xuất học sinh đầu tiên"),
                        facts["proposed"],
                        "portal:student_propose",
                        HelpTask.STUDENT,
                    ),
                    consent,
                    *([invite] if facts["leads_teachers"] else []),
                ],
            )
        )
    if facts["is_volunteer"]:
        checklists.append(
            Checklist(
                pgettext_lazy("vai trò", "Tình nguyện viên"),
                [
                    email,
                    phone,
                    Item(
                        _("Tiếp nhận thiết bị đầu tiên"),
                        facts["received"],
                        "portal:device_intake",
                        HelpTask.RECEIVE,
                    ),
                    Item(
                        _("Ghi lần kiểm tra cấu hình đầu tiên"),
                        facts["checked"],
                        "portal:device_list",
                        HelpTask.CHECK,
                    ),
                    Item(
                        _("Liên hệ lần đầu với một người cần hỗ trợ"),
                        facts["answered"],
                        "portal:support_list",
                        HelpTask.SUPPORT,
                    ),
                ],
            )
        )
    return [checklist for checklist in checklists if not checklist.done]
