"""The public offer and support pages as a donor or a parent uses them: forms that lose
nothing and save once, the reference code, the tracking page and the certificate."""

import re
import time

import pytest

from django.core import mail, signing
from django.db import transaction
from django.db.models.signals import post_save
from django.test import Client

from campaign.models import OfferPage, SupportPage
from portal.models import Offer, SupportRequest
from portal.services.offers import offer_receive
from portal.tracking_links import tracking_token
from tests.campaign.conftest import publish
from tests.factories.desk import offered, requested
from tests.factories.devices import GOOD_LAPTOP, checked
from tests.factories.students import approved, handed_over
from tests.factories.teams import commune

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer_page(home):
    return publish(home, OfferPage(title="Ủng hộ thiết bị", slug="ung-ho"))


@pytest.fixture
def support_page(home):
    return publish(home, SupportPage(title="Yêu cầu hỗ trợ", slug="ho-tro"))


def form_key(html: str) -> str:
    return re.search(r'name="form_key" value="([^"]+)"', html)[1]


def offer_data(page_html: str, **extra) -> dict:
    data = {
        "form_key": form_key(page_html),
        "donor_kind": "person",
        "donor_name": "Nguyễn Văn Minh",
        "phone": "0912 345 001",
        "email": "minh@example.vn",
        "commune": commune("Bát Tràng").pk,
        "address": "Thôn Giang Cao",
        "handoff": "pickup",
        "naming": "name",
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "20",
        "items-0-kind": "laptop",
        "items-0-brand_model": "Dell Latitude E5470",
        "items-0-quantity": "1",
        "items-0-condition": "works",
        "items-0-has_charger": "on",
        "items-1-kind": "sim",
        "items-1-quantity": "1",
        "items-1-condition": "works",
    }
    return {**data, **extra}


def support_data(page_html: str, **extra) -> dict:
    data = {
        "form_key": form_key(page_html),
        "requester": "parent",
        "name": "Trần Thị Lan",
        "phone": "0978 000 001",
        "email": "lan@example.vn",
        "channel": "zalo",
        "commune": commune("Bát Tràng").pk,
        "category": "power",
        "description": "Máy tính bảng không sạc được pin.",
    }
    return {**data, **extra}


def test_the_offer_form_is_never_cached_and_carries_a_one_time_key(client, offer_page):
    response = client.get(offer_page.url)

    assert "no-store" in response["Cache-Control"]
    assert form_key(response.content.decode()) != form_key(
        client.get(offer_page.url).content.decode()
    )
    assert 'name="website"' in response.content.decode()  # the honeypot is there, out of sight


def test_a_double_tapped_offer_is_one_offer_with_one_code(client, offer_page, team, leader):
    data = offer_data(client.get(offer_page.url).content.decode())

    first = client.post(offer_page.url, data)
    second = client.post(offer_page.url, data)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    offer = Offer.objects.get()
    assert offer.reference in first["Location"]
    assert offer.phone == "+84912345001"
    assert [item.kind for item in offer.items.all()] == ["laptop", "sim"]
    page = client.get(first["Location"]).content.decode()
    assert offer.reference in page
    assert "Cảm ơn bạn" in page


def test_a_wrong_phone_keeps_everything_typed_and_says_why_in_vietnamese(client, offer_page, team):
    data = offer_data(client.get(offer_page.url).content.decode(), phone="12345")

    response = client.post(offer_page.url, data)

    page = response.content.decode()
    assert response.status_code == 200
    assert Offer.objects.count() == 0
    assert "Số điện thoại chưa đúng" in page
    assert "Nguyễn Văn Minh" in page
    assert "Dell Latitude E5470" in page
    assert "Thôn Giang Cao" in page


@pytest.mark.parametrize("landline", ["0243 999 8888", "024 3826 1234"])
def test_a_donor_may_give_a_landline(client, offer_page, team, landline):
    data = offer_data(client.get(offer_page.url).content.decode(), phone=landline)

    response = client.post(offer_page.url, data)

    assert response.status_code == 302
    assert Offer.objects.get().phone == "+84" + landline.replace(" ", "")[1:]


