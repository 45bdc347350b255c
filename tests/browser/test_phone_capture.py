"""The donated phone reads itself: an Android 4.2 phone opens the page from a fresh token
(the device page's QR code), presses the one button, and the device then holds a snapshot
with its Android version and its (approximate) memory, never the browser's storage quota
as free storage; the token works only once, and the page reloaded says the send is done."""

import pytest
from playwright.sync_api import expect

from django.urls import reverse

from portal.models import HardwareSnapshot
from portal.services.hardware import capture_token_issue
from tests.browser.conftest import ARGS, CHROMIUM, assert_fits_the_screen
from tests.factories.devices import received

ANDROID_4_2 = (
    "Mozilla/5.0 (Linux; U; Android 4.2.2; vi-vn; GT-I9505 Build/JDQ39) AppleWebKit/534.30 "
    "(KHTML, like Gecko) Version/4.0 Mobile Safari/534.30"
)
# What the phone's browser lacks or reports: no client hints, half a gigabyte of memory,
# and a storage quota (the browser's allowance for the site, not the phone's free space).
OLD_PHONE = """
Object.defineProperty(navigator, "deviceMemory", {value: 0.5, configurable: true});
Object.defineProperty(navigator, "userAgentData", {value: undefined, configurable: true});
Object.defineProperty(navigator, "storage", {configurable: true, value: {
    estimate: function () { return Promise.resolve({quota: 10.7e9, usage: 0}); }
}});
"""


@pytest.fixture
def old_phone(browser):
    """A 360 px Android 4.2 phone whose camera and microphone chromium fakes."""
    with_media = browser.browser_type.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[*ARGS, "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"],
    )
    context = with_media.new_context(
        viewport={"width": 360, "height": 640},
        user_agent=ANDROID_4_2,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        service_workers="block",
    )
    context.set_default_timeout(15_000)
    context.add_init_script(OLD_PHONE)
    yield context.new_page()
    context.close()
    with_media.close()


def test_an_old_phone_reads_itself_and_its_token_then_is_spent(
    live_server, old_phone, volunteer, team
):
    phone = received(volunteer, team, kind="phone")
    token = capture_token_issue(actor=volunteer, device=phone, platform="phone")
    address = live_server.url + reverse("portal:phone_capture", args=[token])

    old_phone.goto(address)
    expect(old_phone.get_by_text(phone.asset_code).first).to_be_visible()
    assert_fits_the_screen(old_phone)
    old_phone.get_by_role("button", name="Đọc và gửi thông tin máy").click()

    result = old_phone.locator("[data-capture-result]")
    expect(result).to_contain_text("Đã gửi. Đã điền tự động:")
    expect(result).to_contain_text("Hệ điều hành: Android 4.2.2")
    expect(result).to_contain_text("RAM: 0,5 GB")  # the Vietnamese decimal comma
    expect(result).to_contain_text("Là ước tính (trình duyệt chỉ báo gần đúng): RAM.")
    expect(result).to_contain_text(
        "Tình nguyện viên vẫn phải tự kiểm tra: bộ nhớ trống (xem trong Cài đặt của máy)"
    )
    filled = result.locator("p").first.inner_text()
    assert "Bộ nhớ trống" not in filled
    assert "Màn hình" not in filled  # not sent: shown apart, for information
    expect(result).to_contain_text("Màn hình (chỉ để tham khảo): 360 × 640 px.")
    kept = HardwareSnapshot.objects.get(device=phone)
    assert kept.source == "phone"
    assert kept.data["os"] == {"name": "Android", "version": "4.2.2"}
    assert kept.data["memory"] == {"total_gb": 0.5}
    assert kept.data["approximate"] == ["ram_gb"]
    assert kept.data.get("storage") is None
    assert kept.data["system"] == {"model": "GT-I9505"}
    assert kept.data["parts"] == {"webcam": True, "microphone": True}

    again = old_phone.goto(address)

    assert again.status == 200
    expect(
        old_phone.get_by_text(
            f"Đã gửi xong thông tin của máy {phone.asset_code}. Bạn có thể đóng trang này."
        )
    ).to_be_visible()
    expect(old_phone.get_by_role("button", name="Đọc và gửi thông tin máy")).to_have_count(0)
    assert HardwareSnapshot.objects.filter(device=phone).count() == 1


def test_a_wrong_token_still_says_the_code_cannot_be_used(live_server, old_phone):
    response = old_phone.goto(live_server.url + reverse("portal:phone_capture", args=["x" * 43]))

    assert response.status == 404
    expect(old_phone.get_by_role("heading", level=1)).to_have_text("Mã kiểm tra không dùng được")
