"""On a phone, a form sent with mistakes opens on its error summary: in the first screen,
holding the focus (a screen reader reads it at once), and each of its links takes the
visitor to the field, focused and in view with its question. The public offer form and the
portal's intake form, which are both several screens long."""

import re

from playwright.sync_api import expect

from wagtail.models import Site

from campaign.models import OfferPage
from tests.browser.conftest import PHONE, assert_fits_the_screen
from tests.browser.test_invitation_journey import sign_in
from tests.browser.test_public_site import assert_accessible
from tests.campaign.conftest import publish

FOCUSED_ID = "document.activeElement && document.activeElement.id"


def in_view(phone, selector: str) -> bool:
    return phone.eval_on_selector(
        selector,
        """(element) => {
            const box = element.getBoundingClientRect();
            return box.bottom > 0 && box.top < window.innerHeight;
        }""",
    )


def assert_opens_on_the_summary(phone):
    summary = phone.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text("Có lỗi cần sửa")
    expect(summary).to_be_focused()
    top = summary.evaluate("(element) => element.getBoundingClientRect().top")
    assert 0 <= top < PHONE["height"] / 2, f"the summary starts {top}px down the screen"
    assert phone.title().startswith("Lỗi: ")
    page_height = phone.evaluate("document.documentElement.scrollHeight")
    assert page_height > 2 * PHONE["height"], "the form is short: nothing to prove"
    assert_fits_the_screen(phone)
    assert_accessible(phone)


def follow(phone, link) -> None:
    """Tap a link of the summary: its field holds the focus, on the screen with its label."""
    target = link.get_attribute("href").removeprefix("#")
    link.click()
    assert phone.evaluate(FOCUSED_ID) == target
    assert in_view(phone, f"[id='{target}']"), f"{target} is off the screen"
    assert in_view(phone, f"label[for='{target}']"), f"the label of {target} is off the screen"


def test_a_donor_who_sends_the_offer_form_empty_is_shown_every_mistake_first(
    live_server, phone, team
):
    home = Site.objects.get(is_default_site=True).root_page.specific
    offer_page = publish(home, OfferPage(title="Ủng hộ thiết bị", slug="ung-ho"))
    phone.goto(live_server.url + offer_page.url)
    # Nothing about the donor, no laptop at all in the first item, money in words.
    phone.get_by_role("group", name="Món 1").get_by_label("Loại").select_option("laptop")
    phone.get_by_role("group", name="Món 1").get_by_label("Số lượng").fill("0")
    phone.get_by_label("Ủng hộ tiền (đồng)").fill("nhiều")
    phone.get_by_role("button", name="Gửi đăng ký ủng hộ").click()

    assert_opens_on_the_summary(phone)
    summary = phone.locator("[data-error-summary]")
    expect(summary.get_by_role("link")).to_have_text(
        [
            "Họ tên hoặc tên đơn vị: Trường này là bắt buộc.",
            "Điện thoại: Trường này là bắt buộc.",
            "Địa chỉ: Hãy ghi địa chỉ để tổ đến nhận.",
            re.compile(r"^Món 1 · Số lượng: Số lượng từ 1 đến"),
            re.compile(r"^Ủng hộ tiền \(đồng\): "),
        ]
    )
    # Each link brings its field up, however far down the page it is.
    follow(phone, summary.get_by_role("link").nth(4))
    phone.evaluate("window.scrollTo(0, 0)")
    follow(phone, summary.get_by_role("link").nth(3))


def test_a_volunteer_who_sends_the_intake_form_empty_is_shown_every_mistake_first(
    live_server, phone, volunteer
):
    sign_in(phone, live_server, volunteer)
    phone.goto(f"{live_server.url}/portal/devices/new/")
    phone.get_by_role("button", name="Lưu và cấp mã").click()

    assert_opens_on_the_summary(phone)
    links = phone.locator("[data-error-summary] a")
    assert links.count() >= 1
    follow(phone, links.last)
