"""What a donor and the public learn of the wiping of donated devices: the tracking page and
the thank-you letter say when each device's data was wiped and how; the standards page
states the policy and each kind's guidance, edited where the standards are."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaign.models import OfferPage, StandardsPage
from portal.models import Offer, SpecStandard
from portal.selectors.tracking import gift_journeys
from portal.services.offers import offer_receive
from tests.campaign.conftest import publish
from tests.campaign.test_desk_pages import offer_data
from tests.factories.devices import GOOD_LAPTOP, checked

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer_page(home):
    return publish(home, OfferPage(title="Ủng hộ thiết bị", slug="ung-ho"))


def _offer(client, offer_page, laptops=1):
    """An offer of laptops and a SIM, received; its tracking page's address."""
    data = offer_data(client.get(offer_page.url).content.decode(), **{"items-0-quantity": laptops})
    status = client.post(offer_page.url, data)["Location"].split("?")[0]
    offer = Offer.objects.get()
    return status, offer


def _received(volunteer, offer):
    return offer_receive(
        actor=volunteer,
        offer=offer,
        quantities={item.pk: item.quantity for item in offer.items.all()},
    )


def _wiped_line() -> str:
    return (
        f"Dữ liệu trên máy đã được xoá an toàn ngày {timezone.localdate():%d/%m/%Y} "
        "(phương pháp NIST SP 800-88 Clear: ghi đè toàn bộ ổ)"
    )


def test_the_donor_sees_the_laptop_s_data_wiped_and_nothing_of_the_sim(
    client, offer_page, team, volunteer, leader
):
    status, offer = _offer(client, offer_page)
    laptop, sim = _received(volunteer, offer)
    before = client.get(status).content.decode()
    checked(volunteer, laptop, GOOD_LAPTOP)  # wiped by the volunteer, checked by the leader

    page = client.get(status).content.decode()
    letter = client.get(status + "giay-cam-on/").content.decode()

    assert "Dữ liệu trên máy đã được xoá" not in before
    assert page.count(_wiped_line()) == 1  # the laptop's; a SIM holds no data
    assert f"{laptop.asset_code}: {_wiped_line()}" in letter
    assert sim.asset_code not in letter
    assert str(leader) not in page  # who wiped and checked stays in the portal
    assert str(volunteer) not in page


def test_the_wipe_is_said_once_and_is_no_step_of_its_own(client, offer_page, team, volunteer):
    status, offer = _offer(client, offer_page)
    laptop, _sim = _received(volunteer, offer)

    checked(volunteer, laptop, GOOD_LAPTOP)
    journey = next(j for j in gift_journeys(offer) if j.asset_code == laptop.asset_code)

    assert [words for _moment, words in journey.steps] == [
        "Đội đã nhận máy",
        "Đã kiểm tra: đạt tiêu chuẩn, sẵn sàng trao tặng",
    ]
    assert journey.wipe == _wiped_line()


def test_the_tracking_page_reads_the_wipes_in_the_same_queries_however_many_devices(
    client, offer_page, team, volunteer
):
    status, offer = _offer(client, offer_page, laptops=3)
    laptops = [device for device in _received(volunteer, offer) if device.kind == "laptop"]
    checked(volunteer, laptops[0], GOOD_LAPTOP)
    client.get(status)  # caches warmed
    with CaptureQueriesContext(connection) as one:
        client.get(status)
    for laptop in laptops[1:]:
        checked(volunteer, laptop, GOOD_LAPTOP)

    with CaptureQueriesContext(connection) as three:
        page = client.get(status).content.decode()

    assert page.count(_wiped_line()) == 3
    assert len(three) == len(one)
    assert len(three) <= 20


def test_the_standards_page_states_the_policy_and_each_kind_s_guidance(
    client, home, django_assert_max_num_queries
):
    page = publish(home, StandardsPage(title="Tiêu chuẩn thiết bị", slug="tieu-chuan"))
    client.get(page.url)

    with django_assert_max_num_queries(15):
        html = client.get(page.url).content.decode()

    assert "Xoá dữ liệu của nhà hảo tâm" in html
    assert "một người thứ hai kiểm tra lại" in html
    assert "Không máy nào được sẵn sàng trao, trao tặng hay bán thanh lý" in html
    assert "NIST SP 800-88 Clear" in html
    assert html.count("Xoá dữ liệu:") == 4  # laptop, desktop, phone, tablet; not the SIM
    assert "khôi phục cài đặt gốc" in SpecStandard.objects.current_for("phone").wipe_guidance
    assert SpecStandard.objects.current_for("sim").wipe_guidance == ""


def test_a_coordinator_edits_a_kind_s_wiping_guidance_and_the_public_page_shows_it(
    client, home, program_coordinator
):
    page = publish(home, StandardsPage(title="Tiêu chuẩn thiết bị", slug="tieu-chuan"))
    laptop = SpecStandard.objects.current_for("laptop")
    client.force_login(program_coordinator)
    form = client.get(reverse("portal:standard_edit", args=["laptop"])).content.decode()

    client.post(
        reverse("portal:standard_edit", args=["laptop"]),
        {
            "min_ram_gb": laptop.min_ram_gb,
            "recommended_ram_gb": laptop.recommended_ram_gb or "",
            "min_cpu_ghz": laptop.min_cpu_ghz,
            "min_disk_gb": laptop.min_disk_gb or "",
            "charger_required": "on" if laptop.charger_required else "",
            "note": laptop.note,
            "wipe_guidance": "Ổ SSD: dùng lệnh Secure Erase của hãng, rồi cài lại Windows.",
        },
    )
    client.logout()

    assert 'name="wipe_guidance"' in form
    assert SpecStandard.objects.current_for("laptop").version == laptop.version + 1
    assert "lệnh Secure Erase của hãng" in client.get(page.url).content.decode()


def test_an_area_raises_thresholds_but_not_the_wiping_guidance(client, coordinator_2fa, gia_lam):
    answer = client.get(reverse("portal:area_standard_edit", args=[gia_lam.pk, "laptop"]))

    assert answer.status_code == 200
    assert 'name="wipe_guidance"' not in answer.content.decode()
