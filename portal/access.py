"""The portal's one access policy: who may see and do what, to which objects.

Every portal view asks here, either for a scoped queryset ("which teams may this person
see?") or for a yes/no on one object ("may this person manage that team?"). Nothing else in
the code decides access. Scoped querysets make another team's object a 404, never its data.

Roles:
- coordinator: appointed for an area (`User.coordinated_area`) and running one or more areas
  at any level (`User.coordinated_areas`: a commune, a district, a city, the country); sees
  and manages every team, person and place inside each of them, and nothing outside. Every
  scope below derives from that one set (`coordinated_areas`), by materialised path;
- team leader / member: a `Membership` with that role; sees own teams, leaders manage them;
- teacher: a member of a "Giáo viên IT" team (of their school);
- editor: the Wagtail "Editors" group; public pages only, nothing of the portal's data.
- technical administrator: a superuser; in the Wagtail admin, reads devices, teams, offers and
  support requests (never students), their personal details only after a second factor.

Students are minors: a student is seen only by the coordinators of their area (after
two-factor sign-in), the teacher IT team of the school that proposed them and the youth IT
team of the commune they live in. Nobody else, whatever other role they hold.

Two-factor sign-in counts per session, not per account: a coordinator sees children's data,
and donors' and requesters' contact details, only in a session that gave a second factor
(signed in with the authenticator app, confirmed with it later, or enrolled it there).
An account that has an app proves nothing about the session in hand: a password typed on
another computer would otherwise open the whole district's records.
"""

from functools import reduce
from operator import or_
from typing import NamedTuple

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from config import cache_versions
from portal.models import (
    Area,
    AuditEvent,
    BankCredit,
    BankStatement,
    Cluster,
    Commendation,
    Delivery,
    Device,
    FollowUp,
    Fund,
    Handover,
    Invitation,
    Membership,
    Offer,
    Report,
    Sale,
    School,
    Student,
    StudentAccess,
    StudentImport,
    StudentStatus,
    SupportRequest,
    Team,
    TrainingSession,
)
from portal.models.devices import DeviceKind
from portal.models.hardware import CapturePlatform
from portal.models.wipes import holds_data
from portal.selectors.accounts import proven_addresses
from portal.workflows import DEVICE

User = get_user_model()


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


# --- what a person's access is read from, kept between requests ---------------------------
# Every portal page asks which teams its reader is in and, of a coordinator, which areas they
# run, what lies inside them and whether a team there is active: four queries, and building
# them, on every page (a fifth of a short one). They change only when a team, a membership,
# a person or an area does, so each is kept in the cache under the version any such change
# bumps (portal/receivers.py; config/cache_versions.py), as an area's coverage is. A cache
# that is down reads as a miss: they are read from the database, as on every page before.
# A change made while the cache could not be told is seen at most FACTS_TIMEOUT later.
TEAMS_AND_PLACES_VERSION_KEY = "teams-and-places:version"
FACTS_TIMEOUT = 300  # seconds
_FACTS = "_portal_access_facts"  # on the user object: this request's copy


class _Facts(NamedTuple):
    version: int
    values: dict


def _kept(user, name: str, read):
    """The fact `name` of a person (`read()` from the database when not kept), read from the
    cache once per request."""
    key = f"access:{user.pk}"
    facts = getattr(user, _FACTS, None)
    if facts is None:
        version, found = cache_versions.kept(TEAMS_AND_PLACES_VERSION_KEY, key)
        facts = _Facts(version, dict(found or {}))
        setattr(user, _FACTS, facts)
    if name not in facts.values:
        facts.values[name] = read()
        cache_versions.keep(key, facts.version, facts.values, timeout=FACTS_TIMEOUT)
    return facts.values[name]


def is_coordinator(user) -> bool:
    return _signed_in(user) and user.is_coordinator


