"""Requests forged from another site are refused (CSRF enforced, as a browser would meet
it), and a tracking page cannot be reached by guessing or swapping a code."""

import pytest

from django.test import Client
from django.urls import reverse

from campaign.models import OfferPage, SupportPage
from portal.models import Device, Offer, SupportRequest
from tests.campaign.conftest import publish
from tests.factories.desk import offered
from tests.factories.teams import commune

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(home):
    return (
        publish(home, OfferPage(title="Ủng hộ", slug="ung-ho")),
        publish(home, SupportPage(title="Hỗ trợ", slug="ho-tro")),
    )


def test_forms_posted_without_the_csrf_token_are_refused_and_save_nothing(volunteer, team, pages):
    offer_page, support_page = pages
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(volunteer)
    anonymous = Client(enforce_csrf_checks=True)

    refused = [
        browser.post(reverse("portal:device_intake"), {"team": team.pk, "kind": "laptop"}),
        browser.post(reverse("portal:support_file"), {"name": "x"}),
        anonymous.post(offer_page.url, {"donor_name": "Kẻ giả mạo", "phone": "0912345678"}),
        anonymous.post(support_page.url, {"name": "Kẻ giả mạo"}),
        anonymous.post(offer_page.url + "theo-doi/", {"reference": "UH", "phone": "0"}),
        anonymous.post(reverse("account_login"), {"login": volunteer.email, "password": "x"}),
    ]

    assert [response.status_code for response in refused] == [403] * len(refused)
    assert not Device.objects.exists()
    assert not Offer.objects.exists()
    assert not SupportRequest.objects.exists()


def test_a_tracking_page_opens_only_for_the_code_it_was_granted_for(client, pages, team):
    offer_page, _support = pages
    mine = offered(commune("Bát Tràng"), phone="0912000001")
    theirs = offered(commune("Bát Tràng"), phone="0912000002", donor_name="Người Khác")
    client.post(offer_page.url + "theo-doi/", {"reference": mine.reference, "phone": "0912000001"})

    own = client.get(offer_page.url + f"theo-doi/{mine.reference}/")
    swapped = client.get(offer_page.url + f"theo-doi/{theirs.reference}/")
    letter = client.get(offer_page.url + f"theo-doi/{theirs.reference}/giay-cam-on/")
    wrong_phone = client.post(
        offer_page.url + "theo-doi/", {"reference": theirs.reference, "phone": "0912000001"}
    )

    assert own.status_code == 200
    assert swapped.status_code == letter.status_code == 302
    assert "theo-doi/?ma=" in swapped["Location"]
    assert "Người Khác" not in wrong_phone.content.decode()
