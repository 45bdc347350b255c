"""Phone numbers as people type them: with spaces, dots, dashes or the country code, one
number is stored one way (E.164), so a donor finds their offer whatever way they type it
again; landlines are numbers too, and every number is shown in the national format."""

import importlib

import pytest

from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from portal.models import Offer, Team
from portal.phones import phone_e164, phone_national, phone_or_blank, phone_search_digits
from tests.factories.desk import offered
from tests.factories.teams import commune


@pytest.mark.parametrize(
    "typed",
    [
        "0912345678",
        "0912 345 678",
        "0912.345.678",
        "0912-345-678",
        " 0912 345 678 ",
        "+84 912 345 678",
        "+84912345678",
        "84912345678",
        "(+84) 912-345-678",
        "+84 (0) 912 345 678",
    ],
)
def test_every_way_of_writing_a_mobile_number_is_one_number(typed):
    assert phone_e164(typed) == "+84912345678"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("0243 999 8888", "+842439998888"), ("024 3826 1234", "+842438261234")],
)
def test_a_landline_is_a_number(typed, stored):
    assert phone_e164(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "091234567",  # a digit short
        "09123456789",  # a digit too many
        "+85 912 345 678",  # no such country
        "0912 345 67a",
        "không có",
    ],
)
def test_what_cannot_be_a_number_is_refused_in_vietnamese(typed):
    with pytest.raises(ValidationError) as refused:
        phone_e164(typed)

    assert "Số điện thoại chưa đúng" in refused.value.messages[0]


def test_a_number_typed_in_a_look_up_is_found_or_is_blank_never_an_error():
    assert phone_or_blank("+84 912.345.678") == "+84912345678"
    assert phone_or_blank("12345") == ""
    assert phone_or_blank("") == phone_or_blank(None) == ""


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+84912345678", "0912 345 678"),
        ("+842438261234", "024 3826 1234"),
        ("+16502530000", "+1 650-253-0000"),
        ("gọi qua Zalo", "gọi qua Zalo"),  # an old value that was never a number
        ("", ""),
    ],
)
def test_a_number_is_shown_in_the_national_format(stored, shown):
    assert phone_national(stored) == shown


@pytest.mark.parametrize(
    ("query", "digits"),
    [("0912 345 678", "912345678"), ("0912 345", "912345"), ("+84 912", "912"), ("UH12", "")],
)
def test_a_search_finds_a_stored_number_by_what_people_type(query, digits):
    assert phone_search_digits(query) == digits


@pytest.mark.django_db
def test_a_team_gives_its_landline_and_it_is_shown_as_people_read_it(client, leader, team):
    client.force_login(leader)

    client.post(
        reverse("portal:team_edit", args=[team.pk]),
        {"name": team.name, "public_phone": "024 3826 1234", "meeting_place": "Nhà văn hóa"},
    )

    team.refresh_from_db()
    assert team.public_phone == "+842438261234"
    page = client.get(reverse("portal:team_detail", args=[team.pk])).content.decode()
    assert 'href="tel:+842438261234">024 3826 1234</a>' in page


@pytest.mark.django_db
def test_a_coordinator_finds_an_offer_by_the_number_as_people_type_it(coordinator_2fa, client):
    offer = offered(commune("Bát Tràng"), phone="+84 (0) 912 345 001")
    assert offer.phone == "+84912345001"

    for query in ["0912 345 001", "0912.345", "+84 912 345 001"]:
        page = client.get(reverse("portal:offer_list"), {"q": query, "tab": "open"})
        assert offer.reference in page.content.decode(), query
    detail = client.get(reverse("portal:offer_detail", args=[offer.pk])).content.decode()
    assert "0912 345 001</a>" in detail


@pytest.mark.django_db
def test_the_migration_stores_every_number_in_e164_and_leaves_the_rest_as_typed(team):
    to_e164 = importlib.import_module("portal.migrations.0013_phones_e164").to_e164
    Team.objects.filter(pk=team.pk).update(public_phone="0243 999 8888")
    readable = offered(commune("Bát Tràng"))
    unreadable = offered(commune("Bát Tràng"))
    Offer.objects.filter(pk=readable.pk).update(phone="0912.345.678")
    Offer.objects.filter(pk=unreadable.pk).update(phone="gọi qua Zalo")

    to_e164(apps, None)

    team.refresh_from_db()
    assert team.public_phone == "+842439998888"
    assert Offer.objects.get(pk=readable.pk).phone == "+84912345678"
    assert Offer.objects.get(pk=unreadable.pk).phone == "gọi qua Zalo"
