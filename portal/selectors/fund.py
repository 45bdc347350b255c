"""The fund's book as a coordinator reads it."""

from django.db.models import Case, F, QuerySet, Sum, When, Window

from portal import access
from portal.models import BankCredit, Fund, FundEntry, Sale, User


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
