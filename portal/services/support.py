"""Technical support requests: filed (publicly or by a team member on someone's behalf),
assigned, answered, resolved, reopened, and watched against the 24-hour promise.

Every step is one transaction on the locked request and appends a `SupportNote`. The promise
moves the counters once per request: kept when the first response comes before `due_at`,
breached when it comes later or when the watchdog finds the deadline passed unanswered.
`now` is a parameter so the clock can be moved in tests; in use it is always the present.
"""

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from portal import access
from portal.figures import Figure
from portal.hours import WORK_MINUTES
from portal.models import (
    Device,
    SupportNote,
    SupportRequest,
    SupportStatus,
    Team,
    User,
    normalise_asset_code,
)
from portal.models.support import OPEN_STATUSES, PROMISE, WARN_AFTER
from portal.references import new_reference
from portal.selectors.routing import commune_team, school_team
from portal.services.counters import counter_bump
from portal.services.notify import notify
from portal.services.once import once
from portal.workflows import SUPPORT

Note = SupportNote.Kind
TrackUrl = Callable[[SupportRequest], str]


def _device(asset_code: str) -> Device | None:
    """The device whose label the requester read out, if it is one (they may mistype)."""
    code = normalise_asset_code(asset_code)
    return Device.objects.filter(asset_code=code).first() if code else None


def _handover_team(device: Device | None) -> Team | None:
    """A device handed over is supported by the team that handed it over."""
    handover = device and device.handovers.filter(returned_on__isnull=True).first()
    return handover.team if handover else None


def support_submit(
    *,
    fields: dict,
    form_key: uuid.UUID,
    filed_by: User | None = None,
    now: datetime | None = None,
    track_url: TrackUrl | None = None,
) -> tuple[SupportRequest, bool]:
    """Save a request and start its 24-hour clock; (request, created). A repeat of the same
    form returns the request already saved."""
    now = now or timezone.now()
    request, created = once(
        SupportRequest,
        form_key=form_key,
        create=lambda: _file(fields, form_key, filed_by, now),
        attempts=5,  # a reference code drawn twice is drawn again
    )
    if not created:
        return request, False
    counter_bump(key=Figure.SUPPORT_REQUESTS, area=request.commune, when=now)
    link = track_url(request) if track_url else ""
    notify(
        "support_received",
        subject=request,
        event=f"support:{request.pk}:received",
        now=now,
        language=get_language() or "",
        track_url=link,
    )
    notify("support_new", subject=request, event=f"support:{request.pk}:new", now=now)
    return request, True


def _file(
    fields: dict, form_key: uuid.UUID, filed_by: User | None, now: datetime
) -> SupportRequest:
    device = _device(fields.get("asset_code", ""))
    request = SupportRequest.objects.create(
        reference=new_reference("HT"),
        form_key=form_key,
        device=device,
        team=_handover_team(device) or commune_team(fields["commune"]),
        school_team=school_team(fields.get("school")),
        filed_by=filed_by,
        created_at=now,
        due_at=now + PROMISE,
        **fields,
    )
    SupportNote.objects.create(request=request, kind=Note.RECEIVED, author=filed_by, created_at=now)
    return request


def _locked(actor: User, request: SupportRequest) -> SupportRequest:
    if not access.can_handle_support(actor, request):
        raise PermissionDenied
    return SupportRequest.objects.select_for_update().get(pk=request.pk)


def _note(request: SupportRequest, kind: str, actor: User | None, text: str, now: datetime) -> None:
    SupportNote.objects.create(request=request, kind=kind, author=actor, text=text, created_at=now)


@transaction.atomic
def support_assign(
    *, actor: User, request: SupportRequest, assignee: User, now: datetime | None = None
) -> SupportRequest:
    request = _locked(actor, request)
    if not access.support_assignees(request).filter(pk=assignee.pk).exists():
        raise ValidationError(_("Chỉ giao được cho thành viên của tổ phụ trách."))
    now = now or timezone.now()
    request.assignee = assignee
    step: dict[str, Any] = {
        "step": "support_assign",
        "actor": actor,
        "note": str(assignee),
        "when": now,
    }
    if request.status == SupportStatus.NEW:
        SUPPORT.move(request, SupportStatus.ASSIGNED, **step)
    else:
        SUPPORT.stay(request, **step)
    if assignee != actor:
        # Each assignment is its own event (its note): a request given back to someone later
        # tells them again.
        assignment = request.notes.latest("pk").pk
        notify(
            "support_assigned",
            subject=request,
            event=f"support:{request.pk}:assigned:{assignment}",
            now=now,
            context={"who": actor},
        )
    return request


def _first_response(request: SupportRequest, actor: User, now: datetime) -> None:
    """Stop the 24-hour clock and count whether the promise was kept."""
    request.first_response_at, request.first_response_by = now, actor
    commune = request.commune
    counter_bump(key=Figure.SUPPORT_RESPONSE_HOUR.of(request.response_hour), area=commune, when=now)
    # A request the watchdog already found late stays late, whatever clock the answer carries.
    if now <= request.due_at and not request.breached:
        counter_bump(key=Figure.SUPPORT_KEPT, area=commune, when=now)
        if request.team_id:
            counter_bump(key=Figure.TEAM_SUPPORT_KEPT.of(request.team_id), area=commune, when=now)
    elif not request.breached:  # late, and the watchdog had not caught it yet
        _breach(request)


