from datetime import date

import pytest

from django.core.exceptions import ValidationError
from django.urls import reverse

from portal.models import Counter, DeviceStatus, Fund, FundEntry, Sale
from portal.models.counters import ALL_TIME
from portal.services.devices import device_transition
from portal.services.fund import fund_entry_record, sale_approve, sale_record
from tests.factories import MembershipFactory, TeamFactory, second_district
from tests.factories.devices import listed_for_sale, sale_recorded

pytestmark = pytest.mark.django_db
S = DeviceStatus


@pytest.fixture
def fund(gia_lam):
    return Fund.objects.get(area=gia_lam)


def test_liquidating_an_unrepairable_phone_moves_the_fund(
    client, volunteer, coordinator, team, fund, gia_lam
):
    phone = listed_for_sale(volunteer, team)
    client.force_login(volunteer)
    client.post(
        reverse("portal:device_sale", args=[phone.pk]),
        {
            "buyer_name": "Cửa hàng điện thoại Minh Anh",
            "price_vnd": "350000",
            "sold_on": "2026-11-20",
        },
    )
    fund.refresh_from_db()
    assert fund.balance_vnd == 0  # not before a coordinator approves

    client.force_login(coordinator)
    ledger = client.get(reverse("portal:fund_ledger")).content.decode()
    assert "Cửa hàng điện thoại Minh Anh" in ledger
    client.post(reverse("portal:sale_approve", args=[phone.sale.pk]))

    fund.refresh_from_db()
    phone.refresh_from_db()
    assert fund.balance_vnd == 350_000
    assert phone.status == S.LIQUIDATED
    assert FundEntry.objects.get().balance_after_vnd == 350_000
    assert (
        Counter.objects.get(key="fund_raised_vnd", area=gia_lam, period=ALL_TIME).value == 350_000
    )
    assert Counter.objects.get(key="devices_liquidated", area=gia_lam, period=ALL_TIME).value == 1
    assert "350.000" in client.get(reverse("portal:fund_ledger")).content.decode()


def test_approving_twice_pays_in_once(volunteer, coordinator, team, fund):
    phone = listed_for_sale(volunteer, team)
    sale = sale_record(
        actor=volunteer,
        device=phone,
        buyer_name="A",
        buyer_phone="",
        price_vnd=100_000,
        sold_on=date(2026, 11, 1),
    )

    sale_approve(actor=coordinator, sale=sale)
    sale_approve(actor=coordinator, sale=sale)

    fund.refresh_from_db()
    assert fund.balance_vnd == 100_000


def test_a_device_is_sold_once(volunteer, team):
    phone = listed_for_sale(volunteer, team)
    sale_record(
        actor=volunteer,
        device=phone,
        buyer_name="A",
        buyer_phone="",
        price_vnd=1,
        sold_on=date(2026, 11, 1),
    )

    with pytest.raises(ValidationError, match="đã được ghi bán"):
        sale_record(
            actor=volunteer,
            device=phone,
            buyer_name="B",
            buyer_phone="",
            price_vnd=2,
            sold_on=date(2026, 11, 1),
        )


def test_the_fund_cannot_spend_money_it_does_not_have(coordinator, fund):
    fund_entry_record(
        actor=coordinator,
        fund=fund,
        kind="cash_donation",
        amount_vnd=500_000,
        description="Ủng hộ",
        occurred_on=date(2026, 11, 1),
    )

    with pytest.raises(
        ValidationError, match="Quỹ chỉ còn 500.000 đồng, không đủ chi 600.000 đồng."
    ):
        fund_entry_record(
            actor=coordinator,
            fund=fund,
            kind="parts",
            amount_vnd=600_000,
            description="RAM",
            occurred_on=date(2026, 11, 2),
        )
    fund.refresh_from_db()
    assert fund.balance_vnd == 500_000
    assert FundEntry.objects.count() == 1


