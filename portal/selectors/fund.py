"""The fund's book as a coordinator reads it."""

from django.db.models import QuerySet

from portal import access
from portal.models import Fund, FundEntry, Sale, User


def fund_of(user: User) -> Fund | None:
    """The widest fund the person keeps (a district's rather than a commune's)."""
    return access.funds_visible_to(user).order_by("area__depth").first()


def ledger(fund: Fund) -> QuerySet[FundEntry]:
    return fund.entries.select_related("recorded_by")


def sales_to_approve(user: User) -> QuerySet[Sale]:
    return (
        access.sales_visible_to(user)
        .filter(approved_at__isnull=True)
        .select_related("device", "recorded_by")
    )