def _breach(request: SupportRequest) -> None:
    request.breached = True
    when = request.due_at
    counter_bump(key=Figure.SUPPORT_BREACHED, area=request.commune, when=when)
    if request.team_id:
        counter_bump(
            key=Figure.TEAM_SUPPORT_BREACHED.of(request.team_id),
            area=request.commune,
            when=when,
        )


@transaction.atomic
def support_respond(
    *, actor: User, request: SupportRequest, text: str, now: datetime | None = None
) -> SupportRequest:
    """The first contact with the requester: a call, a Zalo message, a visit. Once only; a
    second press of the button changes nothing."""
    request = _locked(actor, request)
    if request.first_response_at:
        return request
    now = now or timezone.now()
    _first_response(request, actor, now)
    if request.assignee_id is None:
        request.assignee = actor
    SUPPORT.move(
        request, SupportStatus.ANSWERED, step="support_respond", actor=actor, note=text, when=now
    )
    _tell_taken(request, now)
    return request


def _tell_taken(request: SupportRequest, now: datetime) -> None:
    """The requester hears that a team has taken the request (its first contact)."""
    notify("support_taken", subject=request, event=f"support:{request.pk}:taken", now=now)


@transaction.atomic
def support_note(
    *, actor: User, request: SupportRequest, text: str, now: datetime | None = None
) -> SupportNote:
    request = _locked(actor, request)
    if not text.strip():
        raise ValidationError(_("Hãy ghi nội dung."))
    return SupportNote.objects.create(
        request=request, kind=Note.NOTE, author=actor, text=text, created_at=now or timezone.now()
    )


@transaction.atomic
def support_resolve(
    *, actor: User, request: SupportRequest, resolution: str, now: datetime | None = None
) -> SupportRequest:
    """Solved. Solving it at the first contact is also the first response."""
    request = _locked(actor, request)
    if request.status == SupportStatus.RESOLVED:
        return request
    if not resolution.strip():
        raise ValidationError(_("Hãy ghi đã xử lý thế nào."))
    now = now or timezone.now()
    if not request.first_response_at:
        _first_response(request, actor, now)
        _tell_taken(request, now)
    request.resolved_at, request.resolution = now, resolution
    request.assignee = request.assignee or actor
    SUPPORT.move(
        request,
        SupportStatus.RESOLVED,
        step="support_resolve",
        actor=actor,
        note=resolution,
        when=now,
    )
    counter_bump(
        key=Figure.VOLUNTEER_MINUTES,
        area=request.commune,
        delta=WORK_MINUTES["support"],
        when=now,
    )
    # Once per resolution: a request reopened and solved again is news again.
    notify(
        "support_resolved",
        subject=request,
        event=f"support:{request.pk}:resolved:{request.reopened_count}",
        now=now,
    )
    return request


@transaction.atomic
def support_reopen(
    *, actor: User, request: SupportRequest, reason: str, now: datetime | None = None
) -> SupportRequest:
    """The problem came back: the request goes back to the team's open list."""
    request = _locked(actor, request)
    SUPPORT.require(request, "support_reopen")
    if not reason.strip():
        raise ValidationError(_("Hãy ghi lý do mở lại."))
    request.resolved_at = None
    request.reopened_count += 1
    SUPPORT.move(
        request, SupportStatus.ANSWERED, step="support_reopen", actor=actor, note=reason, when=now
    )
    return request


@transaction.atomic
def support_watch(*, now: datetime | None = None) -> dict[str, int]:
    """The 24-hour watchdog (every few minutes, from beat): warn the team leaders of
    requests unanswered for 18 hours, escalate to the coordinators those unanswered at 24
    and record the breach. Each happens once per request, however often this runs, and rows
    another run holds are skipped rather than waited for."""
    now = now or timezone.now()
    unanswered = SupportRequest.objects.select_for_update(skip_locked=True, of=("self",)).filter(
        first_response_at__isnull=True, status__in=OPEN_STATUSES
    )
    to_warn = list(
        unanswered.filter(
            warned_at__isnull=True, due_at__gt=now, due_at__lte=now + (PROMISE - WARN_AFTER)
        ).select_related("team", "school_team", "commune")
    )
    for request in to_warn:
        request.warned_at = now
        request.save(update_fields=["warned_at"])
        _note(request, Note.WARNING, None, "", now)
        notify("support_warning", subject=request, event=f"support:{request.pk}:warning", now=now)
    to_escalate = list(
        unanswered.filter(escalated_at__isnull=True, due_at__lte=now).select_related(
            "team", "school_team", "commune"
        )
    )
    for request in to_escalate:
        request.escalated_at = now
        if not request.breached:
            _breach(request)
        request.save(update_fields=["escalated_at", "breached"])
        _note(request, Note.ESCALATED, None, "", now)
        notify(
            "support_escalated", subject=request, event=f"support:{request.pk}:escalated", now=now
        )
    return {"warned": len(to_warn), "escalated": len(to_escalate)}
