from playwright.sync_api import expect

from tests.browser.conftest import assert_fits_the_screen, open_menu
from tests.factories import PASSWORD


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