def has_totp(user) -> bool:
    """The account has an authenticator app (to step up with), not that this session used it."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


# How a session signed in is known from the request, but this policy is asked about a user
# (by views, forms, selectors, services and exports, with `request.user`). So once per
# request `portal.middleware.SessionFactorsMiddleware` notes the session's fact on
# `request.user`, and only this module reads it back. A user object that did not come from
# a request (a task, a command) carries no such note and counts as without: it fails closed.
_SECOND_FACTOR = "_portal_second_factor_in_session"


def note_session_factors(request) -> None:
    """Record on `request.user` whether this session gave a second factor.

    allauth logs every authentication step of a session with its method; "mfa" is written
    by its two-factor sign-in stage and by `mfa_reauthenticate` (after a valid app or
    recovery code), and by `portal.receivers` when this session enrolled the app.
    """
    user = request.user
    if user.is_authenticated:
        records = get_authentication_records(request, user)
        setattr(user, _SECOND_FACTOR, any(r.get("method") == "mfa" for r in records))


def session_gave_second_factor(user) -> bool:
    return getattr(user, _SECOND_FACTOR, False) is True


def coordinator_needs_mfa(user) -> bool:
    """A coordinator whose session gave no second factor: before any child's data, or a
    donor's or requester's contact details, they must step up (or enrol an app)."""
    return is_coordinator(user) and not session_gave_second_factor(user)


def may_use_admin(user) -> bool:
    """The Wagtail admin (`/admin/`): editors, coordinators and superusers, through their
    groups' "access the admin" permission. Team members and teachers work in the portal;
    they are shown a page that says so (portal/views/admin_entry.py)."""
    return _signed_in(user) and user.has_perm("wagtailadmin.access_admin")


def may_see_student_data(user) -> bool:
    if is_coordinator(user):
        return session_gave_second_factor(user)
    return _signed_in(user) and any(team.active for team in _own_teams(user))


def may_see_personal_details(user) -> bool:
    """Donors' and requesters' names, phones, e-mail and addresses, and devices' serial
    numbers, on every record one may see; except that a coordinator (who sees the whole
    district) needs a second factor in this session, as for children's data."""
    return _signed_in(user) and not coordinator_needs_mfa(user)


def may_inspect_records(user) -> bool:
    """The technical administrator (a superuser) may look at devices, teams, offers and
    support requests in the Wagtail admin, read only; never at students."""
    return _signed_in(user) and user.is_superuser


def may_see_personal_details_in_admin(user) -> bool:
    """Donors' and requesters' personal details in those admin screens: only in a session
    that gave a second factor, as for a coordinator in the portal; a superuser too, since
    the admin shows the whole country's records."""
    return may_inspect_records(user) and session_gave_second_factor(user)


# --- places -------------------------------------------------------------------------------


def coordinated_areas(user) -> list[Area]:
    """The areas a coordinator runs, outermost first, none inside another; [] for anyone
    else. Everything a coordinator sees is what lies inside one of these."""
    if not is_coordinator(user):
        return []
    areas = _kept(user, "areas", lambda: _outermost(user))
    for area in areas:
        if area.pk == user.coordinated_area_id:  # saves reading it again for defaults
            User.coordinated_area.field.set_cached_value(user, area)
    return areas


def _outermost(user) -> list[Area]:
    known: list[Area] = []
    for area in Area.objects.filter(coordinators_of=user).order_by("path"):
        if not any(area.path.startswith(outer.path) for outer in known):
            known.append(area)
    return known


def _under(user, field: str = "") -> Q:
    """Rows whose area (`field`, a relation to Area; "" for areas themselves) lies inside
    one of the coordinator's areas; nothing for anyone else."""
    areas = coordinated_areas(user)
    if not areas:
        return Q(pk__in=[])
    if field:  # by the areas' ids (one parameter, config/lookups.py): no join to the tree
        units = _units_under(user)
        return Q(**{f"{field}__{'any_of' if isinstance(units, list) else 'in'}": units})
    scope = Q()
    for area in areas:
        scope |= Q(path__startswith=area.path)
    return scope


# The areas inside a coordinator's named while there are few (a city's 150), asked for in a
# subquery when there are many (a country's ten thousand communes): a device list filters
# by them in each queue branch and badge, and a subquery (or a join to the areas' paths)
# was built, compiled and planned in every one of them.
NAMED_UNITS_AT_MOST = 1_000


