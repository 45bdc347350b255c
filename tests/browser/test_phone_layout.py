"""The first screen of a 360 × 780 phone: a compact header, the menu behind one button that
works without JavaScript, and in the portal a bottom bar with the volunteer's four actions."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_fits_the_screen, open_menu
from tests.browser.test_invitation_journey import sign_in
from tests.browser.test_public_site import AXE_SOURCE, assert_accessible

SCREEN = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 800}
# A fifth of the first screen, at most: the header is a strip, not a third of the phone.
HEADER_MAX = 120
TOUCH_TARGET = 48  # px, WCAG 2.2 target size (enhanced: 44; Android: 48)


@pytest.fixture
def tab(browser, request):
    """A tab of the given size (`SCREEN` unless parametrised), in Vietnamese; with
    `{"javascript": False}` as its parameter, a browser that runs no script."""
    options = getattr(request, "param", {})
    context = browser.new_context(
        viewport=options.get("viewport", SCREEN),
        java_script_enabled=options.get("javascript", True),
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def assert_landmarks_distinct(page):
    """axe-core's landmark rules (best practice, beyond WCAG's tags): each navigation has a
    name of its own, one banner, one main, one footer."""
    page.evaluate(AXE_SOURCE)
    rules = [
        "landmark-unique",
        "landmark-no-duplicate-banner",
        "landmark-no-duplicate-contentinfo",
        "landmark-no-duplicate-main",
    ]
    violations = page.evaluate(
        """async (rules) => (await axe.run(document, {runOnly: {type: "rule", values: rules}}))
            .violations.map((v) => v.id + ": " + v.nodes.map((n) => n.target.join(" ")))""",
        rules,
    )
    assert violations == [], f"{page.url}: {violations}"


def box(locator) -> dict:
    found = locator.bounding_box()
    assert found is not None, f"{locator} is not rendered"
    return found


def scroll_width(page) -> int:
    return page.evaluate("document.scrollingElement.scrollWidth")


def test_the_dashboard_first_screen_shows_the_heading_and_the_actions(live_server, tab, volunteer):
    sign_in(tab, live_server, volunteer)

    header = box(tab.locator("header.site-header"))
    print(f"\nheader height at 360 px: {header['height']:.0f} px")
    assert header["height"] <= HEADER_MAX

    heading = tab.get_by_role("heading", level=1)
    expect(heading).to_have_text("Xin chào, An")
    expect(heading).to_be_in_viewport()
    assert box(heading)["y"] + box(heading)["height"] <= SCREEN["height"]

    bar = tab.get_by_role("navigation", name="Việc hay làm")
    expect(bar).to_be_visible()
    actions = bar.get_by_role("link")
    expect(actions).to_have_count(4)
    on_screen = 0
    for index in range(actions.count()):
        action = actions.nth(index)
        expect(action).to_be_visible()
        place = box(action)
        assert place["height"] >= TOUCH_TARGET, place
        assert place["width"] >= TOUCH_TARGET, place
        if place["y"] >= 0 and place["y"] + place["height"] <= SCREEN["height"]:
            on_screen += 1
    print(f"actions within the first screen: {on_screen}")
    assert on_screen >= 2

    assert scroll_width(tab) <= SCREEN["width"]
    assert_fits_the_screen(tab)
    assert_accessible(tab)
    assert_landmarks_distinct(tab)

    # Scrolled to the end, the bar covers nothing: the footer ends above it.
    tab.evaluate("window.scrollTo(0, document.scrollingElement.scrollHeight)")
    footer_end = tab.evaluate(
        "document.querySelector('footer.site-footer').getBoundingClientRect().bottom"
    )
    assert footer_end <= box(bar)["y"] + 1, (footer_end, box(bar))

    # The action in use is marked for screen readers.
    bar.get_by_role("link", name="Nhận máy").click()
    expect(tab.get_by_role("heading", level=1)).to_be_visible()
    expect(bar.get_by_role("link", name="Nhận máy")).to_have_attribute("aria-current", "page")

    # On paper there is no bar.
    tab.emulate_media(media="print")
    expect(bar).to_be_hidden()


def test_the_whole_portal_menu_is_reachable_on_the_phone(live_server, tab, coordinator):
    """The coordinator's menu is the longest; every item opens from the menu button, none is
    cut off at the screen's edge, and nothing scrolls sideways."""
    sign_in(tab, live_server, coordinator)
    portal_menu = tab.get_by_role("navigation", name="Cổng tình nguyện viên")
    expect(portal_menu).to_be_hidden()
    open_menu(tab)
    expect(portal_menu).to_be_visible()
    items = portal_menu.locator("a, button")
    assert items.count() >= 18
    for index in range(items.count()):
        item = items.nth(index)
        item.scroll_into_view_if_needed()
        expect(item).to_be_visible()
        place = box(item)
        assert place["x"] >= 0, (item.inner_text(), place)
        assert place["x"] + place["width"] <= SCREEN["width"], (item.inner_text(), place)
        assert place["height"] >= TOUCH_TARGET - 4, (item.inner_text(), place)
    assert scroll_width(tab) <= SCREEN["width"]
    assert_accessible(tab)
    assert_landmarks_distinct(tab)
    portal_menu.get_by_role("link", name="Nhật ký thay đổi").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Nhật ký thay đổi")


