"""Donors' offers: submitted on the public site, routed to a team, followed to receipt.

`offer_submit` is what the public form calls. Its one-time key is unique in the database, so
a double-tap, a retry after a timeout or a page sent again returns the offer already saved;
two copies racing each other meet the constraint and the loser returns the winner's offer.
"""

import uuid
from collections.abc import Callable
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from portal import access, specs
from portal.models import (
    Area,
    DeviceKind,
    Offer,
    OfferEvent,
    OfferItem,
    OfferStatus,
    SpecStandard,
    Team,
    User,
)
from portal.references import new_reference
from portal.selectors.routing import commune_team
from portal.services.devices import device_intake
from portal.services.notify import notify
from portal.services.once import once
from portal.signals import announce_public_change
from portal.workflows import OFFER

ITEM_FIELDS = (
    "kind",
    "brand_model",
    "quantity",
    "age_years",
    "condition",
    "has_charger",
    "ram_gb",
    "os_version",
    "calls_work",
)
TrackUrl = Callable[[Offer], str]


def offer_team(commune: Area | None, dropoff_team: Team | None = None) -> Team | None:
    """Who takes the offer: the drop-off point chosen, else the team where the donor lives;
    None leaves it to the coordinators (a donor from outside the district)."""
    return dropoff_team or commune_team(commune)


def item_warnings(item: dict) -> list[str]:
    """The quick self-check for one offered item, against the standard in force."""
    if item["kind"] == DeviceKind.SIM:
        return []
    standard = SpecStandard.objects.current_for(item["kind"]).to_standard()
    known = {"yes": True, "no": False}
    return specs.quick_check(
        standard,
        ram_gb=item.get("ram_gb"),
        os_version=item.get("os_version") or "",
        has_charger=item.get("has_charger"),
        calls_work=known.get(item.get("calls_work") or ""),
        powers_on=item.get("condition") != OfferItem.Condition.DEAD,
    )


def offer_submit(
    *,
    fields: dict,
    items: list[dict],
    form_key: uuid.UUID,
    track_url: TrackUrl | None = None,
    reference: str = "",
) -> tuple[Offer, bool]:
    """Save a donor's offer with its items; (offer, created). Never raises for a repeat.
    The code is drawn at random unless `reference` fixes it (the demo's, which its bank
    statement names): the donor is told the code the offer keeps."""
    offer, created = once(
        Offer,
        form_key=form_key,
        create=lambda: _offer(fields, items, form_key, reference),
        attempts=5,
    )
    if not created:
        return offer, False
    _tell_donor(offer, "offer_received", f"offer:{offer.pk}:received", track_url)
    notify("offer_new", subject=offer, event=f"offer:{offer.pk}:new")
    return offer, True


def _offer(fields: dict, items: list[dict], form_key: uuid.UUID, reference: str = "") -> Offer:
    if not items and not fields.get("money_pledge_vnd"):
        raise ValidationError(_("Hãy ghi ít nhất một thiết bị, sim hoặc số tiền ủng hộ."))
    team = offer_team(fields.get("commune"), fields.get("dropoff_team"))
    offer = Offer.objects.create(
        reference=reference or new_reference("UH"), form_key=form_key, team=team, **fields
    )
    OfferItem.objects.bulk_create(
        OfferItem(offer=offer, warnings=item_warnings(item), **item) for item in items
    )
    OfferEvent.objects.create(offer=offer, to_status=OfferStatus.NEW)
    return offer


def _tell_donor(offer: Offer, kind: str, event: str, track_url: TrackUrl | None) -> None:
    notify(
        kind,
        subject=offer,
        event=event,
        language=get_language() or "",
        track_url=track_url(offer) if track_url else "",
    )


def _tell_donor_of_step(offer: Offer, track_url: TrackUrl | None) -> None:
    """Each step the offer takes is its own event: the latest entry of the offer's log."""
    step = offer.events.latest("pk").pk
    _tell_donor(offer, "offer_update", f"offer:{offer.pk}:step:{step}", track_url)


def _lock(offer: Offer) -> Offer:
    return Offer.objects.select_for_update().get(pk=offer.pk)