def test_an_offer_with_nothing_in_it_is_refused(client, offer_page, team):
    data = offer_data(client.get(offer_page.url).content.decode())
    for row in (0, 1):  # rows left as the page showed them
        data.update(
            {
                f"items-{row}-kind": "",
                f"items-{row}-brand_model": "",
                f"items-{row}-quantity": "1",
                f"items-{row}-condition": "works",
            }
        )
        data.pop(f"items-{row}-has_charger", None)

    page = client.post(offer_page.url, data).content.decode()

    assert "ít nhất một thiết bị, sim hoặc số tiền" in page
    assert Offer.objects.count() == 0


def test_a_money_only_pledge_needs_no_address(client, offer_page, team):
    """Home pickup is the default, but with nothing to collect there is nowhere to go."""
    data = offer_data(client.get(offer_page.url).content.decode(), money_pledge_vnd="500.000")
    del data["address"]
    for row in (0, 1):
        for name in ("kind", "brand_model", "has_charger"):
            data.pop(f"items-{row}-{name}", None)

    response = client.post(offer_page.url, data)

    assert response.status_code == 302
    offer = Offer.objects.get()
    assert (offer.money_pledge_vnd, offer.address, offer.items.count()) == (500_000, "", 0)


def test_items_to_collect_at_home_still_need_the_address(client, offer_page, team):
    data = offer_data(client.get(offer_page.url).content.decode(), address="")

    page = client.post(offer_page.url, data).content.decode()

    assert "Hãy ghi địa chỉ để tổ đến nhận." in page
    assert Offer.objects.count() == 0


def test_money_is_read_as_people_write_it(client, offer_page, team):
    data = offer_data(client.get(offer_page.url).content.decode(), money_pledge_vnd="2.000.000 đ")

    client.post(offer_page.url, data)

    assert Offer.objects.get().money_pledge_vnd == 2_000_000


def test_a_robot_filling_the_honeypot_saves_nothing(client, offer_page, team):
    data = offer_data(client.get(offer_page.url).content.decode(), website="http://spam.example")

    page = client.post(offer_page.url, data).content.decode()

    assert "Ô này phải để trống" in page
    assert Offer.objects.count() == 0


