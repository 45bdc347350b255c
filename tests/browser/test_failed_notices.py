"""A coordinator reads the notices that could not be sent on a 360 px phone: the list fits
the screen, passes axe-core (WCAG 2.2 AA), and shows numbers mostly hidden."""

from django.urls import reverse

from portal.models import Delivery
from tests.browser.conftest import PHONE, assert_fits_the_screen
from tests.browser.test_public_site import assert_accessible
from tests.browser.weak_network import signed_in
from tests.factories.teams import commune
from tests.portal.test_notice_figures import logged


def test_a_coordinator_reads_the_failed_notices_on_a_phone(browser, live_server, coordinator):
    logged(commune("Bát Tràng"), number=1)
    logged(
        commune("Cổ Bi"),
        number=2,
        channel="email",
        address="nguyen.van.minh.rat.dai@example.vn",
        recipient="nguyen.van.minh.rat.dai@example.vn",
        error="Không kết nối được cổng SMS: Connection refused " * 3,
    )
    logged(commune("Cổ Bi"), number=3, status=Delivery.Status.SENT)
    context = signed_in(browser, live_server.url, coordinator, viewport=PHONE, locale="vi-VN")
    page = context.new_page()

    page.goto(live_server.url + reverse("portal:dashboard"))
    page.get_by_role("link", name="Xem thông báo không gửi được").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Thông báo không gửi được"
    assert page.locator(".list--cards > li").count() == 2
    assert "09xx xxx 678" in page.content()
    assert "n***@example.vn" in page.content()
    assert_fits_the_screen(page)
    assert_accessible(page)
    context.close()


def test_the_promise_page_with_the_channels_fits_a_phone(browser, live_server, coordinator):
    context = signed_in(browser, live_server.url, coordinator, viewport=PHONE, locale="vi-VN")
    page = context.new_page()

    page.goto(live_server.url + reverse("portal:support_promise"))

    assert page.get_by_text("Thông báo đến người gửi, theo kênh").count() >= 1
    assert_fits_the_screen(page)
    assert_accessible(page)
    context.close()
