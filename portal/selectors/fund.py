"""The fund's book as a coordinator reads it, and as the public open fund page shows it."""

import re

from django.db.models import Case, Count, F, QuerySet, Sum, When, Window
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from portal import access
from portal.exports import safe_cell
from portal.models import BankCredit, Device, DeviceKind, Fund, FundEntry, Sale, User


def fund_of(user: User) -> Fund | None:
    """The widest fund the person keeps (a district's rather than a commune's)."""
    return access.funds_visible_to(user).order_by("area__depth").first()


def ledger(fund: Fund) -> QuerySet[FundEntry]:
    """Newest first, each entry with `running_balance_vnd`: the balance after it in date order.
    An entry written down late (a back-dated receipt) takes its place by date, so the
    balances read straight; the balance stored at recording time follows typing order."""
    signed = Case(
        When(kind__in=FundEntry.INCOME, then=F("amount_vnd")),
        default=-F("amount_vnd"),
    )
    return (
        fund.entries.select_related("recorded_by")
        .annotate(
            running_balance_vnd=Window(
                Sum(signed), order_by=[F("occurred_on").asc(), F("pk").asc()]
            )
        )
        .order_by("-occurred_on", "-pk")
    )


def sales_to_approve(user: User) -> QuerySet[Sale]:
    return (
        access.sales_visible_to(user)
        .filter(approved_at__isnull=True)
        .select_related("device", "recorded_by")
    )


def unmatched_credits(user: User) -> QuerySet[BankCredit]:
    """ "Khoản chưa khớp": credits of the bank statements that named no offer, oldest first."""
    return access.bank_credits_visible_to(user).filter(status=BankCredit.Status.UNMATCHED)


# The open fund page (campaign.OpenFundPage): what came in and went out, for anyone to read.

# How a donor who did not agree to be named appears in public.
NAMELESS_DONOR = _("Nhà hảo tâm")
# An e-mail address or a Vietnamese phone number as people type it ("0912 345 678",
# "024.3826.1234", "+84 912 345 678"): never published, whoever typed it. A price
# ("2.000.000") starts with no 0 or +84 and stays.
_CONTACT = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+|(?:\+84[\s.\-]?|\b0)\d(?:[\s.\-]?\d){7,9}\b")


def _device_label(device: Device | None) -> str:
    if device is None:
        return ""
    return " ".join(part for part in (device.brand, device.model_name) if part) or str(
        DeviceKind(device.kind).label
    )


def open_fund_figures() -> dict:
    """Every fund of the program together, in one query: money in by month (donations, sales
    of devices that could not be repaired), money out by what it bought (devices by kind,
    with their count; parts), and the balance — the ledger's own sum."""
    rows = (
        FundEntry.objects.annotate(month=TruncMonth("occurred_on"))
        .values("month", "kind", "device__kind")
        .annotate(total=Sum("amount_vnd"), count=Count("pk"))
        .order_by("month", "kind", "device__kind")
    )
    months: dict = {}
    bought: dict = {}
    parts = {"count": 0, "amount_vnd": 0}
    raised = spent = 0
    for row in rows:
        kind, total, count = row["kind"], row["total"], row["count"]
        if kind in FundEntry.INCOME:
            month = months.setdefault(
                row["month"],
                {"month": row["month"], "donations_vnd": 0, "sales_vnd": 0, "total_vnd": 0},
            )
            month["donations_vnd" if kind == FundEntry.Kind.CASH_DONATION else "sales_vnd"] += total
            month["total_vnd"] += total
            raised += total
            continue
        spent += total
        if kind == FundEntry.Kind.PARTS:
            parts["count"] += count
            parts["amount_vnd"] += total
            continue
        device_kind = row["device__kind"] or ""
        line = bought.setdefault(
            device_kind,
            {
                "label": DeviceKind(device_kind).label if device_kind else _("Thiết bị khác"),
                "count": 0,
                "amount_vnd": 0,
            },
        )
        line["count"] += count
        line["amount_vnd"] += total
    return {
        "months": list(months.values()),
        "devices_bought": sorted(bought.values(), key=lambda line: -line["amount_vnd"]),
        "parts": parts,
        "raised_vnd": raised,
        "spent_vnd": spent,
        "balance_vnd": raised - spent,
    }


def _public_text(text: str) -> str:
    return _CONTACT.sub("…", text)


def _entry_row(entry: FundEntry) -> list:
    """One line of the public ledger. A donation shows only the name its donor agreed to
    (the description a coordinator typed may name them, so it is left out); a sale shows the
    device, never its buyer; a purchase the device bought; parts what was typed, less any
    phone number or e-mail address."""
    donor = ""
    if entry.kind == FundEntry.Kind.CASH_DONATION:
        offer = entry.offer
        donor = (offer.name_shown if offer is not None else "") or str(NAMELESS_DONOR)
        description = ""
    elif entry.kind == FundEntry.Kind.SALE:
        sale = getattr(entry, "sale", None)
        description = _device_label(sale.device if sale is not None else None)
    elif entry.kind == FundEntry.Kind.DEVICE_PURCHASE:
        description = _device_label(getattr(entry, "device", None))
    else:
        description = _public_text(entry.description)
    income = entry.is_income
    return [
        entry.occurred_on.isoformat(),
        entry.get_kind_display(),
        entry.amount_vnd if income else "",
        "" if income else entry.amount_vnd,
        description,
        donor,
    ]


def open_fund_entries() -> list[list]:
    """The public ledger as the rows of a spreadsheet, oldest first, with its header: no
    phone number, no e-mail, a donor named only as they agreed to be; a cell that would run
    as a formula is written as text."""
    related = ["device", "sale__device", "offer"]
    entries = FundEntry.objects.select_related(*related).order_by("occurred_on", "pk")
    header = [
        _("Ngày"),
        _("Loại"),
        _("Thu (đồng)"),
        _("Chi (đồng)"),
        _("Nội dung"),
        _("Người ủng hộ"),
    ]
    return [[str(title) for title in header]] + [
        [safe_cell(value) for value in _entry_row(entry)] for entry in entries
    ]