def _units_under(user) -> "list[int] | QuerySet[Area]":
    """The ids of every area inside the coordinator's, or a subquery of them when many."""

    def units() -> "QuerySet[Area]":
        return Area.objects.filter(_under(user)).values_list("pk", flat=True)

    def named() -> list[int] | None:
        found = list(units().order_by("pk")[: NAMED_UNITS_AT_MOST + 1])
        return found if len(found) <= NAMED_UNITS_AT_MOST else None

    known = _kept(user, "units", named)
    return units() if known is None else known


def coordinates_area(user, area: Area) -> bool:
    """Whether an area lies inside one of the coordinator's (no query once they are known)."""
    return any(area.path.startswith(outer.path) for outer in coordinated_areas(user))


def areas_coordinated_by(user) -> QuerySet[Area]:
    if not is_coordinator(user):
        return Area.objects.none()
    return Area.objects.filter(_under(user))


def communes_coordinated_by(user) -> QuerySet[Area]:
    return areas_coordinated_by(user).filter(kind__in=Area.GRASSROOTS)


# --- places in the Wagtail admin ----------------------------------------------------------
# The admin's viewsets (portal/wagtail_hooks.py) list, open and offer as choices only these.
# The group "Điều phối viên" says a coordinator may add and change places at all; these say
# which. A superuser keeps every place (they set up a new district or province).


def areas_editable_by(user) -> QuerySet[Area]:
    if _signed_in(user) and user.is_superuser:
        return Area.objects.all()
    return areas_coordinated_by(user)


def clusters_editable_by(user) -> QuerySet[Cluster]:
    return Cluster.objects.filter(district__in=areas_editable_by(user))


def schools_editable_by(user) -> QuerySet[School]:
    return School.objects.filter(commune__in=areas_editable_by(user))


# --- teams --------------------------------------------------------------------------------


def _in_coordinated_area(user) -> Q:
    """Teams inside the area a coordinator runs (nothing for anyone else)."""
    return _under(user, "commune") | _under(user, "cluster__district")


def teams_visible_to(user) -> QuerySet[Team]:
    if not _signed_in(user):
        return Team.objects.none()
    # Their teams named, not joined: no team twice, so no DISTINCT to sort away.
    return Team.objects.filter(Q(pk__in=own_team_ids(user)) | _in_coordinated_area(user))


def teams_managed_by(user) -> QuerySet[Team]:
    """A coordinator manages the teams of their area; anyone manages the active teams they
    lead. Being a plain member of a team elsewhere gives a coordinator no power there."""
    if not _signed_in(user):
        return Team.objects.none()
    led = Q(memberships__person=user, memberships__role=Membership.Role.LEADER, is_active=True)
    return Team.objects.filter(led | _in_coordinated_area(user)).distinct()


def can_manage_team(user, team: Team) -> bool:
    return teams_managed_by(user).filter(pk=team.pk).exists()


def can_create_team(user) -> bool:
    return is_coordinator(user)


def can_change_team_status(user, team: Team) -> bool:
    """Opening or closing a team changes the coverage figures: coordinators only."""
    return Team.objects.filter(_in_coordinated_area(user), pk=team.pk).exists()


# --- people and invitations ---------------------------------------------------------------


def people_visible_to(user) -> QuerySet:
    if not _signed_in(user):
        return User.objects.none()
    if is_coordinator(user):
        return User.objects.filter(
            Q(pk=user.pk)
            | Q(memberships__team__in=Team.objects.filter(_in_coordinated_area(user)))
            | _under(user, "coordinated_areas")
            | Q(groups__name="Editors")
        ).distinct()
    return User.objects.filter(
        Q(pk=user.pk) | Q(memberships__team__in=teams_managed_by(user))
    ).distinct()


def can_manage_person(user, person) -> bool:
    """Lock or unlock an account: coordinators, for people in their area, never themselves."""
    return (
        is_coordinator(user)
        and person.pk != user.pk
        and people_visible_to(user).filter(pk=person.pk).exists()
    )