def test_one_address_sending_too_many_offers_is_slowed_down_without_losing_the_form(
    client, offer_page, team, settings
):
    settings.PUBLIC_FORM_RATE_LIMIT = (2, 3600)
    for number in range(2):
        data = offer_data(client.get(offer_page.url).content.decode(), note=f"Lần {number}")
        assert client.post(offer_page.url, data).status_code == 302

    data = offer_data(client.get(offer_page.url).content.decode(), note="Lần thứ ba")
    response = client.post(offer_page.url, data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Xin đợi ít phút" in page
    assert "Lần thứ ba" in page
    assert Offer.objects.count() == 2


def test_adding_an_item_row_without_javascript_keeps_what_was_typed(client, offer_page, team):
    data = offer_data(client.get(offer_page.url).content.decode(), add_item="1")

    response = client.post(offer_page.url, data)

    page = response.content.decode()
    assert Offer.objects.count() == 0
    assert 'name="items-TOTAL_FORMS" value="3"' in page
    assert "Dell Latitude E5470" in page
    assert "Nguyễn Văn Minh" in page
    assert "field__error" not in page
    assert form_key(page) == data["form_key"]  # still the same offer when it is sent


def test_a_new_phone_follows_the_offer_with_its_code_and_phone_only(
    client, offer_page, team, volunteer
):
    offer = offered(commune("Bát Tràng"))
    status = offer_page.url + f"theo-doi/{offer.reference}/"

    assert client.get(status)["Location"].endswith(f"theo-doi/?ma={offer.reference}")
    wrong = client.post(
        offer_page.url + "theo-doi/", {"reference": offer.reference, "phone": "0999999999"}
    )
    assert "Không tìm thấy mã này" in wrong.content.decode()
    typed = offer.reference.replace("-", " ").lower()
    right = client.post(
        offer_page.url + "theo-doi/", {"reference": typed, "phone": "+84 912 345 001"}
    )
    assert right["Location"] == status
    assert "Đã nhận đăng ký của bạn" in client.get(status).content.decode()


def test_the_e_mailed_link_opens_the_tracking_page(client, offer_page, team):
    offer = offered(commune("Bát Tràng"))

    response = client.get(offer_page.url + "theo-doi/", {"t": tracking_token(offer.reference)})
    forged = client.get(offer_page.url + "theo-doi/", {"t": "giả-mạo"})

    assert response["Location"].endswith(f"theo-doi/{offer.reference}/")
    assert forged.status_code == 200
    assert "Mã" in forged.content.decode()


def minted(reference: str, days_ago: float, monkeypatch) -> str:
    """The e-mailed link's token as it was made `days_ago` days ago."""
    then = time.time() - days_ago * 24 * 60 * 60
    with monkeypatch.context() as past:
        past.setattr(signing.time, "time", lambda: then)
        return tracking_token(reference)


@pytest.mark.parametrize("desk", ["offer", "support"])
def test_an_old_tracking_link_expires_and_offers_the_code_and_phone_look_up(
    client, offer_page, support_page, team, settings, monkeypatch, desk
):
    settings.TRACKING_LINK_DAYS = 30
    page, record = (
        (offer_page, offered(commune("Bát Tràng")))
        if desk == "offer"
        else (support_page, requested(commune("Bát Tràng")))
    )
    track = page.url + "theo-doi/"

    fresh = client.get(track, {"t": minted(record.reference, 29, monkeypatch)})
    client.cookies.clear()
    stale = client.get(track, {"t": minted(record.reference, 31, monkeypatch)})

    assert fresh["Location"].endswith(f"theo-doi/{record.reference}/")
    assert stale.status_code == 200
    html = stale.content.decode()
    assert "Đường dẫn theo dõi này đã hết hạn" in html
    assert "30 ngày" in html
    assert f'value="{record.reference}"' in html  # only the phone is left to type
    assert client.get(page.url + f"theo-doi/{record.reference}/").status_code == 302  # no grant


def test_the_donor_sees_where_the_laptop_went_and_prints_a_thank_you(
    client, offer_page, team, volunteer, leader, teacher, school
):
    data = offer_data(client.get(offer_page.url).content.decode())
    status = client.post(offer_page.url, data)["Location"].split("?")[0]
    offer = Offer.objects.get()
    laptop, _sim = offer_receive(
        actor=volunteer, offer=offer, quantities={item.pk: 1 for item in offer.items.all()}
    )
    checked(volunteer, laptop, GOOD_LAPTOP)
    handed_over(
        volunteer, approved(teacher, leader, school, full_name="Lò Thị Hiền"), team, device=laptop
    )

    page = client.get(status).content.decode()
    certificate = client.get(status + "giay-cam-on/").content.decode()

    assert "Đã trao cho một học sinh ở Bát Tràng" in page
    assert "Hiền" not in page
    assert "Hiền" not in certificate
    assert "Nguyễn Văn Minh" in certificate
    assert "Thư cảm ơn" in certificate
    assert "1 thiết bị đã trao cho học sinh ở Bát Tràng" in certificate


def test_the_confirmation_e_mail_carries_the_code_and_a_working_link(
    client, offer_page, team, django_capture_on_commit_callbacks
):
    data = offer_data(client.get(offer_page.url).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(offer_page.url, data)

    message = next(m for m in mail.outbox if m.to == ["minh@example.vn"])
    link = re.search(r"http://testserver(\S+)", message.body)[1]
    fresh = client.__class__()
    assert fresh.get(link, follow=True).status_code == 200
    assert Offer.objects.get().reference in fresh.get(link, follow=True).content.decode()


def test_a_parent_reports_a_broken_tablet_and_gets_a_code_and_a_deadline(
    client, support_page, team, leader, django_capture_on_commit_callbacks
):
    data = support_data(client.get(support_page.url).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(support_page.url, data)
        client.post(support_page.url, data)  # the same tap, twice

    request = SupportRequest.objects.get()
    assert request.team == team
    assert request.reference in first["Location"]
    status = client.get(first["Location"]).content.decode()
    assert request.reference in status
    assert "Tổ sẽ liên hệ với bạn trước" in status
    assert any(leader.email in message.to for message in mail.outbox)
    assert any(message.to == ["lan@example.vn"] for message in mail.outbox)


def test_a_support_request_without_a_description_is_refused_in_vietnamese(
    client, support_page, team
):
    page = client.get(support_page.url).content.decode()

    response = client.post(
        support_page.url,
        {"form_key": form_key(page), "name": "Lan", "phone": "0978000001", "description": "hỏng"},
    )

    text = response.content.decode()
    assert SupportRequest.objects.count() == 0
    assert "Trường này là bắt buộc" in text or "bắt buộc" in text
    assert "ít nhất 10 ký tự" in text


class TestAFailureAfterTheEntryIsSaved:
    """Whatever runs once the entry is committed (an e-mail queued, a cache cleared) may
    fail; the donor or parent is then still sent to their confirmation page and code."""

    pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

    @pytest.fixture(autouse=True)
    def _work_after_commit_fails(self, live_database):
        def fail():
            raise RuntimeError("the work after the commit failed")

        def on_saved(sender, created, **kwargs):
            if created:
                transaction.on_commit(fail)

        for model in (Offer, SupportRequest):
            post_save.connect(on_saved, sender=model, weak=False, dispatch_uid="fault")
        yield
        for model in (Offer, SupportRequest):
            post_save.disconnect(sender=model, dispatch_uid="fault")

    def test_the_donor_still_gets_their_code(self, offer_page, team):
        donor = Client(raise_request_exception=False)  # a server answers a 500
        data = offer_data(donor.get(offer_page.url).content.decode())

        response = donor.post(offer_page.url, data)

        offer = Offer.objects.get()
        assert response.status_code == 302
        assert response["Location"].endswith(f"theo-doi/{offer.reference}/?moi=1")
        assert offer.reference in donor.get(response["Location"]).content.decode()

    def test_the_parent_still_gets_their_code(self, support_page, team):
        parent = Client(raise_request_exception=False)
        data = support_data(parent.get(support_page.url).content.decode(), email="")

        response = parent.post(support_page.url, data)

        request = SupportRequest.objects.get()
        assert response.status_code == 302
        assert request.reference in parent.get(response["Location"]).content.decode()

    def test_an_entry_that_was_not_saved_is_not_confirmed(self, offer_page, team):
        donor = Client(raise_request_exception=False)
        data = offer_data(donor.get(offer_page.url).content.decode(), phone="12345")

        response = donor.post(offer_page.url, data)

        assert response.status_code == 200
        assert not Offer.objects.exists()


def test_the_thank_you_letter_thanks_only_for_what_arrived(client, offer_page, team, volunteer):
    data = offer_data(
        client.get(offer_page.url).content.decode(),
        **{"items-0-quantity": "3", "money_pledge_vnd": "2000000"},
    )
    status = client.post(offer_page.url, data)["Location"].split("?")[0]
    offer = Offer.objects.get()
    laptops = offer.items.get(kind="laptop")
    offer_receive(actor=volunteer, offer=offer, quantities={laptops.pk: 1})

    certificate = client.get(status + "giay-cam-on/").content.decode()

    assert "1 thiết bị đang được kiểm tra, sửa chữa để trao tặng" in certificate
    assert "3 thiết bị" not in certificate
    assert "2.000.000" not in certificate  # pledged, never recorded as received
