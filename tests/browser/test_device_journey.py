from playwright.sync_api import expect

from django.utils import timezone

from tests.browser.conftest import assert_fits_the_screen, open_menu
from tests.browser.test_invitation_journey import sign_in

PARTS = ["màn hình", "bàn phím", "loa", "micro", "webcam"]


def check(phone, ram, disk):
    phone.get_by_role("link", name="Kiểm tra cấu hình").click()
    phone.get_by_label("Hệ điều hành:", exact=True).select_option("windows")
    phone.get_by_label("Xung nhịp CPU (GHz):").fill("1.6")
    phone.get_by_label("RAM (GB):").fill(ram)
    phone.get_by_label("Ổ cứng (GB):").fill(disk)
    for part in PARTS:
        phone.get_by_label(part, exact=True).check()
    phone.get_by_label("Có bộ sạc dùng được").check()
    phone.get_by_label("Pin còn tốt").check()
    phone.get_by_role("button", name="Kiểm tra").click()


def wipe(phone, verifier):
    """The data-wipe record, before any check can pass: a second person verifies it."""
    phone.get_by_role("link", name="Ghi xoá dữ liệu").click()
    phone.get_by_label("NIST SP 800-88 Clear: ghi đè toàn bộ ổ").check()
    phone.get_by_label("Công cụ").fill("nwipe 0.34")
    phone.get_by_label("Ngày xoá").fill(timezone.localdate().isoformat())
    phone.get_by_label("Người kiểm tra lại").select_option(label=verifier.get_full_name())
    phone.get_by_role("button", name="Lưu biên bản").click()


def test_volunteer_receives_checks_upgrades_and_readies_a_laptop(
    live_server, phone, volunteer, leader, team
):
    sign_in(phone, live_server, volunteer)
    open_menu(phone)
    phone.get_by_role("link", name="Thiết bị").first.click()
    phone.get_by_role("link", name="Tiếp nhận thiết bị").click()
    sim_fields = phone.get_by_role("group", name="Chỉ với sim dữ liệu 3G/4G")
    phone.get_by_label("Loại:").select_option("sim")
    expect(sim_fields).to_be_visible()
    phone.get_by_label("Loại:").select_option("laptop")
    expect(sim_fields).to_be_hidden()
    phone.get_by_label("Hãng:").fill("Dell")
    phone.get_by_label("Mẫu máy:").fill("Latitude E5430")
    phone.get_by_label("Có bộ sạc").check()
    assert_fits_the_screen(phone)
    phone.get_by_role("button", name="Lưu và cấp mã").click()

    code = phone.locator(".asset-code").inner_text()
    assert code.startswith("LT")
    open_menu(phone)
    phone.get_by_role("link", name="Thiết bị").first.click()
    phone.get_by_label("Mở theo mã trên nhãn").fill(code.lower())
    phone.get_by_role("button", name="Mở", exact=True).click()
    expect(phone.locator(".asset-code")).to_have_text(code)
    wipe(phone, leader)
    expect(phone.locator(".asset-code")).to_have_text(code)

    check(phone, ram="1", disk="100")
    failures = phone.locator(".check--fail").first
    expect(failures).to_contain_text("RAM 1 GB < tối thiểu 2 GB")
    expect(failures).to_contain_text("Ổ cứng 100 GB < tối thiểu 120 GB")
    expect(failures).to_contain_text("Nâng RAM lên ít nhất 2 GB")
    assert_fits_the_screen(phone)

    phone.get_by_role("link", name="Ghi sửa chữa, nâng cấp").click()
    phone.get_by_label("Nâng cấp RAM").check()
    phone.get_by_label("Thay / nâng cấp ổ cứng").check()
    phone.get_by_label("Linh kiện đã dùng:").fill("RAM 4 GB, SSD 240 GB")
    phone.get_by_role("button", name="Lưu").click()
    phone.get_by_label("RAM (GB):").fill("4")
    phone.get_by_label("Ổ cứng (GB):").fill("240")
    phone.get_by_role("button", name="Kiểm tra").click()

    expect(phone.get_by_role("status")).to_contain_text("Đạt tiêu chuẩn")
    expect(phone.locator(".status").first).to_have_text("Sẵn sàng trao tặng")
