"""The open fund page: money in by month and out by what it bought, a balance that is the
ledger's own sum, a downloadable ledger that names no donor who did not agree to it and
publishes no phone or e-mail, and a cached page that a new ledger line makes stale."""

import csv
import io
import uuid
from datetime import date

import pytest

from django.core.cache import cache
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

from wagtail.models import Locale

from campaign.models import OpenFundPage
from portal.models import Fund, FundEntry
from portal.selectors.fund import open_fund_figures
from portal.services.fund import (
    device_purchase_intake,
    fund_entry_record,
    sale_approve,
    sale_record,
)
from tests.campaign.conftest import publish
from tests.factories.devices import listed_for_sale

pytestmark = pytest.mark.django_db


@pytest.fixture
def fund(gia_lam):
    return Fund.objects.get(area=gia_lam)


@pytest.fixture
def page(home):
    return publish(home, OpenFundPage(title="Quỹ minh bạch", slug="quy-minh-bach"))


def entry(coordinator, fund, kind, amount, on, description="Ủng hộ"):
    return fund_entry_record(
        actor=coordinator,
        fund=fund,
        kind=kind,
        amount_vnd=amount,
        description=description,
        occurred_on=on,
    )


@pytest.fixture
def ledger(coordinator, volunteer, team, fund):
    """Two months of donations, a sale, a tablet bought and parts."""
    entry(coordinator, fund, "cash_donation", 5_000_000, date(2026, 10, 3), "Chị Hoa 0912345678")
    entry(coordinator, fund, "cash_donation", 2_600_000, date(2026, 10, 20))
    entry(coordinator, fund, "cash_donation", 1_000_000, date(2026, 11, 2))
    phone = listed_for_sale(volunteer, team)
    sale = sale_record(
        actor=volunteer,
        device=phone,
        buyer_name="Lê Văn Mua",
        buyer_phone="0987654321",
        price_vnd=150_000,
        sold_on=date(2026, 11, 5),
    )
    sale_approve(actor=coordinator, sale=sale)
    device_purchase_intake(
        actor=coordinator,
        team=team,
        fields={"kind": "tablet", "model_name": "Samsung Tab A7 Lite"},
        price_vnd=2_900_000,
        intake_key=uuid.uuid4(),
    )
    entry(
        coordinator,
        fund,
        "parts",
        450_000,
        date(2026, 11, 8),
        '=HYPERLINK("http://x") RAM giá 450.000, gọi 0912 345 678, hoa@example.com',
    )
    return fund


def test_money_in_is_shown_by_month_and_money_out_by_what_it_bought(ledger):
    figures = open_fund_figures()

    assert [
        (row["month"], row["donations_vnd"], row["sales_vnd"], row["total_vnd"])
        for row in figures["months"]
    ] == [
        (date(2026, 10, 1), 7_600_000, 0, 7_600_000),
        (date(2026, 11, 1), 1_000_000, 150_000, 1_150_000),
    ]
    assert [
        (line["label"], line["count"], line["amount_vnd"]) for line in figures["devices_bought"]
    ] == [("Máy tính bảng", 1, 2_900_000)]
    assert figures["parts"] == {"count": 1, "amount_vnd": 450_000}
    assert (figures["raised_vnd"], figures["spent_vnd"]) == (8_750_000, 3_350_000)


def test_the_balance_shown_is_the_ledgers_sum_and_the_funds_balance(client, page, ledger):
    income = FundEntry.objects.filter(kind__in=FundEntry.INCOME).aggregate(s=Sum("amount_vnd"))
    spending = FundEntry.objects.exclude(kind__in=FundEntry.INCOME).aggregate(s=Sum("amount_vnd"))
    ledger.refresh_from_db()

    balance = open_fund_figures()["balance_vnd"]

    assert balance == income["s"] - spending["s"] == ledger.balance_vnd == 5_400_000
    html = client.get(page.url).content.decode()
    assert 'data-testid="fund-balance">5.400.000&nbsp;₫' in html
    assert "7.600.000&nbsp;₫" in html  # October's donations, the Vietnamese way
    assert '<th scope="row">10/2026</th>' in html
    assert "<caption" in html


def test_the_page_reads_the_ledger_in_one_query_however_long_it_is(
    client, page, ledger, coordinator, django_assert_max_num_queries
):
    cache.clear()  # each render from cold: the site's frame read again too
    with CaptureQueriesContext(connection) as short:
        client.get(page.url)
    for day in range(1, 21):
        entry(coordinator, ledger, "cash_donation", 10_000, date(2026, 9, day))
    cache.clear()

    # The site's frame (menu, settings, locale) and one read of the ledger.
    with django_assert_max_num_queries(19), CaptureQueriesContext(connection) as long:
        assert client.get(page.url).status_code == 200

    assert len(long) == len(short)
    assert sum("portal_fundentry" in query["sql"] for query in long) == 1