def invitable_roles(user, team: Team | None = None) -> list[str]:
    """The roles this person may invite someone into (for a team, or program-wide)."""
    if team is None:
        if is_coordinator(user):
            return [Invitation.Role.COORDINATOR, Invitation.Role.EDITOR]
        return []
    if is_coordinator(user) and can_manage_team(user, team):
        return [Invitation.Role.LEADER, Invitation.Role.MEMBER]
    if can_manage_team(user, team):
        return [Invitation.Role.MEMBER]
    return []


def invitations_visible_to(user) -> QuerySet[Invitation]:
    if not _signed_in(user):
        return Invitation.objects.none()
    scope = Q(team__in=teams_managed_by(user))
    if is_coordinator(user):
        # Program-wide invitations (coordinators, editors) carry the area they were made for.
        scope |= Q(team__isnull=True) & _under(user, "area")
    return Invitation.objects.filter(scope)


def invitation_usable(invitation: Invitation) -> bool:
    """Pending, and the inviter still holds the power to give this role (not locked, still
    a leader or coordinator, the team still open)."""
    inviter = invitation.invited_by
    return (
        invitation.is_pending
        and inviter.is_active
        and invitation.role in invitable_roles(inviter, invitation.team)
    )


def invitations_offered_to(user) -> QuerySet[Invitation]:
    """Pending invitations this person may answer: those sent to an address that belongs
    to their account. An address they typed in but never confirmed does not count."""
    if not _signed_in(user):
        return Invitation.objects.none()
    return Invitation.objects.pending().filter(email__in=proven_addresses(user))


def may_answer_invitation(user, invitation: Invitation) -> bool:
    return _signed_in(user) and invitation.email in proven_addresses(user)


def can_view_audit_log(user) -> bool:
    return is_coordinator(user)


def audit_events_visible_to(user) -> QuerySet[AuditEvent]:
    """The change log: what happened to the teams and people a coordinator may see, and what
    those people did — a list exported concerns no team or person, only who exported it."""
    if not can_view_audit_log(user):
        return AuditEvent.objects.none()
    people = people_visible_to(user)
    return AuditEvent.objects.filter(
        Q(team__in=teams_visible_to(user)) | Q(person__in=people) | Q(actor__in=people)
    )


def student_accesses_visible_to(user) -> QuerySet[StudentAccess]:
    """The change log's reads and exports of student records: those of the area's students.
    Who read which record is the coordinator's to check even before a second factor; the
    log names the record's school, never the child (`templates/portal/audit.html`)."""
    if not can_view_audit_log(user):
        return StudentAccess.objects.none()
    return StudentAccess.objects.filter(_under(user, "student__commune"))


# --- devices, fund, standards -------------------------------------------------------------


def devices_visible_to(user) -> QuerySet[Device]:
    """Team members see their teams' devices; coordinators every device of their area."""
    if not _signed_in(user):
        return Device.objects.none()
    teams = device_teams_only(user)
    if teams is not None:  # named, so the planner weighs each team's own share of devices
        return Device.objects.filter(team__in=teams)
    # Their own teams named and the area's communes by subquery, not joins: no row twice,
    # so no DISTINCT, which would make the database read every visible device before the
    # first page of a million-device list.
    scope = Q(team__in=own_team_ids(user))
    scope |= _under(user, "commune")
    return Device.objects.filter(scope)


def device_teams_only(user) -> list[int] | None:
    """The teams whose devices are all a person sees — a member's, active or not — or None
    for a coordinator, who sees an area's. A queue is then read team by team
    (`portal.selectors.devices.device_page`): a commune's team holds a few hundred of a
    million devices, and reading the whole queue's order to find them took seconds."""
    if not _signed_in(user) or is_coordinator(user):
        return None
    return own_team_ids(user)


def can_work_on_device(user, device: Device) -> bool:
    return devices_visible_to(user).filter(pk=device.pk).exists()