def test_a_device_bought_with_the_fund_enters_intake_linked_to_the_spending(
    client, coordinator, team, fund
):
    fund_entry_record(
        actor=coordinator,
        fund=fund,
        kind="cash_donation",
        amount_vnd=5_000_000,
        description="Ủng hộ",
        occurred_on=date(2026, 11, 1),
    )
    client.force_login(coordinator)

    client.post(
        reverse("portal:device_intake"),
        {
            "team": team.pk,
            "form_key": "7e0b7a51-47a0-4d8e-8f8a-2d3f4c5b6a77",
            "kind": "tablet",
            "model_name": "Samsung Tab A7 Lite",
            "purchase_vnd": "2900000",
        },
    )

    fund.refresh_from_db()
    spending = FundEntry.objects.get(kind="device_purchase")
    assert fund.balance_vnd == 2_100_000
    assert spending.device.model_name == "Samsung Tab A7 Lite"
    assert spending.amount_vnd == 2_900_000
    ledger = client.get(reverse("portal:fund_ledger")).content.decode()
    assert ledger.count("Mua thiết bị mới") == 1  # the kind, not repeated in the description
    assert "Mua thiết bị mới: Samsung Tab A7 Lite" in ledger


def test_volunteers_see_no_purchase_field_and_no_fund(client, volunteer):
    client.force_login(volunteer)

    assert "purchase_vnd" not in client.get(reverse("portal:device_intake")).content.decode()
    assert client.get(reverse("portal:fund_ledger")).status_code == 403


def test_taking_a_device_off_the_sale_list_cancels_its_pending_sale(
    client, volunteer, coordinator, team, fund
):
    phone = listed_for_sale(volunteer, team)
    sale = sale_record(
        actor=volunteer,
        device=phone,
        buyer_name="Người mua A",
        buyer_phone="",
        price_vnd=90_000,
        sold_on=date(2026, 11, 1),
    )

    device_transition(
        actor=volunteer, device=phone, to=S.UNREPAIRABLE, note="Giữ lại lấy linh kiện"
    )

    assert not Sale.objects.filter(pk=sale.pk).exists()
    assert "Hủy giao dịch bán chờ duyệt" in phone.events.last().note
    client.force_login(coordinator)
    assert "Người mua A" not in client.get(reverse("portal:fund_ledger")).content.decode()
    assert client.post(reverse("portal:sale_approve", args=[sale.pk])).status_code == 404
    fund.refresh_from_db()
    assert fund.balance_vnd == 0
    device_transition(actor=volunteer, device=phone, to=S.TO_LIQUIDATE)
    sale_record(
        actor=volunteer,
        device=phone,
        buyer_name="Người mua B",
        buyer_phone="",
        price_vnd=80_000,
        sold_on=date(2026, 11, 2),
    )


def test_a_coordinator_neither_sees_nor_approves_the_sales_of_another_district(client, coordinator):
    """Helping a team of another district (a membership there) lets a coordinator work on
    its devices, not approve its sales: that is its own district's coordinators' call."""
    bo_de = second_district().get_children().get()
    elsewhere = TeamFactory(name="Tổ Thanh niên IT phường Bồ Đề", commune=bo_de)
    MembershipFactory(team=elsewhere, person=coordinator)
    sale = sale_recorded(
        coordinator, listed_for_sale(coordinator, elsewhere), buyer_name="Người mua ở Long Biên"
    )
    client.force_login(coordinator)

    ledger = client.get(reverse("portal:fund_ledger")).content.decode()
    approval = client.post(reverse("portal:sale_approve", args=[sale.pk]))

    assert "Người mua ở Long Biên" not in ledger
    assert approval.status_code == 404
    sale.refresh_from_db()
    assert sale.approved_at is None
    assert not FundEntry.objects.exists()


def test_a_back_dated_entry_takes_its_place_in_the_running_balance(client, coordinator, fund):
    def record(kind, amount, day):
        fund_entry_record(
            actor=coordinator,
            fund=fund,
            kind=kind,
            amount_vnd=amount,
            description="Sổ",
            occurred_on=date(2026, 11, day),
        )

    record("cash_donation", 1_000_000, 15)
    record("parts", 700_000, 16)
    record("cash_donation", 500_000, 10)  # written down late

    client.force_login(coordinator)
    rows = client.get(reverse("portal:fund_ledger")).context["page_obj"].object_list
    assert [(row.occurred_on.day, row.running_balance_vnd) for row in rows] == [
        (16, 800_000),
        (15, 1_500_000),
        (10, 500_000),
    ]
