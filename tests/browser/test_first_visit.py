from playwright.sync_api import expect

from tests.browser.conftest import assert_fits_the_screen, open_menu
from tests.browser.test_public_site import assert_accessible
from tests.factories import PASSWORD
from tests.factories.help import help_pages


def test_visitor_reads_in_vietnamese_switches_language_then_volunteer_signs_in(
    live_server, phone, volunteer
):
    phone.goto(live_server.url)
    expect(phone.locator("html")).to_have_attribute("lang", "vi")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Máy tính cũ – Tri thức mới")
    expect(phone.get_by_role("contentinfo")).to_contain_text("Huyện đoàn Gia Lâm")
    assert_fits_the_screen(phone)

    open_menu(phone)
    phone.get_by_role("link", name="English").click()
    expect(phone).to_have_url(f"{live_server.url}/en/")
    expect(phone.get_by_role("contentinfo")).to_contain_text("Gia Lâm District Youth Union")

    open_menu(phone)
    phone.get_by_role("link", name="Tiếng Việt").click()
    expect(phone).to_have_url(f"{live_server.url}/")

    open_menu(phone)
    phone.get_by_role("link", name="Đăng nhập").click()
    phone.get_by_label("E-mail").fill(volunteer.email)
    phone.get_by_label("Mật khẩu").fill(PASSWORD)
    phone.get_by_role("button", name="Đăng nhập").click()

    expect(phone).to_have_url(f"{live_server.url}/portal/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Xin chào, An")
    assert_fits_the_screen(phone)

    open_menu(phone)
    phone.get_by_role("button", name="Đăng xuất").click()
    expect(phone).to_have_url(f"{live_server.url}/")
    open_menu(phone)
    expect(phone.get_by_role("link", name="Đăng nhập")).to_be_visible()


def test_a_new_volunteer_follows_the_checklist_to_the_screen_and_its_help(
    live_server, phone, volunteer
):
    help_pages()
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.get_by_label("E-mail").fill(volunteer.email)
    phone.get_by_label("Mật khẩu").fill(PASSWORD)
    phone.get_by_role("button", name="Đăng nhập").click()

    checklist = phone.locator("[data-first-day]")
    expect(checklist.get_by_role("heading", level=2)).to_have_text("Những việc đầu tiên")
    expect(checklist).to_contain_text("Đăng nhập, xác nhận địa chỉ e-mail")
    assert_fits_the_screen(phone)
    assert_accessible(phone)

    checklist.get_by_role("link", name="Tiếp nhận thiết bị đầu tiên", exact=True).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Tiếp nhận thiết bị")
    phone.get_by_role("link", name="Hướng dẫn").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Hướng dẫn: Tiếp nhận thiết bị")
    expect(phone.get_by_role("img", name="Màn hình")).to_be_visible()
    assert_fits_the_screen(phone)