@pytest.mark.parametrize("tab", [{"javascript": False}], indirect=True)
def test_the_public_menu_opens_without_javascript(live_server, tab):
    tab.goto(live_server.url)
    assert box(tab.locator("header.site-header"))["height"] <= HEADER_MAX
    assert scroll_width(tab) <= SCREEN["width"]
    menu = tab.get_by_role("navigation", name="Điều hướng chính")
    expect(menu).to_be_hidden()

    # By keyboard: the menu button is the first stop after the skip link and the brand.
    button = tab.locator("summary", has_text="Trình đơn")
    button.focus()
    tab.keyboard.press("Enter")
    expect(menu).to_be_visible()
    expect(button.locator("xpath=..")).to_have_attribute("open", "")
    for name in ("Tìm kiếm", "Đăng nhập"):
        expect(menu.get_by_role("link", name=name)).to_be_visible()
    expect(tab.get_by_role("navigation", name="Ngôn ngữ").get_by_role("link")).to_have_count(2)
    assert scroll_width(tab) <= SCREEN["width"]

    tab.keyboard.press("Tab")
    focused = tab.evaluate("document.activeElement.closest('details') !== null")
    assert focused, "the next Tab stop is inside the opened menu"

    menu.get_by_role("link", name="Đăng nhập").click()
    expect(tab.get_by_label("E-mail")).to_be_visible()


@pytest.mark.parametrize("tab", [{"viewport": DESKTOP}], indirect=True)
def test_a_wide_screen_keeps_the_open_menu_and_no_bar(live_server, tab, volunteer):
    sign_in(tab, live_server, volunteer)
    expect(tab.locator("summary", has_text="Trình đơn")).to_be_hidden()
    expect(tab.get_by_role("navigation", name="Việc hay làm")).to_be_hidden()
    site_menu = tab.get_by_role("navigation", name="Điều hướng chính")
    expect(site_menu.get_by_role("link", name="Tìm kiếm")).to_be_visible()
    portal_menu = tab.get_by_role("navigation", name="Cổng tình nguyện viên")
    expect(portal_menu).to_have_count(1)
    expect(portal_menu.get_by_role("link", name="Thiết bị")).to_be_visible()
    # Beside the content, not above it.
    assert box(portal_menu)["x"] < box(tab.get_by_role("heading", level=1))["x"]
    assert scroll_width(tab) <= DESKTOP["width"]
    assert_accessible(tab)
    assert_landmarks_distinct(tab)