@transaction.atomic
def offer_transition(
    *,
    actor: User,
    offer: Offer,
    to: str,
    note: str = "",
    pickup_at: datetime | None = None,
    track_url: TrackUrl | None = None,
) -> Offer:
    """Contacted, pickup scheduled (needs a time), declined (needs a reason) or closed."""
    if not access.can_handle_offer(actor, offer):
        raise PermissionDenied
    offer = _lock(offer)
    OFFER.check(offer, to, step="offer_transition")
    if to == OfferStatus.DECLINED:
        if not note.strip():
            raise ValidationError(_("Hãy ghi lý do không nhận để báo lại nhà hảo tâm."))
        offer.decline_reason = note
    if to == OfferStatus.PICKUP_SCHEDULED:
        if pickup_at is None:
            raise ValidationError(_("Hãy chọn ngày giờ hẹn nhận."))
        offer.pickup_at = pickup_at
    OFFER.move(offer, to, step="offer_transition", actor=actor, note=note)
    _tell_donor_of_step(offer, track_url)
    return offer


@transaction.atomic
def offer_route(*, actor: User, offer: Offer, team: Team) -> Offer:
    """A coordinator hands the offer to another team (the donor moved, a team is busy)."""
    if not access.offer_teams(actor).filter(pk=team.pk).exists():
        raise PermissionDenied
    offer = _lock(offer)
    OFFER.require(offer, "offer_route")
    previous = offer.team
    offer.team = team
    note = _("Chuyển từ %(old)s sang %(new)s") % {"old": previous or "—", "new": team}
    OFFER.stay(offer, step="offer_route", actor=actor, note=note)
    step = offer.events.latest("pk").pk
    notify("offer_routed", subject=offer, event=f"offer:{offer.pk}:routed:{step}")
    return offer


@transaction.atomic
def offer_receive(
    *,
    actor: User,
    offer: Offer,
    quantities: dict[int, int],
    note: str = "",
    track_url: TrackUrl | None = None,
) -> list:
    """Receive what the donor actually brought: each unit becomes a device record of the
    offer's team (linked to the offer, with the donor's name and phone), in one step."""
    if not access.can_handle_offer(actor, offer):
        raise PermissionDenied
    offer = _lock(offer)
    OFFER.require(offer, "offer_receive")
    if offer.team is None or not access.intake_teams(actor).filter(pk=offer.team.pk).exists():
        raise ValidationError(_("Chỉ thành viên của tổ phụ trách mới nhận được thiết bị."))
    items = list(offer.items.all())
    if not any(quantities.get(item.pk, 0) for item in items) and not offer.money_pledge_vnd:
        raise ValidationError(
            _("Chưa nhận món nào. Nếu nhà hảo tâm không gửi nữa, hãy chọn “Không nhận”.")
        )
    devices = []
    for item in items:
        item.received_quantity = quantities.get(item.pk, 0)
        item.save(update_fields=["received_quantity"])
        for _unit in range(item.received_quantity):
            devices.append(
                device_intake(
                    actor=actor,
                    team=offer.team,
                    fields={
                        "kind": item.kind,
                        "model_name": item.brand_model,
                        "has_charger": item.has_charger,
                        "condition_notes": _item_notes(item),
                        "donor_name": offer.donor_name,
                        "donor_phone": offer.phone,
                        "offer": offer,
                    },
                )
            )
    offer.received_at = timezone.now()
    if offer.name_shown:
        announce_public_change()  # the honour roll names the donors who agreed
    summary = ", ".join(device.asset_code for device in devices)
    note = "; ".join(filter(None, [summary, note]))
    OFFER.move(offer, OfferStatus.RECEIVED, step="offer_receive", actor=actor, note=note)
    _tell_donor_of_step(offer, track_url)
    return devices


def _item_notes(item: OfferItem) -> str:
    parts = [item.get_condition_display()]
    if item.age_years is not None:
        parts.append(_("đã dùng %(years)s năm") % {"years": item.age_years})
    parts.extend(item.warnings)
    return "; ".join(parts)