def can_record_wipe(user, device: Device) -> bool:
    """Whoever may work on the device records that its data was wiped."""
    return can_work_on_device(user, device)


def can_verify_wipe(user, device: Device) -> bool:
    """The second person who checks a wipe: an active account that may work on the device."""
    return bool(user.is_active) and can_work_on_device(user, device)


def wipe_verifiers(device: Device) -> QuerySet:
    """Whom the wipe form offers as the second person: the device's team's active members."""
    return User.objects.filter(memberships__team=device.team_id, is_active=True).order_by(
        "last_name", "first_name", "pk"
    )


# How each kind of device reads its own hardware: a computer runs a script, a phone or a
# tablet opens the phone page. A SIM holds no data and has no hardware to read.
CAPTURE_PLATFORMS_BY_KIND: dict[str, tuple[str, ...]] = {
    DeviceKind.LAPTOP: (CapturePlatform.WINDOWS, CapturePlatform.LINUX),
    DeviceKind.DESKTOP: (CapturePlatform.WINDOWS, CapturePlatform.LINUX),
    DeviceKind.PHONE: (CapturePlatform.PHONE,),
    DeviceKind.TABLET: (CapturePlatform.PHONE,),
}


def capture_platforms(device: Device) -> tuple[str, ...]:
    """The ways this device may read its hardware now: none for a device that holds no data
    or that the program no longer keeps (handed over, liquidated)."""
    if not holds_data(device) or not DEVICE.can(device, "snapshot_receive"):
        return ()
    return CAPTURE_PLATFORMS_BY_KIND.get(device.kind, ())


def can_capture_hardware(user, device: Device, platform: str | None = None) -> bool:
    """Whoever may check the device reads its hardware: issues a capture token (the script,
    the phone page's QR code) and uploads a saved snapshot. A token then lets one upload
    through without signing in (the donated machine is nobody's session). Only where a
    capture makes sense: see `capture_platforms`; with `platform`, only that one fits."""
    platforms = capture_platforms(device)
    if not platforms or (platform is not None and platform not in platforms):
        return False
    return can_work_on_device(user, device)


def intake_teams(user) -> QuerySet[Team]:
    """The teams a person may receive devices for: their own, or any in a coordinator's area."""
    return teams_visible_to(user).filter(is_active=True)


def intake_communes(user) -> QuerySet[Area]:
    """Where a device may be received: a coordinator's communes, or those a person's teams
    work in (their commune, their school's, their cluster's)."""
    if is_coordinator(user):
        return communes_coordinated_by(user)
    teams = intake_teams(user)
    return (
        Area.objects.filter(Q(teams__in=teams) | Q(cluster__teams__in=teams))
        .distinct()
        .order_by("path")
    )


def may_work_on_devices(user) -> bool:
    """Receive, scan and check devices at all: whoever has a team to receive them for (a
    teacher's team too: schools collect devices). The phone's action bar asks this."""
    if not _signed_in(user):
        return False
    if _own_team_kinds(user):
        return True
    # A coordinator's other intake teams are their area's: asked without the membership
    # join and DISTINCT of `intake_teams`, since every portal page's action bar asks this.
    return is_coordinator(user) and _kept(
        user,
        "area_team_active",
        lambda: Team.objects.filter(_in_coordinated_area(user), is_active=True).exists(),
    )


def funds_visible_to(user) -> QuerySet[Fund]:
    if not is_coordinator(user):
        return Fund.objects.none()
    return Fund.objects.filter(_under(user, "area"))


def may_reconcile(user) -> bool:
    """Bank statements carry donors' names and accounts in their memos: a coordinator in a
    session that gave a second factor (one without is sent to give it)."""
    return is_coordinator(user) and session_gave_second_factor(user)


def statements_visible_to(user) -> QuerySet[BankStatement]:
    if not may_reconcile(user):
        return BankStatement.objects.none()
    return BankStatement.objects.filter(fund__in=funds_visible_to(user))


def bank_credits_visible_to(user) -> QuerySet[BankCredit]:
    if not may_reconcile(user):
        return BankCredit.objects.none()
    return BankCredit.objects.filter(fund__in=funds_visible_to(user))


