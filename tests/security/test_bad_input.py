"""Bad input gets a clear answer, never a server error: a NUL byte in an address or a form
(PostgreSQL refuses it in any text) is a 400; a number no column or sum can hold, or digits
int() refuses, are a form error in Vietnamese, and nothing is written.

Each of these answered 500 before (the NUL bytes on PostgreSQL; the numbers on both)."""

import pkgutil
import uuid
from datetime import date
from importlib import import_module

import pytest

from django import forms as django_forms
from django.urls import reverse

import portal.forms
from campaign.models import NewsIndexPage, OfferPage
from portal.forms.numbers import BoundedNumbers
from portal.models import Fund, FundEntry, Offer, TrainingSession
from portal.services.fund import fund_entry_record
from tests.campaign.conftest import publish
from tests.factories.devices import BROKEN_PHONE, checked, received
from tests.security.targets import to_liquidate

pytestmark = pytest.mark.django_db
NUL = "Bát\x00Tràng"
REFUSED = "Yêu cầu không hợp lệ"  # the 400 page's heading
TOO_MUCH_MONEY = "Số tiền quá lớn: tối đa 1.000.000.000.000 đồng."


def test_a_nul_byte_in_the_site_search_is_refused(client):
    response = client.get("/tim-kiem/", {"q": NUL})

    assert response.status_code == 400
    assert REFUSED in response.content.decode()


def test_a_nul_byte_in_the_news_tag_is_refused(client, home):
    news = publish(home, NewsIndexPage(title="Tin tức", slug="tin-tuc"))

    assert client.get(news.url, {"tag": NUL}).status_code == 400
    assert client.get(news.url, {"tag": "tài trợ"}).status_code == 200


@pytest.mark.parametrize(
    "name",
    ["team_list", "person_list", "device_list", "student_list", "offer_list", "support_list"],
)
def test_a_nul_byte_in_a_portal_list_search_is_refused(client, coordinator_2fa, name):
    client.force_login(coordinator_2fa)

    assert client.get(reverse(f"portal:{name}"), {"q": NUL}).status_code == 400


def test_a_nul_byte_in_an_address_is_refused(client, volunteer):
    client.force_login(volunteer)

    assert client.get("/portal/devices/code/LT%0000001/").status_code == 400
    assert client.get("/%00/").status_code == 400


def test_a_nul_byte_in_a_posted_form_is_refused_and_nothing_changes(
    client, coordinator, volunteer, team
):
    device = received(coordinator, team)
    client.force_login(volunteer)

    response = client.post(
        reverse("portal:device_transition", args=[device.pk]), {"to": "checking", "note": NUL}
    )

    device.refresh_from_db()
    assert response.status_code == 400
    assert device.status == "received"
    assert device.events.count() == 1


def test_labels_asked_for_ids_that_are_no_numbers_print_only_real_ones(
    client, coordinator, volunteer, team
):
    device = received(coordinator, team)
    other = received(coordinator, team)
    client.force_login(volunteer)
    labels = reverse("portal:device_labels")

    odd = client.get(labels, {"device": ["²", "10000000000000000000"]})
    mixed = client.get(labels, {"device": [str(device.pk), "²"]})

    assert odd.status_code == mixed.status_code == 200
    assert device.asset_code not in odd.content.decode()
    assert device.asset_code in mixed.content.decode()
    assert other.asset_code not in mixed.content.decode()


