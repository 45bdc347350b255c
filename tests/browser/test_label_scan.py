"""A device's label read on a phone in the field: the code typed (or scanned) opens the
device's page kept on the phone when there is no connection, and an intake sent offline
shows a provisional code until the server gives the real one."""

import re

import pytest
from playwright.sync_api import expect

from portal.models import Device
from tests.browser.conftest import ARGS, CHROMIUM, PHONE
from tests.browser.test_invitation_journey import sign_in
from tests.browser.test_offline_app import SAVED, installed, outbox, reopen, waiting_count
from tests.factories.devices import received

PROVISIONAL = re.compile(r"^Mã tạm: (TAM-[A-Z2-9]{4}) \(chưa phải mã thật")


@pytest.fixture
def phone(browser, tmp_path):
    page = reopen(browser, tmp_path / "profile")
    yield page
    page.context.close()


def type_code(phone, code):
    phone.get_by_label("Mở theo mã trên nhãn").fill(code)
    phone.get_by_role("button", name="Mở", exact=True).click()


def test_offline_a_typed_code_opens_the_device_page_kept_on_the_phone(
    live_server, phone, volunteer, team
):
    laptop = received(volunteer, team)
    never_opened = received(volunteer, team, kind="tablet")
    installed(phone, live_server, volunteer)
    phone.goto(f"{live_server.url}/portal/devices/{laptop.pk}/")

    phone.context.set_offline(True)
    phone.goto(f"{live_server.url}/portal/devices/find/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Quét mã trên nhãn")
    # Typed as it is read off the label, in lower case with a space.
    type_code(phone, laptop.asset_code.lower()[:2] + " " + laptop.asset_code[2:])

    expect(phone).to_have_url(f"{live_server.url}/portal/devices/{laptop.pk}/")
    expect(phone.get_by_role("heading", level=1)).to_contain_text(laptop.asset_code)
    expect(phone.locator(".saved-banner")).to_have_text(
        re.compile(r"^Đã lưu lúc \d\d:\d\d, có thể đã cũ$")
    )

    # The label's own address, opened by the phone's camera app, finds it too.
    phone.goto(f"{live_server.url}/portal/devices/code/{laptop.asset_code}/")
    expect(phone).to_have_url(f"{live_server.url}/portal/devices/{laptop.pk}/")

    phone.goto(f"{live_server.url}/portal/devices/find/")
    type_code(phone, never_opened.asset_code)

    expect(phone.get_by_role("alert")).to_have_text(
        f"Không có mạng, và thiết bị mã “{never_opened.asset_code}” chưa được lưu trên máy "
        "này: chỉ mở được khi không có mạng những thiết bị đã xem trên máy này trước đó. Hãy "
        "kiểm tra lại mã, hoặc mở lại khi có mạng."
    )
    expect(phone.get_by_label("Mở theo mã trên nhãn")).to_have_value(never_opened.asset_code)

    # Back online, the same page opens the device from the server.
    phone.context.set_offline(False)
    phone.get_by_role("button", name="Mở", exact=True).click()
    expect(phone).to_have_url(f"{live_server.url}/portal/devices/{never_opened.pk}/")


def test_without_a_qr_reader_in_the_browser_the_scan_page_offers_typing_only(
    live_server, phone, volunteer, team
):
    laptop = received(volunteer, team)
    installed(phone, live_server, volunteer)
    phone.goto(f"{live_server.url}/portal/devices/find/")

    # Chromium on Linux has no BarcodeDetector: the camera button stays hidden.
    assert phone.evaluate("'BarcodeDetector' in window") is False
    expect(phone.get_by_role("button", name="Quét mã QR")).to_be_hidden()
    expect(phone.get_by_role("status")).to_have_text("")
    type_code(phone, laptop.asset_code)

    expect(phone).to_have_url(f"{live_server.url}/portal/devices/{laptop.pk}/")


def test_an_intake_sent_offline_shows_a_provisional_code_then_the_real_one_once_sent(
    live_server, phone, volunteer, team
):
    installed(phone, live_server, volunteer)
    phone.goto(f"{live_server.url}/portal/devices/new/")
    phone.get_by_label("Loại:").select_option("laptop")
    phone.get_by_label("Hãng:").fill("Lenovo")
    phone.get_by_label("Mẫu máy:").fill("ThinkPad T420")

    phone.context.set_offline(True)
    phone.get_by_role("button", name="Lưu và cấp mã").click()

    expect(phone.get_by_role("status").first).to_have_text(SAVED)
    shown = phone.locator(".outbox__entry--waiting .outbox__provisional")
    expect(shown).to_have_text(PROVISIONAL)
    provisional = PROVISIONAL.match(shown.inner_text()).group(1)
    [entry] = outbox(phone)
    assert entry["provisional"] == provisional
    # The provisional code is the phone's own: it is not among the fields sent.
    assert provisional not in [value for _name, value in entry["fields"]]
    assert not Device.objects.exists()

    phone.context.set_offline(False)

    expect(waiting_count(phone)).to_be_hidden()
    device = Device.objects.get()
    assert device.asset_code == f"LT{device.pk:05d}"
    sent = phone.locator(".outbox__entry--sent")
    expect(sent).to_contain_text(f"Tiếp nhận thiết bị · Mã thiết bị: {device.asset_code}")
    expect(sent).to_contain_text(f"Thay cho mã tạm {provisional}")
    expect(phone.locator(".outbox__entry--waiting")).to_have_count(0)
    assert outbox(phone) == []

    sent.get_by_role("link", name="Mở thiết bị").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text(device.asset_code)
    expect(phone.locator("main")).not_to_contain_text(provisional)


STAND_IN_DETECTOR = """
// Chromium on Linux has no BarcodeDetector: a stand-in that "sees" the label after a few
// frames of the fake camera, with the address a printed label's QR code holds.
window.BarcodeDetector = class {
    constructor(options) {
        sessionStorage.setItem("asked", JSON.stringify(options.formats));
        this.frames = 0;
    }
    detect(video) {
        this.frames += 1;
        const reading = video.readyState >= 2 && this.frames > 3;
        return Promise.resolve(reading ? [{ rawValue: window.LABEL }] : []);
    }
};
"""


def test_where_the_browser_reads_qr_codes_the_camera_opens_the_device_on_the_label(
    live_server, browser, tmp_path, volunteer, team
):
    laptop = received(volunteer, team)
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "camera"),
        executable_path=CHROMIUM,
        headless=True,
        args=[*ARGS, "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"],
        viewport=PHONE,
        locale="vi-VN",
        permissions=["camera"],
        service_workers="block",
    )
    context.set_default_timeout(10_000)
    label = f"{live_server.url}/portal/devices/code/{laptop.asset_code}/"
    context.add_init_script(f"window.LABEL = {label!r};{STAND_IN_DETECTOR}")
    phone = context.pages[0]
    sign_in(phone, live_server, volunteer)
    phone.goto(f"{live_server.url}/portal/devices/find/")

    phone.get_by_role("button", name="Quét mã QR").click()

    expect(phone).to_have_url(f"{live_server.url}/portal/devices/{laptop.pk}/")
    assert phone.evaluate("JSON.parse(sessionStorage.getItem('asked'))") == ["qr_code"]
    expect(phone.get_by_role("heading", level=1)).to_contain_text(laptop.asset_code)
    context.close()