def sales_visible_to(user) -> QuerySet[Sale]:
    """Liquidation sales, for the coordinators who approve them: those of devices received
    in their area (the money goes to that area's fund). Being a member of a team elsewhere
    gives a coordinator no say over that team's sales."""
    if not is_coordinator(user):
        return Sale.objects.none()
    return Sale.objects.filter(_under(user, "device__commune"))


def can_approve_sale(user, sale: Sale) -> bool:
    return sales_visible_to(user).filter(pk=sale.pk).exists()


def can_revise_program_standards(user) -> bool:
    """The program-wide minimums hold in every area of the deployment, so only someone who
    answers for all of them revises them: a coordinator whose areas hold every top of the
    tree (the country; Hà Nội where the tree has no country), or a superuser, who sets the
    deployment up. A city's coordinator raises the minimums for their own areas only."""
    if _signed_in(user) and user.is_superuser:
        return True
    if not is_coordinator(user):
        return False
    return all(coordinates_area(user, top) for top in Area.get_root_nodes())


def can_raise_standards_in(user, area: Area) -> bool:
    """Raise the minimums (or set the monthly target) of one area: its coordinators."""
    return is_coordinator(user) and coordinates_area(user, area)


# --- students, handovers, training ---------------------------------------------------------


def _member_of(user, **team_filter) -> QuerySet[Team]:
    return Team.objects.filter(memberships__person=user, is_active=True, **team_filter)


class OwnTeam(NamedTuple):
    pk: int
    kind: str
    active: bool
    role: str  # the person's, in it
    commune: int | None
    school: int | None


def _own_teams(user) -> list[OwnTeam]:
    """Each team a person belongs to, kept (`_kept`): every portal page's action bar asks
    two questions of them, the device list one, the student pages which communes and
    schools they work for, the dashboard's first-day checklist which roles they hold."""

    def read() -> list[OwnTeam]:
        rows = Team.objects.filter(memberships__person=user).values_list(
            "pk", "kind", "is_active", "memberships__role", "commune", "school"
        )
        return [OwnTeam(*row) for row in rows]

    return _kept(user, "teams", read)


def own_team_ids(user) -> list[int]:
    """The teams a person belongs to, active or not, named rather than asked for in a
    subquery: a query then costs less to build and to plan, and none when there are none."""
    return [team.pk for team in _own_teams(user)]


def _own_team_kinds(user) -> frozenset[str]:
    """The kinds of the active teams a person belongs to."""
    return frozenset(team.kind for team in _own_teams(user) if team.active)


def team_roles(user) -> frozenset[tuple[str, str]]:
    """(team kind, role) of each active team a person belongs to."""
    if not _signed_in(user):
        return frozenset()
    return frozenset((team.kind, team.role) for team in _own_teams(user) if team.active)


def _student_scope(user) -> Q:
    if not _signed_in(user):
        return Q(pk__in=[])
    # The schools and communes named, and only the kinds of place the person works for: an
    # empty "school in (…)" beside the commune's kept the database from counting a youth
    # team's students from the index alone (8 ms at 100 000 students, 2 ms without).
    own = [team for team in _own_teams(user) if team.active]
    schools = sorted({t.school for t in own if t.kind == Team.Kind.TEACHER_IT and t.school})
    communes = sorted({t.commune for t in own if t.kind == Team.Kind.YOUTH_IT and t.commune})
    parts = [Q(school__in=schools)] if schools else []
    parts += [Q(commune__in=communes)] if communes else []
    if may_see_student_data(user) and is_coordinator(user):
        parts.append(_under(user, "commune"))
    return reduce(or_, parts) if parts else Q(pk__in=[])


def students_visible_to(user) -> QuerySet[Student]:
    return Student.objects.filter(_student_scope(user))


def students_named_to(user) -> QuerySet[Student]:
    """The students whose name may be shown beside another record (a SIM out with them): those
    this person may see, in a session that may show personal details (a district-wide
    coordinator's only after its second factor). Anyone else reads "a student"."""
    if not may_see_personal_details(user):
        return Student.objects.none()
    return students_visible_to(user)


