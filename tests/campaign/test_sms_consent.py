"""The "text me" box on the public forms: offered only when SMS is configured, saved once with
the offer or request, and refused in Vietnamese for a landline."""

import pytest

from django.urls import reverse

from campaign.models import OfferPage, SupportPage
from portal.models import Offer, SupportRequest
from tests.campaign.conftest import publish
from tests.campaign.test_desk_pages import offer_data, support_data
from tests.factories.teams import commune

pytestmark = pytest.mark.django_db

SUPPORT_LABEL = "Nhắn tin SMS cho tôi về yêu cầu này"
OFFER_LABEL = "Nhắn tin SMS cho tôi về đợt ủng hộ này"
MOBILE_ONLY = "Tin nhắn SMS chỉ gửi được đến số di động"


@pytest.fixture
def sms_on(settings):
    settings.SMS_GATEWAY = "webhook"
    settings.SMS_API_URL = "http://127.0.0.1:9/"


@pytest.fixture
def offer_page(home):
    return publish(home, OfferPage(title="Ủng hộ thiết bị", slug="ung-ho"))


@pytest.fixture
def support_page(home):
    return publish(home, SupportPage(title="Yêu cầu hỗ trợ", slug="ho-tro"))


def test_without_a_gateway_no_box_is_offered_and_no_consent_saved(client, support_page, team):
    page = client.get(support_page.url).content.decode()
    assert 'name="sms_consent"' not in page
    assert "SMS" not in page

    response = client.post(support_page.url, support_data(page, sms_consent="on"))

    assert response.status_code == 302
    assert SupportRequest.objects.get().sms_consent is False


def test_a_parent_asks_for_text_messages_and_a_double_tap_saves_once(
    client, sms_on, support_page, team
):
    page = client.get(support_page.url).content.decode()
    assert SUPPORT_LABEL in page
    assert "không kèm thông tin cá nhân" in page
    assert 'type="checkbox" name="sms_consent"' in page
    data = support_data(page, sms_consent="on")

    first = client.post(support_page.url, data)
    second = client.post(support_page.url, data)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    saved = SupportRequest.objects.get()
    assert saved.sms_consent is True
    assert saved.phone == "+84978000001"


def test_the_box_left_unticked_records_no_consent(client, sms_on, support_page, team):
    page = client.get(support_page.url).content.decode()
    client.post(support_page.url, support_data(page))
    assert SupportRequest.objects.get().sms_consent is False


def test_text_messages_to_a_landline_are_refused_at_the_box_and_in_the_summary(
    client, sms_on, support_page, team
):
    page = client.get(support_page.url).content.decode()

    response = client.post(
        support_page.url, support_data(page, phone="024 3826 1234", sms_consent="on")
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert SupportRequest.objects.count() == 0
    assert page.count(MOBILE_ONLY) == 2  # the summary at the top and the box itself
    assert 'href="#id_sms_consent"' in page
    assert 'id="id_sms_consent_error"' in page
    assert "Trần Thị Lan" in page  # nothing typed is lost


def test_a_landline_without_the_box_is_still_fine(client, sms_on, support_page, team):
    page = client.get(support_page.url).content.decode()
    response = client.post(support_page.url, support_data(page, phone="024 3826 1234"))
    assert response.status_code == 302


def test_a_donor_asks_for_text_messages_about_the_offer(client, sms_on, offer_page, team):
    page = client.get(offer_page.url).content.decode()
    assert OFFER_LABEL in page
    data = offer_data(page, sms_consent="on")

    first = client.post(offer_page.url, data)
    second = client.post(offer_page.url, data)

    assert first.status_code == second.status_code == 302
    assert Offer.objects.get().sms_consent is True


def test_a_donor_with_a_landline_is_told_in_vietnamese(client, sms_on, offer_page, team):
    page = client.get(offer_page.url).content.decode()

    response = client.post(
        offer_page.url, offer_data(page, phone="024 3826 1234", sms_consent="on")
    )

    assert response.status_code == 200
    assert Offer.objects.count() == 0
    assert MOBILE_ONLY in response.content.decode()
    assert "Dell Latitude E5470" in response.content.decode()


def test_a_team_member_records_the_callers_consent(client, sms_on, leader):
    client.force_login(leader)
    page = client.get(reverse("portal:support_file")).content.decode()
    assert "Người gửi đồng ý nhận tin nhắn SMS về yêu cầu này" in page
    assert SUPPORT_LABEL not in page
    data = support_data(page, sms_consent="on", commune=commune("Bát Tràng").pk)

    response = client.post(reverse("portal:support_file"), data)

    assert response.status_code == 302
    assert SupportRequest.objects.get().sms_consent is True