def test_the_ledger_downloads_as_csv_without_unconsented_names_phones_or_formulas(
    client, page, ledger
):
    answer = client.get(page.url + "so-thu-chi/")

    assert answer["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in answer["Content-Disposition"]
    text = answer.content.decode()
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["Ngày", "Loại", "Thu (đồng)", "Chi (đồng)", "Nội dung", "Người ủng hộ"]
    assert len(rows) == 1 + 6
    assert rows[1] == ["2026-10-03", "Tiền ủng hộ", "5000000", "", "", "Nhà hảo tâm"]
    sale = next(row for row in rows if row[1] == "Bán thanh lý thiết bị")
    assert (sale[2], sale[4]) == ("150000", "Máy thử")
    bought = next(row for row in rows if row[1] == "Mua thiết bị mới")
    assert (bought[3], bought[4]) == ("2900000", "Samsung Tab A7 Lite")
    parts = next(row for row in rows if row[1] == "Mua linh kiện")
    assert parts[4].startswith("'=HYPERLINK")  # text in a spreadsheet, never a formula
    assert "RAM giá 450.000, gọi …, …" in parts[4]  # a price stays, contacts go
    for private in ("Chị Hoa", "Lê Văn Mua", "0912", "345 678", "0987654321", "@example.com"):
        assert private not in text
    # Every line agrees with the page's balance.
    assert sum(int(row[2] or 0) - int(row[3] or 0) for row in rows[1:]) == 5_400_000


def test_a_new_ledger_line_makes_the_cached_page_stale(
    client, page, ledger, coordinator, django_capture_on_commit_callbacks
):
    first = client.get(page.url)
    kept = client.get(page.url)
    assert (first["X-Page-Cache"], kept["X-Page-Cache"]) == ("miss", "hit")

    with django_capture_on_commit_callbacks(execute=True):
        entry(coordinator, ledger, "cash_donation", 1_000_000, date(2026, 11, 20))
    fresh = client.get(page.url)

    assert fresh["X-Page-Cache"] == "miss"
    assert 'data-testid="fund-balance">6.400.000&nbsp;₫' in fresh.content.decode()


def test_a_ledger_line_removed_makes_the_cached_page_and_file_stale(
    client, page, ledger, django_capture_on_commit_callbacks
):
    client.get(page.url + "so-thu-chi/")
    assert client.get(page.url + "so-thu-chi/")["X-Page-Cache"] == "hit"
    parts = FundEntry.objects.get(kind="parts")

    with django_capture_on_commit_callbacks(execute=True):
        parts.delete()  # a correction from the admin: no counter moves

    fresh = client.get(page.url + "so-thu-chi/")
    assert fresh["X-Page-Cache"] == "miss"
    assert "Mua linh kiện" not in fresh.content.decode()


def test_the_english_page_reads_in_english(client, home, page, ledger):
    english = Locale.objects.get_or_create(language_code="en")[0]
    copy = page.copy_for_translation(english, copy_parents=True)
    copy.save_revision().publish()
    copy.refresh_from_db()

    html = client.get(copy.url).content.decode()

    assert "Money in by month" in html
    assert "5.400.000&nbsp;₫" in html  # the amounts read the Vietnamese way in English too


def test_a_donor_is_named_in_the_ledger_only_as_they_agreed(client, page, coordinator, fund):
    from tests.factories.desk import offered
    from tests.factories.teams import commune

    money = {"items": [], "money_pledge_vnd": 500_000}
    named = offered(commune("Bát Tràng"), **money, donor_name="Phạm Thu Trang", naming="name")
    other = offered(
        commune("Bát Tràng"), **money, donor_name="Lê Văn Hải", naming="other",
        public_name="Gia đình anh Hải",
    )  # fmt: skip
    hidden = offered(commune("Bát Tràng"), **money, donor_name="Trần Thị Bích")
    for offer in (named, other, hidden):
        fund_entry_record(
            actor=coordinator,
            fund=fund,
            kind="cash_donation",
            amount_vnd=500_000,
            description=f"CK {offer.donor_name}",  # typed by the coordinator: never shown
            occurred_on=date(2026, 11, 12),
            offer=offer,
        )

    text = client.get(page.url + "so-thu-chi/").content.decode()

    donors = [row[-1] for row in csv.reader(io.StringIO(text.lstrip("\ufeff")))][1:]
    assert donors == ["Phạm Thu Trang", "Gia đình anh Hải", "Nhà hảo tâm"]
    assert "Lê Văn Hải" not in text
    assert "Trần Thị Bích" not in text