def schools_proposable_by(user) -> QuerySet[School]:
    """Where a person may propose students: their own school (teachers), or any school of a
    coordinator's area."""
    if is_coordinator(user) and may_see_student_data(user):
        return School.objects.filter(_under(user, "commune"), is_active=True)
    if not _signed_in(user):
        return School.objects.none()
    return School.objects.filter(
        is_active=True, pk__in=_member_of(user, kind=Team.Kind.TEACHER_IT).values("school")
    )


def _coordinates_student(user, student: Student) -> bool:
    return (
        is_coordinator(user)
        and may_see_student_data(user)
        and coordinates_area(user, student.commune)
    )


def can_edit_student(user, student: Student) -> bool:
    """The proposing school's teachers correct a record until it is verified."""
    if _coordinates_student(user, student):
        return True
    return (
        student.status == StudentStatus.PROPOSED
        and schools_proposable_by(user).filter(pk=student.school_id).exists()
    )


def can_verify_student(user, student: Student) -> bool:
    """Verification is the commune youth team's (or a coordinator's): never the school's."""
    return _coordinates_student(user, student) or (
        _member_of(user, kind=Team.Kind.YOUTH_IT, commune=student.commune_id).exists()
    )


def can_approve_student(user, student: Student) -> bool:
    return _coordinates_student(user, student) or (
        _member_of(
            user,
            kind=Team.Kind.YOUTH_IT,
            commune=student.commune_id,
            memberships__role=Membership.Role.LEADER,
        ).exists()
    )


def can_record_consent(user, student: Student) -> bool:
    return students_visible_to(user).filter(pk=student.pk).exists()


def can_hand_over(user, student: Student) -> bool:
    return can_verify_student(user, student)


def may_hand_over_to_some_student(user) -> bool:
    """`can_hand_over` for some student: a member of an active youth IT team (its commune's
    students), or a coordinator whose session gave a second factor (their area's). Never a
    teacher as such. The phone's action bar asks this before offering "hand over"."""
    if not _signed_in(user):
        return False
    if is_coordinator(user) and may_see_student_data(user):
        return True
    return Team.Kind.YOUTH_IT in _own_team_kinds(user)


def handover_teams(user, student: Student) -> QuerySet[Team]:
    """The team named as handing over: the commune's youth team, or any of a coordinator's."""
    if _coordinates_student(user, student):
        return intake_teams(user)
    return _member_of(user, kind=Team.Kind.YOUTH_IT, commune=student.commune_id)


def handovers_visible_to(user) -> QuerySet[Handover]:
    return Handover.objects.filter(student__in=students_visible_to(user))


def follow_ups_visible_to(user) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(handover__in=handovers_visible_to(user))


def imports_visible_to(user) -> QuerySet[StudentImport]:
    """A school's uploaded lists: to whoever may propose for that school."""
    return StudentImport.objects.filter(school__in=schools_proposable_by(user))


def training_visible_to(user) -> QuerySet[TrainingSession]:
    return TrainingSession.objects.filter(team__in=teams_visible_to(user))


def trainable_people(user) -> QuerySet:
    """Who may be named as trainer or trainee: the people of the teams one can see."""
    if not _signed_in(user):
        return User.objects.none()
    return User.objects.filter(
        Q(pk=user.pk) | Q(memberships__team__in=teams_visible_to(user)), is_active=True
    ).distinct()


# --- donor offers and support requests -------------------------------------------------------


def _coordinated(user, field: str) -> Q:
    """Rows whose commune (`field`) lies in the coordinator's area; nothing for others."""
    return _under(user, field)


