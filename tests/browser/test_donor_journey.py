"""A donor on a phone offers a laptop and a SIM, taps "send" twice, gets one code and follows
the laptop to a student's commune; a parent reports a broken tablet and gets a code."""

import re

from playwright.sync_api import expect

from wagtail.models import Site

from campaign.models import OfferPage, SupportPage
from portal.models import Offer, SupportRequest
from portal.services.offers import offer_receive
from tests.browser.conftest import assert_fits_the_screen
from tests.browser.test_public_site import assert_accessible
from tests.campaign.conftest import publish
from tests.factories.devices import GOOD_LAPTOP, checked
from tests.factories.students import approved, handed_over


def pages():
    home = Site.objects.get(is_default_site=True).root_page.specific
    return (
        publish(home, OfferPage(title="Ủng hộ thiết bị", slug="ung-ho")),
        publish(home, SupportPage(title="Yêu cầu hỗ trợ kỹ thuật", slug="ho-tro")),
    )


def test_a_donor_offers_a_laptop_and_a_sim_and_follows_the_laptop_to_a_student(
    live_server, phone, team, leader, volunteer, teacher, school
):
    offer_page, _support = pages()
    phone.goto(live_server.url + offer_page.url)
    phone.get_by_label("Họ tên hoặc tên đơn vị").fill("Nguyễn Văn Minh")
    phone.get_by_label("Điện thoại").fill("0912 345 001")
    phone.get_by_label("Xã / thị trấn").select_option(label="Xã Bát Tràng")
    phone.get_by_label("Địa chỉ").fill("Thôn Giang Cao")
    first = phone.get_by_role("group", name="Món 1")
    first.get_by_label("Loại").select_option("laptop")
    first.get_by_label("Hãng, mẫu máy").fill("Dell Latitude E5470")
    first.get_by_label("RAM (GB)").fill("1")
    first.get_by_label("Có bộ sạc").check()
    phone.get_by_role("group", name="Món 2").get_by_label("Loại").select_option("sim")
    assert_fits_the_screen(phone)

    phone.get_by_role("button", name="Gửi đăng ký ủng hộ").dblclick()

    expect(phone.locator(".reference")).to_have_text(re.compile(r"^UH-\w{4}-\w{4}$"))
    offer = Offer.objects.get()  # one offer, however many taps reached the server
    expect(phone.locator(".reference")).to_have_text(offer.reference)
    assert offer.team == team
    assert offer.items.count() == 2
    expect(phone.locator("main")).to_contain_text("RAM 1 GB < tối thiểu 2 GB")
    assert_accessible(phone)

    # The team receives both, checks the laptop and hands it to a pupil of Bát Tràng.
    laptop, _sim = offer_receive(
        actor=volunteer, offer=offer, quantities={item.pk: 1 for item in offer.items.all()}
    )
    checked(volunteer, laptop, GOOD_LAPTOP)
    pupil = approved(teacher, leader, school, full_name="Lò Thị Hiền")
    handed_over(volunteer, pupil, team, device=laptop)

    phone.reload()
    expect(phone.locator("main")).to_contain_text("Đã trao cho một học sinh ở Bát Tràng")
    expect(phone.locator("main")).not_to_contain_text("Hiền")
    assert_fits_the_screen(phone)
    phone.get_by_role("link", name="Xem và in thư cảm ơn").click()
    expect(phone.locator(".certificate__donor")).to_have_text("Nguyễn Văn Minh")
    expect(phone.locator(".certificate")).to_contain_text(
        "1 thiết bị đã trao cho học sinh ở Bát Tràng"
    )
    assert_accessible(phone)


def test_a_parent_reports_a_broken_tablet_and_gets_a_code_with_a_deadline(
    live_server, phone, team, leader
):
    _offer, support_page = pages()
    phone.goto(live_server.url + support_page.url)
    phone.get_by_label("Họ tên người gửi").fill("Trần Thị Lan")
    phone.get_by_label("Điện thoại").fill("0978000001")
    phone.get_by_label("Xã / thị trấn").select_option(label="Xã Bát Tràng")
    phone.locator("#id_category").select_option("power")
    phone.get_by_label("Mô tả sự cố").fill("hỏng")
    phone.get_by_role("button", name="Gửi yêu cầu hỗ trợ").click()

    # Too short: said in Vietnamese, nothing typed is lost.
    expect(phone.locator(".field__error")).to_contain_text("ít nhất 10 ký tự")
    expect(phone.get_by_label("Họ tên người gửi")).to_have_value("Trần Thị Lan")
    phone.get_by_label("Mô tả sự cố").fill("Máy tính bảng không sạc được pin từ hôm qua.")
    phone.get_by_role("button", name="Gửi yêu cầu hỗ trợ").click()

    request = SupportRequest.objects.get()
    expect(phone.locator(".reference")).to_have_text(request.reference)
    expect(phone.get_by_role("status")).to_contain_text("Tổ sẽ liên hệ với bạn trước")
    assert request.team == team
    assert_accessible(phone)