@pytest.mark.parametrize(
    ("cost", "message"),
    [
        ("10000000000000000000", TOO_MUCH_MONEY),  # beyond a bigint column
        ("9223372036854775807", TOO_MUCH_MONEY),  # the largest bigint: no sum can add to it
        ("²", "Hãy nhập một số nguyên, ví dụ 12."),  # a digit to str.isdigit(), not to int()
    ],
)
def test_a_parts_cost_no_column_can_hold_is_a_form_error(
    client, coordinator, volunteer, team, cost, message
):
    phone = checked(coordinator, received(coordinator, team, kind="phone"), BROKEN_PHONE)
    client.force_login(volunteer)

    response = client.post(
        reverse("portal:device_repair", args=[phone.pk]),
        {"form_key": uuid.uuid4(), "actions": ["cleaned"], "parts_cost_vnd": cost},
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not phone.repairs.exists()


@pytest.mark.parametrize("amount", ["10000000000000000000", "9223372036854775807"])
def test_a_fund_entry_the_balance_cannot_hold_is_a_form_error(client, coordinator, gia_lam, amount):
    fund = Fund.objects.get(area=gia_lam)
    fund_entry_record(
        actor=coordinator,
        fund=fund,
        kind="cash_donation",
        amount_vnd=500_000,
        description="Ủng hộ",
        occurred_on=date(2026, 11, 1),
    )
    client.force_login(coordinator)

    response = client.post(
        reverse("portal:fund_ledger"),
        {
            "form_key": uuid.uuid4(),
            "kind": "cash_donation",
            "amount_vnd": amount,
            "description": "Ủng hộ",
            "occurred_on": "2026-11-02",
        },
    )

    fund.refresh_from_db()
    assert response.status_code == 200
    assert TOO_MUCH_MONEY in response.content.decode()
    assert (FundEntry.objects.count(), fund.balance_vnd) == (1, 500_000)


def test_a_sale_price_the_fund_cannot_add_up_is_refused_before_it_is_saved(
    client, coordinator, volunteer, team
):
    phone = received(coordinator, team, kind="phone")
    to_liquidate(coordinator, phone)
    client.force_login(volunteer)

    response = client.post(
        reverse("portal:device_sale", args=[phone.pk]),
        {"buyer_name": "Cửa hàng", "price_vnd": "9223372036854775807", "sold_on": "2026-11-20"},
    )

    assert TOO_MUCH_MONEY in response.content.decode()
    assert not hasattr(phone, "sale")


def session(team, leader, **changes) -> dict:
    return {
        "form_key": uuid.uuid4(),
        "kind": "guidance",
        "held_on": "2026-11-20",
        "place": "Nhà văn hóa",
        "commune": team.commune.pk,
        "team": team.pk,
        "topic": "Học trực tuyến",
        "minutes": 90,
        "trainers": [leader.pk],
        **changes,
    }


def test_a_head_count_beyond_its_column_is_a_form_error(client, leader, team):
    client.force_login(leader)

    response = client.post(
        reverse("portal:training_create"), session(team, leader, head_count="9223372036854775807")
    )

    assert "Số quá lớn: tối đa 32.767." in response.content.decode()
    assert not TrainingSession.objects.exists()


@pytest.mark.parametrize(
    "beyond",
    [
        "10000000000000000000",
        # Found by fuzzing on SQLite: what int() reads, signed, spaced or in other digits.
        "-99999999999999999999",
        "+10000000000000000000",
        " 10000000000000000000 ",
        "١٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠",
    ],
)
def test_a_ticked_id_beyond_a_bigint_is_no_choice(client, leader, team, beyond):
    """PostgreSQL finds no such row; SQLite failed on it."""
    client.force_login(leader)
    ticked = [leader.pk, beyond]

    response = client.post(
        reverse("portal:training_create"), session(team, leader, trainers=ticked)
    )

    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    assert not TrainingSession.objects.exists()


@pytest.mark.parametrize(
    ("pledge", "message", "saved"),
    [
        ("500.000 đ", None, True),  # the same form, with an amount people write
        ("²", "Số tiền chỉ gồm chữ số, ví dụ 500.000.", False),  # a digit to str.isdigit()
        ("9999999999999", TOO_MUCH_MONEY, False),
    ],
)
def test_a_money_pledge_that_is_no_amount_is_a_form_error(
    client, home, team, pledge, message, saved
):
    page = publish(home, OfferPage(title="Ủng hộ", slug="ung-ho"))

    response = client.post(
        page.url,
        {
            "form_key": uuid.uuid4(),
            "donor_kind": "person",
            "donor_name": "Nguyễn Văn Minh",
            "phone": "0912 345 001",
            "commune": team.commune.pk,
            "handoff": "pickup",
            "address": "Thôn Giang Cao",
            "naming": "anonymous",
            "money_pledge_vnd": pledge,
            "items-TOTAL_FORMS": "0",
            "items-INITIAL_FORMS": "0",
        },
    )

    assert Offer.objects.exists() is saved
    if message:
        assert response.status_code == 200
        assert message in response.content.decode()


def all_form_classes() -> set[type]:
    for module in pkgutil.iter_modules(portal.forms.__path__):
        import_module(f"portal.forms.{module.name}")
    found, waiting = set(), [django_forms.BaseForm]
    while waiting:
        for subclass in waiting.pop().__subclasses__():
            waiting.append(subclass)
            if subclass.__module__.startswith("portal.forms."):
                found.add(subclass)
    return found


def test_every_form_of_the_portal_and_the_public_desks_bounds_its_numbers():
    """A new form that forgets the bounds would take 10^19 again."""
    forms = all_form_classes()

    assert len(forms) >= 30
    assert sorted(f.__name__ for f in forms if not issubclass(f, BoundedNumbers)) == []
