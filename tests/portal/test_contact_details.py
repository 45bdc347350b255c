"""Donors' and requesters' contact details and devices' serial numbers: a coordinator sees
the whole district's, so only in a session that gave a second factor; the team the record
was routed to sees them as its work needs."""

import csv
import io

import pytest

from django.urls import reverse

from tests.factories.desk import offered, requested
from tests.factories.devices import received
from tests.factories.signing_in import authenticator_for
from tests.factories.teams import commune

pytestmark = pytest.mark.django_db

DONOR = {
    "donor_name": "Đinh Công Tráng",
    "phone": "0904 555 111",  # as the pages show it
    "email": "trang.dinh@example.vn",
    "address": "Số 7 ngõ Đình Bát Tràng",
}
REQUESTER = {"name": "Hoàng Thị Nhung", "phone": "0977 333 222", "email": "nhung@example.vn"}
SERIAL = "SN0042-7781"
HIDDEN_NOTE = "Xác thực hai lớp để xem"


@pytest.fixture
def offer(team):
    return offered(commune("Bát Tràng"), note="Gọi sau 17 giờ, nhà cạnh đình", **DONOR)


@pytest.fixture
def support(team):
    return requested(commune("Bát Tràng"), **REQUESTER)


@pytest.fixture
def device(volunteer, team):
    return received(volunteer, team, serial=SERIAL, brand="Lenovo")


@pytest.fixture
def password_only(client, coordinator):
    """The coordinator's account has an authenticator app; this session gave only the
    password (signed in before the app was enrolled, on another computer)."""
    authenticator_for(coordinator)
    client.force_login(coordinator)
    return client


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8-sig")


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text(response))))


def private_values(offer, support, device) -> list[str]:
    return [*DONOR.values(), offer.note, *REQUESTER.values(), device.serial]


class TestWithoutASecondFactorInTheSession:
    def test_offer_pages_show_no_donors_name_phone_email_or_address(self, password_only, offer):
        pages = [
            text(password_only.get(reverse("portal:offer_list") + "?tab=all")),
            text(password_only.get(reverse("portal:offer_detail", args=[offer.pk]))),
        ]

        for page in pages:
            assert offer.reference in page
            for value in [*DONOR.values(), offer.note]:
                assert value not in page
            assert HIDDEN_NOTE in page
            assert reverse("mfa_reauthenticate") in page

    def test_the_offers_export_leaves_the_donors_out(self, password_only, offer):
        rows = csv_rows(password_only.get(reverse("portal:export_list", args=["offers", "csv"])))

        assert [row[0] for row in rows[1:]] == [offer.reference]
        assert "Nhà hảo tâm" not in rows[0]
        assert "Điện thoại" not in rows[0]
        for value in DONOR.values():
            assert value not in str(rows)

    def test_offers_are_not_found_by_the_donors_name_or_phone(self, password_only, offer):
        for query in ["0904555", "Tráng"]:
            page = text(password_only.get(reverse("portal:offer_list"), {"q": query}))
            assert offer.reference not in page, query
        found = text(password_only.get(reverse("portal:offer_list"), {"q": offer.reference}))
        assert offer.reference in found

    def test_support_pages_show_no_requesters_name_or_phone(self, password_only, support):
        pages = [
            text(password_only.get(reverse("portal:support_list") + "?queue=all")),
            text(password_only.get(reverse("portal:support_detail", args=[support.pk]))),
        ]

        for page in pages:
            assert support.reference in page
            for value in REQUESTER.values():
                assert value not in page
            assert HIDDEN_NOTE in page

    def test_support_requests_are_not_found_by_the_requesters_name_or_phone(
        self, password_only, support
    ):
        for query in ["0977333", "Nhung"]:
            page = text(password_only.get(reverse("portal:support_list"), {"q": query}))
            assert support.reference not in page, query

    def test_the_support_export_names_no_requester(self, password_only, support):
        response = password_only.get(reverse("portal:export_list", args=["support", "csv"]))

        rows = csv_rows(response)
        assert [row[0] for row in rows[1:]] == [support.reference]
        for value in REQUESTER.values():
            assert value not in str(rows)

    def test_a_serial_is_neither_shown_nor_searchable(self, password_only, device):
        search = text(password_only.get(reverse("portal:device_list"), {"q": "SN00"}))
        record = text(password_only.get(reverse("portal:device_detail", args=[device.pk])))
        by_code = text(password_only.get(reverse("portal:device_list"), {"q": device.asset_code}))

        assert device.asset_code not in search
        assert SERIAL not in record
        assert HIDDEN_NOTE in record
        assert device.asset_code in by_code
        assert SERIAL not in by_code

    def test_an_account_without_an_app_is_sent_to_enrol_one(self, client, coordinator, offer):
        client.force_login(coordinator)

        page = text(client.get(reverse("portal:offer_detail", args=[offer.pk])))

        assert DONOR["phone"] not in page
        assert reverse("mfa_activate_totp") in page


def test_with_the_second_factor_the_coordinator_sees_and_finds_them(
    client, coordinator_2fa, offer, support, device
):
    offer_page = text(client.get(reverse("portal:offer_detail", args=[offer.pk])))
    support_page = text(client.get(reverse("portal:support_detail", args=[support.pk])))
    found = text(client.get(reverse("portal:device_list"), {"q": "SN00", "queue": "all"}))
    export = csv_rows(client.get(reverse("portal:export_list", args=["offers", "csv"])))

    for value in DONOR.values():
        assert value in offer_page
    assert REQUESTER["name"] in support_page
    assert REQUESTER["phone"] in support_page
    assert device.asset_code in found
    assert export[1][4:6] == [DONOR["donor_name"], DONOR["phone"]]
    assert HIDDEN_NOTE not in offer_page + support_page + found


def test_the_routed_teams_members_keep_seeing_what_their_work_needs(
    client, volunteer, offer, support, device
):
    client.force_login(volunteer)

    offer_page = text(client.get(reverse("portal:offer_detail", args=[offer.pk])))
    support_page = text(client.get(reverse("portal:support_detail", args=[support.pk])))
    found = text(client.get(reverse("portal:device_list"), {"q": "SN00", "queue": "all"}))

    for value in DONOR.values():
        assert value in offer_page
    assert REQUESTER["phone"] in support_page
    assert device.asset_code in found


def test_a_password_only_coordinator_reads_none_of_it_anywhere(
    password_only, offer, support, device
):
    """Every page these records appear on, as one list."""
    pages = [
        reverse("portal:dashboard"),
        reverse("portal:offer_list") + "?tab=all",
        reverse("portal:offer_detail", args=[offer.pk]),
        reverse("portal:offer_step", args=[offer.pk]),
        reverse("portal:offer_route", args=[offer.pk]),
        reverse("portal:offer_receive", args=[offer.pk]),
        reverse("portal:support_list") + "?queue=all",
        reverse("portal:support_detail", args=[support.pk]),
        reverse("portal:support_assign", args=[support.pk]),
        reverse("portal:support_action", args=[support.pk, "note"]),
        reverse("portal:device_list") + "?queue=all",
        reverse("portal:device_detail", args=[device.pk]),
        reverse("portal:device_labels") + f"?device={device.pk}",
        reverse("portal:export_list", args=["offers", "csv"]),
        reverse("portal:export_list", args=["support", "csv"]),
        reverse("portal:export_list", args=["devices", "csv"]),
    ]

    for path in pages:
        body = text(password_only.get(path))
        for value in private_values(offer, support, device):
            assert value not in body, (path, value)
