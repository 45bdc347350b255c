"""The dashboard's first-day checklist: for each role a person holds, the first things to
do in the portal, each ticked from what they really did (not from a box they tick).

At most two queries whatever the person did: their teams, which the access policy keeps
between pages anyway (the phone's action bar asks of them too), then one `EXISTS` on their
user row for each fact their roles' items are ticked from. A role's card leaves the dashboard
when all its items are done."""

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from django.db.models import Exists, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal import access
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
    url_name: str  # where to do it (a URL name without arguments)
    help_task: str = ""  # its help page (portal/help.py), if it has one
    fact: str = ""  # what ticks it (one of _FACTS), or "" when `done` is known already
    done: bool = False


@dataclass(frozen=True)
class Checklist:
    role: "StrOrPromise"
    items: list[Item]

    @property
    def done(self) -> bool:
        return all(item.done for item in self.items)


# Each fact an item is ticked from, as an `EXISTS` over what the person (their id) did.
_FACTS: dict[str, Callable[[int], QuerySet]] = {
    "email_verified": lambda me: EmailAddress.objects.filter(user=me, verified=True),
    "has_authenticator": lambda me: Authenticator.objects.filter(
        user=me, type=Authenticator.Type.TOTP
    ),
    "received": lambda me: Device.objects.filter(received_by=me),
    "checked": lambda me: SpecCheck.objects.filter(checked_by=me),
    "answered": lambda me: SupportRequest.objects.filter(first_response_by=me),
    "invited_member": lambda me: Invitation.objects.filter(invited_by=me, team__isnull=False),
    "invited_leader": lambda me: Invitation.objects.filter(
        invited_by=me, role=Invitation.Role.LEADER
    ),
    "proposed": lambda me: Student.objects.filter(proposed_by=me),
    "verified": lambda me: Student.objects.filter(verified_by=me),
    "consent": lambda me: ConsentRecord.objects.filter(collected_by=me),
    "handed_over": lambda me: Handover.objects.filter(recorded_by=me),
    "reported": lambda me: Report.objects.filter(requested_by=me),
}


def _facts(user: User, names: set[str]) -> dict[str, bool]:
    """Whether the person did each of these things, in one query (none without names).
    Only the facts of the roles they hold are asked: building each `EXISTS` costs the
    dashboard more than the database takes to answer it."""
    if not names:
        return {}
    # The person's id as a value, not a reference to the outer row: the planner then reads
    # its own statistics for that id. Correlated, it assumed any person had proposed
    # students and scanned 100 000 of them to find none of a coordinator's (15 ms).
    me = user.pk
    asked = sorted(names)
    found = User.objects.filter(pk=me).values_list(*(Exists(_FACTS[n](me)) for n in asked))
    return dict(zip(asked, found.get(), strict=True))


def _roles(user: User) -> dict[str, bool]:
    """Which first-day roles the person holds, from their teams (kept by the access policy)."""
    held = access.team_roles(user)
    youth_or_support = {Team.Kind.YOUTH_IT, Team.Kind.IT_SUPPORT}
    leader = Membership.Role.LEADER
    return {
        "is_volunteer": any(kind in youth_or_support for kind, _role in held),
        # A school's teacher team verifies and hands over nothing: its leader's list is
        # the teacher's, with the invitation.
        "is_leader": any(kind in youth_or_support and role == leader for kind, role in held),
        "is_teacher": any(kind == Team.Kind.TEACHER_IT for kind, _role in held),
        "leads_teachers": (Team.Kind.TEACHER_IT, leader) in held,
    }


def first_day_checklists(user: User) -> list[Checklist]:
    """The checklists of the roles this person holds, those with something left to do."""
    roles = _roles(user)
    # Signing in needs a confirmed address: the first tick, already there on the first day.
    email = Item(_("Đăng nhập, xác nhận địa chỉ e-mail"), "account_email", fact="email_verified")
    # The team and the coordinators call volunteers and teachers; the number is on the profile.
    phone = Item(_("Điền số điện thoại trong hồ sơ"), "portal:my_profile", done=bool(user.phone))
    consent = Item(
        _("Ghi ý kiến đồng ý của phụ huynh cho một học sinh"),
        "portal:student_list",
        HelpTask.CONSENT,
        fact="consent",
    )
    checklists = []
    if user.is_coordinator:
        checklists.append(
            Checklist(
                _("Điều phối viên"),
                [
                    Item(_("Bật xác thực hai lớp"), "mfa_activate_totp", fact="has_authenticator"),
                    Item(_("Mời tổ trưởng một tổ"), "portal:team_list", fact="invited_leader"),
                    Item(
                        _("Lập báo cáo tiến độ đầu tiên"),
                        "portal:report_list",
                        HelpTask.REPORT,
                        fact="reported",
                    ),
                ],
            )
        )
    invite = Item(_("Mời một thành viên vào tổ"), "portal:team_list", fact="invited_member")
    if roles["is_leader"]:
        checklists.append(
            Checklist(
                _("Tổ trưởng"),
                [
                    invite,
                    Item(
                        _("Xác minh một học sinh được đề xuất"),
                        "portal:student_list",
                        HelpTask.STUDENT,
                        fact="verified",
                    ),
                    consent,
                    Item(
                        _("Ghi lần trao tặng đầu tiên"),
                        "portal:handover_list",
                        HelpTask.HANDOVER,
                        fact="handed_over",
                    ),
                ],
            )
        )
    if roles["is_teacher"]:
        checklists.append(
            Checklist(
                _("Giáo viên"),
                [
                    email,
                    phone,
                    Item(
                        _("Đề xuất học sinh đầu tiên"),
                        "portal:student_propose",
                        HelpTask.STUDENT,
                        fact="proposed",
                    ),
                    consent,
                    *([invite] if roles["leads_teachers"] else []),
                ],
            )
        )
    if roles["is_volunteer"]:
        checklists.append(
            Checklist(
                pgettext_lazy("vai trò", "Tình nguyện viên"),
                [
                    email,
                    phone,
                    Item(
                        _("Tiếp nhận thiết bị đầu tiên"),
                        "portal:device_intake",
                        HelpTask.RECEIVE,
                        fact="received",
                    ),
                    Item(
                        _("Ghi lần kiểm tra cấu hình đầu tiên"),
                        "portal:device_list",
                        HelpTask.CHECK,
                        fact="checked",
                    ),
                    Item(
                        _("Liên hệ lần đầu với một người cần hỗ trợ"),
                        "portal:support_list",
                        HelpTask.SUPPORT,
                        fact="answered",
                    ),
                ],
            )
        )
    asked = {item.fact for checklist in checklists for item in checklist.items if item.fact}
    facts = _facts(user, asked)
    ticked = [
        Checklist(
            checklist.role,
            [replace(item, done=facts.get(item.fact, item.done)) for item in checklist.items],
        )
        for checklist in checklists
    ]
    return [checklist for checklist in ticked if not checklist.done]
