"""The Wagtail admin as its people use it: an editor writes and submits, a coordinator
approves and the page is live; a volunteer who opens /admin/ is told it is not for them and
led to the portal, with no redirect loop."""

import pytest
from playwright.sync_api import expect

from wagtail.models import Page

from tests.factories import PASSWORD

LAPTOP = {"width": 1280, "height": 800}
NEW_TITLE = "Máy tính cũ – Tri thức mới: mùa hè 2026"


@pytest.fixture
def laptop(browser):
    """Editors and coordinators work in the admin on a computer; one tab per person."""
    contexts = []

    def open_tab():
        context = browser.new_context(
            viewport=LAPTOP, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_tab
    for context in contexts:
        context.close()


def sign_in(tab, live_server, person, next_url):
    tab.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    tab.get_by_label("E-mail").fill(person.email)
    tab.get_by_label("Mật khẩu").fill(PASSWORD)
    tab.get_by_role("button", name="Đăng nhập").click()
    expect(tab).to_have_url(f"{live_server.url}{next_url}")


def footer_action(tab, selector, label):
    """A button in the editor's footer, behind the "more actions" toggle if not the first;
    its label in Vietnamese."""
    button = tab.locator(f"footer {selector}")
    if not button.is_visible():
        tab.locator("footer .w-dropdown__toggle").click()
    expect(button).to_contain_text(label)
    button.click()


def test_editor_submits_and_coordinator_approves_and_the_page_is_live(
    live_server, laptop, phone, editor, coordinator
):
    home = Page.objects.get(depth=2)
    edit = f"/admin/pages/{home.pk}/edit/"

    writer = laptop()
    sign_in(writer, live_server, editor, edit)
    writer.locator("#id_title").fill(NEW_TITLE)
    footer_action(writer, 'button[name="action-submit"]', "Gửi duyệt (Duyệt trước khi đăng)")
    expect(writer.locator(".messages")).to_contain_text(NEW_TITLE)
    home.refresh_from_db()
    assert home.title != NEW_TITLE
    assert home.workflow_in_progress

    approver = laptop()
    sign_in(approver, live_server, coordinator, "/admin/")
    expect(approver.locator("main")).to_contain_text("Chờ bạn duyệt")
    expect(approver.locator("main")).to_contain_text(NEW_TITLE)
    approver.goto(live_server.url + edit)
    footer_action(
        approver,
        'button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])',
        "Duyệt",
    )

    expect(approver.locator(".messages")).to_contain_text(NEW_TITLE)
    home.refresh_from_db()
    assert home.live
    assert home.title == NEW_TITLE
    assert not home.has_unpublished_changes
    phone.goto(live_server.url + home.url)
    expect(phone.get_by_role("heading", level=1)).to_have_text(NEW_TITLE)


def test_volunteer_opening_the_admin_is_led_to_the_portal(live_server, phone, volunteer):
    sign_in(phone, live_server, volunteer, "/portal/")

    response = phone.goto(f"{live_server.url}/admin/")

    assert response.status == 403
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "Tài khoản của bạn không dùng được trang quản trị"
    )
    phone.get_by_role("link", name="Vào cổng tình nguyện viên").click()
    expect(phone).to_have_url(f"{live_server.url}/portal/")
