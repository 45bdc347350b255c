"""What the fund bought with a donor's money, first in, first out (issue 22, "the donor sees
it"): the ledger read as a queue, and the donor's tracking page saying it."""

from datetime import date, timedelta

import pytest

from django.test import Client
from django.utils import timezone

from wagtail.models import Site

from campaign.models import OfferPage
from portal.fund_attribution import Bought, Line, first_in_first_out
from portal.models import Fund, FundEntry
from portal.selectors.tracking import fund_purchases
from portal.services.fund import device_purchase_intake, fund_entry_record
from portal.tracking_links import tracking_token
from tests.campaign.conftest import publish
from tests.factories.desk import offered
from tests.factories.teams import commune

DAY = date(2026, 11, 1)


def test_each_purchase_spends_the_oldest_money_still_in_the_fund():
    ledger = [
        Line(1, DAY, 500_000, income=True),  # gift A
        Line(2, DAY + timedelta(1), 500_000, income=True),  # gift B
        Line(3, DAY + timedelta(1), 300_000, income=True),  # a sale
        Line(4, DAY + timedelta(2), 700_000, income=False),  # a tablet
        Line(5, DAY + timedelta(3), 100_000, income=False),  # parts
        Line(6, DAY + timedelta(4), 600_000, income=False),  # a laptop, overdrawing by 100.000
    ]
    assert first_in_first_out(list(reversed(ledger))) == [  # read in the ledger's order
        Bought(4, 1, 500_000),
        Bought(4, 2, 200_000),
        Bought(5, 2, 100_000),
        Bought(6, 2, 200_000),
        Bought(6, 3, 300_000),  # the last 100.000 of it came from no one
    ]


def test_money_spent_before_any_came_in_is_taken_from_no_one():
    ledger = [Line(1, DAY, 100_000, income=False), Line(2, DAY + timedelta(1), 50_000, income=True)]
    assert first_in_first_out(ledger) == []


@pytest.mark.django_db
def test_the_donor_sees_the_devices_their_money_bought(client, coordinator_2fa, gia_lam, team):
    fund = Fund.objects.get(area=gia_lam)
    today = timezone.localdate()
    first, second = (
        offered(commune("Bát Tràng"), items=[], donor_name=name, money_pledge_vnd=500_000)
        for name in ("Phạm Thu Trang", "Lê Văn Hải")
    )
    assert not fund.entries.exists()  # nothing in the fund before these two gifts
    for days_ago, offer in ((3, first), (2, second)):
        fund_entry_record(
            actor=coordinator_2fa,
            fund=fund,
            kind=FundEntry.Kind.CASH_DONATION,
            amount_vnd=500_000,
            description="Chuyển khoản",
            occurred_on=today - timedelta(days=days_ago),
            offer=offer,
        )
    device_purchase_intake(
        actor=coordinator_2fa,
        team=team,
        fields={"kind": "tablet", "model_name": "Galaxy Tab A"},
        price_vnd=700_000,
    )

    assert [(p.kind, p.paid_vnd) for p in fund_purchases(first)] == [("Máy tính bảng", 500_000)]
    assert [(p.kind, p.paid_vnd) for p in fund_purchases(second)] == [("Máy tính bảng", 200_000)]

    page = publish(
        Site.objects.get(is_default_site=True).root_page,
        OfferPage(title="Ủng hộ", slug="ung-ho"),
    )
    donor = Client()
    status = donor.get(page.url + "theo-doi/", {"t": tracking_token(second.reference)})
    text = donor.get(status["Location"].split("?")[0]).content.decode()
    shown = today.strftime("%d/%m/%Y")
    assert f"Quỹ đã mua 1 máy tính bảng ngày {shown} (200.000 đ trong đó là tiền của bạn)" in text
