"""Money: the fund's ledger and the sale of devices that cannot be repaired."""

import uuid
from collections.abc import Iterable
from datetime import date
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from portal import access
from portal.figures import Figure
from portal.models import Device, DeviceStatus, Fund, FundEntry, Offer, Sale, Team, User
from portal.selectors.wipes import wipe_refusal
from portal.services.counters import counter_bump
from portal.services.devices import device_intake, device_lock, device_move
from portal.services.once import once
from portal.workflows import DEVICE


def device_fund(device: Device) -> Fund:
    """The fund of the district (or larger area) the device was received in."""
    # The district's fund exists before its devices do.
    return (
        Fund.objects.filter(area__in=device.commune.get_ancestors())  # type: ignore[return-value]
        .order_by("-area__depth")
        .first()
    )


@transaction.atomic
def fund_entry_record(
    *,
    actor: User,
    fund: Fund,
    kind: str,
    amount_vnd: int,
    description: str,
    occurred_on: date,
    form_key: uuid.UUID | None = None,
    offer: Offer | None = None,
    bank_reference: str = "",
) -> FundEntry:
    """Add one line to the ledger. The fund row is locked, so two entries at once cannot
    both spend the same money; spending more than the balance is refused. A donation read
    from a bank statement carries its offer and the bank's reference of the transfer."""
    entry = FundEntry(
        kind=kind,
        amount_vnd=amount_vnd,
        description=description,
        occurred_on=occurred_on,
        recorded_by=actor,
        form_key=form_key,
        offer=offer,
        bank_reference=bank_reference,
    )
    locked = partial(_locked_fund, actor, fund)
    return once(FundEntry, form_key=form_key, lock=locked, create=partial(_enter, entry))[0]


def _locked_fund(actor: User, fund: Fund) -> Fund:
    if not access.funds_visible_to(actor).filter(pk=fund.pk).exists():
        raise PermissionDenied
    return Fund.objects.select_for_update().get(pk=fund.pk)


def _enter(entry: FundEntry, fund: Fund) -> FundEntry:
    entry.fund = fund
    balance = fund.balance_vnd + entry.signed_amount
    if balance < 0:
        raise ValidationError(
            _("Quỹ chỉ còn %(balance)s đồng, không đủ chi %(amount)s đồng.")
            % {
                "balance": number_format(fund.balance_vnd, force_grouping=True),
                "amount": number_format(entry.amount_vnd, force_grouping=True),
            }
        )
    entry.balance_after_vnd = fund.balance_vnd = balance
    fund.save(update_fields=["balance_vnd"])
    entry.save()
    counter_bump(
        key=Figure.FUND_RAISED_VND if entry.is_income else Figure.FUND_SPENT_VND,
        area=fund.area,
        delta=entry.amount_vnd,
        when=entry.occurred_on,
    )
    return entry


@transaction.atomic
def sale_record(
    *, actor: User, device: Device, buyer_name: str, buyer_phone: str, price_vnd: int, sold_on: date
) -> Sale:
    """A team records the sale of a device listed for liquidation; a coordinator approves."""
    if not access.can_work_on_device(actor, device):
        raise PermissionDenied
    device = device_lock(device)
    DEVICE.require(device, "sale_record")
    if refusal := wipe_refusal(device, DeviceStatus.TO_LIQUIDATE):
        raise ValidationError(refusal)
    try:
        with transaction.atomic():
            return Sale.objects.create(
                device=device,
                buyer_name=buyer_name,
                buyer_phone=buyer_phone,
                price_vnd=price_vnd,
                sold_on=sold_on,
                recorded_by=actor,
            )
    except IntegrityError:
        raise ValidationError(_("Thiết bị này đã được ghi bán.")) from None


@transaction.atomic
def sale_approve(*, actor: User, sale: Sale) -> Sale:
    """Approve a sale: the money enters the fund and the device is liquidated, together."""
    if not access.can_approve_sale(actor, sale):
        raise PermissionDenied
    sale = Sale.objects.select_for_update().select_related("device").get(pk=sale.pk)
    if sale.approved_at:
        return sale
    device = device_lock(sale.device)
    DEVICE.require(device, "sale_approve")
    sale.fund_entry = fund_entry_record(
        actor=actor,
        fund=device_fund(device),
        kind="sale",
        amount_vnd=sale.price_vnd,
        description=_("%(device)s, cho %(buyer)s") % {"device": device, "buyer": sale.buyer_name},
        occurred_on=sale.sold_on,
    )
    sale.approved_by, sale.approved_at = actor, timezone.now()
    sale.save(update_fields=["fund_entry", "approved_by", "approved_at"])
    note = _("Đã bán cho %(buyer)s") % {"buyer": sale.buyer_name}
    device_move(device, DeviceStatus.LIQUIDATED, step="sale_approve", actor=actor, note=note)
    return sale


@transaction.atomic
def device_purchase_intake(
    *,
    actor: User,
    team: Team,
    fields: dict,
    price_vnd: int,
    intake_key: uuid.UUID | None = None,
    photos: Iterable[tuple] = (),
) -> Device:
    """A new device bought with the fund: the spending and the intake are one record."""
    home = team.commune or team.cluster.district  # type: ignore[union-attr]  # a team has a commune or a cluster
    fund = (
        Fund.objects.filter(area__in=[home, *home.get_ancestors()]).order_by("-area__depth").first()
    )
    # The fund is locked before the second look for an earlier copy of this form: a second
    # submission waits there, then finds the device and spends nothing.
    return once(
        Device,
        intake_key=intake_key,
        lock=lambda: Fund.objects.select_for_update().get(pk=fund.pk),  # type: ignore[union-attr]  # the district has a fund
        create=lambda fund: _purchase(actor, team, fund, fields, price_vnd, intake_key, photos),
    )[0]


def _purchase(
    actor: User,
    team: Team,
    fund: Fund,
    fields: dict,
    price_vnd: int,
    intake_key: uuid.UUID | None,
    photos: Iterable[tuple],
) -> Device:
    entry = fund_entry_record(
        actor=actor,
        fund=fund,
        kind=FundEntry.Kind.DEVICE_PURCHASE,
        amount_vnd=price_vnd,
        # The ledger shows the kind ("Mua thiết bị mới") before the description.
        description=fields.get("model_name") or fields["kind"],
        occurred_on=timezone.localdate(),
    )
    return device_intake(
        actor=actor, team=team, fields=fields, intake_key=intake_key, purchase=entry, photos=photos
    )