def offers_visible_to(user) -> QuerySet[Offer]:
    """The routed team's members; the coordinators of the donor's commune, and every
    coordinator for offers with neither a team nor a commune (a donor from outside every
    program's areas): an unrouted offer from a commune is its own area's only."""
    if not _signed_in(user):
        return Offer.objects.none()
    # Teams named, not joined: no offer twice, so no DISTINCT to sort away.
    scope = Q(team__in=own_team_ids(user)) | _coordinated(user, "commune")
    if is_coordinator(user):
        scope |= Q(team__in=Team.objects.filter(_in_coordinated_area(user))) | Q(
            team__isnull=True, commune__isnull=True
        )
    return Offer.objects.filter(scope)


def can_handle_offer(user, offer: Offer) -> bool:
    return offers_visible_to(user).filter(pk=offer.pk).exists()


def offer_teams(user) -> QuerySet[Team]:
    """Where an offer may be sent on to: a coordinator's active teams."""
    if not is_coordinator(user):
        return Team.objects.none()
    return intake_teams(user)


def support_visible_to(user) -> QuerySet[SupportRequest]:
    """The commune's team and the school's teacher team; the coordinators of the commune."""
    if not _signed_in(user):
        return SupportRequest.objects.none()
    mine = own_team_ids(user)
    scope = Q(team__in=mine) | Q(school_team__in=mine) | _coordinated(user, "commune")
    return SupportRequest.objects.filter(scope)


def deliveries_visible_to(user) -> QuerySet[Delivery]:
    """The notices sent in a coordinator's areas (to see what failed and fix it); nobody else
    reads the delivery log, which says who was told what."""
    if not is_coordinator(user):
        return Delivery.objects.none()
    return Delivery.objects.filter(_under(user, "area"))


def can_handle_support(user, request: SupportRequest) -> bool:
    return support_visible_to(user).filter(pk=request.pk).exists()


def support_assignees(request: SupportRequest) -> QuerySet:
    """Who a request may be given to: the active members of the teams it was routed to."""
    teams = [pk for pk in (request.team_id, request.school_team_id) if pk]
    return User.objects.filter(
        memberships__team__in=teams, memberships__team__is_active=True, is_active=True
    ).distinct()


def support_filing_communes(user) -> QuerySet[Area]:
    """Where a team member may file a request on someone's behalf: where they work."""
    return intake_communes(user)


# --- reports and commendations ---------------------------------------------------------------


def reports_visible_to(user) -> QuerySet[Report]:
    """A coordinator's reports, and those of the areas inside theirs."""
    if not is_coordinator(user):
        return Report.objects.none()
    return Report.objects.filter(_under(user, "area"))


def can_retry_job(user, job: StudentImport | Report) -> bool:
    """Queue a stalled import or report again: whoever sent it, while they may still see it."""
    if isinstance(job, StudentImport):
        owner, visible = job.uploaded_by_id, imports_visible_to(user)
    else:
        owner, visible = job.requested_by_id, reports_visible_to(user)
    return _signed_in(user) and owner == user.pk and visible.filter(pk=job.pk).exists()


def commendable_teams(user) -> QuerySet[Team]:
    """Who a coordinator may commend: the teams and people of their area."""
    if not is_coordinator(user):
        return Team.objects.none()
    return Team.objects.filter(_in_coordinated_area(user))


def commendable_people(user) -> QuerySet:
    if not is_coordinator(user):
        return User.objects.none()
    return people_visible_to(user).filter(is_active=True)


def commendations_visible_to(user) -> QuerySet[Commendation]:
    if not is_coordinator(user):
        return Commendation.objects.none()
    return Commendation.objects.filter(
        Q(team__in=commendable_teams(user)) | Q(person__in=commendable_people(user))
    )


# --- records of units split in the 2025 reorganisation ------------------------------------
# A record keeps the unit it was made under; where that unit went in parts to several new
# ones, a coordinator says which new one each record belongs to (portal.services.placements).


def split_units_placeable_by(user) -> QuerySet[Area]:
    """The split old units a coordinator may place records of: those inside their area."""
    return (
        communes_coordinated_by(user)
        .filter(successors__whole=False, valid_to__isnull=False)
        .distinct()
        .order_by("name")
    )


def may_place_records(user, old_unit: Area) -> bool:
    return split_units_placeable_by(user).filter(pk=old_unit.pk).exists()
