"""The portal as an app on a phone with a weak connection: installable, readable offline,
and no entry lost when the network drops in the middle of a form."""

import re

import pytest
from playwright.sync_api import expect

from portal.models import Device, Handover
from portal.offline import NEVER_KEPT
from portal.selectors.impact import build
from tests.browser.conftest import ARGS, CHROMIUM, PHONE, open_menu
from tests.browser.test_invitation_journey import sign_in
from tests.factories.devices import received
from tests.factories.files import png
from tests.factories.students import approved, handed_over, ready_laptop

SAVED = "Đã lưu trên máy, chưa gửi"


def reopen(browser, profile):
    """The phone's browser with its own profile on disk (what it keeps survives closing it,
    and Chromium installs apps only outside a private window)."""
    context = browser.browser_type.launch_persistent_context(
        str(profile),
        executable_path=CHROMIUM,
        headless=True,
        args=ARGS,
        viewport=PHONE,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
    )
    context.set_default_timeout(10_000)
    return context.pages[0] if context.pages else context.new_page()


@pytest.fixture
def phone(browser, tmp_path):
    page = reopen(browser, tmp_path / "profile")
    yield page
    page.context.close()


def installed(phone, live_server, person):
    """Signed in, with the portal's service worker in charge of the page."""
    sign_in(phone, live_server, person)
    phone.wait_for_function("() => navigator.serviceWorker.controller !== null")
    # The page it was installed from came before the worker, which is asked to keep it too
    # (js/offline.js): kept, so its request is over before the test empties the database.
    assert phone.evaluate(KEPT_SOON), f"{phone.url} was not kept"
    return phone


def within_ten_seconds(condition):
    """A page function that answers whether the awaited `condition` held within 10 s, for
    `evaluate` (Playwright's wait_for_function takes a promise for a truthy answer)."""
    return (
        "async () => {"
        " for (let tries = 0; tries < 200; tries += 1) {"
        f" if ({condition}) return true;"
        " await new Promise((resolve) => setTimeout(resolve, 50)); }"
        " return false; }"
    )


KEPT_SOON = within_ten_seconds("await caches.match(location.href, { ignoreVary: true })")
EMPTIED_SOON = within_ten_seconds("(await Outbox.all()).length === 0")


def waiting_count(phone):
    return phone.locator("[data-outbox-count]")


def outbox(phone):
    return phone.evaluate("Outbox.all()")


def test_the_portal_can_be_installed_and_its_manifest_is_vietnamese(live_server, phone, volunteer):
    installed(phone, live_server, volunteer)
    cdp = phone.context.new_cdp_session(phone)

    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    manifest = cdp.send("Page.getAppManifest")

    assert errors == []
    assert manifest["errors"] == []
    answer = phone.request.get(f"{live_server.url}/portal/manifest.webmanifest").json()
    assert answer["name"] == "Máy tính cũ – Tri thức mới"
    assert answer["start_url"] == "/portal/"
    worker = phone.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.scope)")
    assert worker == f"{live_server.url}/portal/"


def test_an_intake_sent_offline_waits_on_the_phone_and_is_saved_once_back_online(
    live_server, phone, volunteer, team
):
    installed(phone, live_server, volunteer)
    received_before = build()["totals"]["devices_received"]
    phone.goto(f"{live_server.url}/portal/devices/new/")
    phone.get_by_label("Loại:").select_option("laptop")
    phone.get_by_label("Hãng:").fill("Dell")
    phone.get_by_label("Mẫu máy:").fill("Latitude E5430")

    phone.context.set_offline(True)
    phone.get_by_role("button", name="Lưu và cấp mã").click()

    expect(phone.get_by_role("status").first).to_have_text(SAVED)
    expect(waiting_count(phone)).to_have_text("Chưa gửi: 1")
    assert not Device.objects.exists()
    # The answer to the first sending lost on the way: the phone holds the entry twice.
    phone.evaluate("Outbox.all().then(([entry]) => { delete entry.id; return Outbox.put(entry); })")
    assert len(outbox(phone)) == 2

    phone.context.set_offline(False)

    expect(waiting_count(phone)).to_be_hidden()
    assert outbox(phone) == []
    device = Device.objects.get()
    assert (device.brand, device.model_name) == ("Dell", "Latitude E5430")
    assert build()["totals"]["devices_received"] == received_before + 1


def handover_offline(phone, live_server, student, laptop):
    """The handover form opened online; the network gone when it is sent, photo and all."""
    phone.goto(f"{live_server.url}/portal/students/{student.pk}/handover/")
    phone.get_by_label("Thiết bị:").select_option(str(laptop.pk))
    phone.get_by_label("Địa điểm:").fill("Nhà văn hóa thôn 3")
    phone.get_by_label("Đã hướng dẫn sử dụng").check()
    phone.get_by_label("Biên nhận của phụ huynh:").set_input_files(
        {"name": "bien-nhan.png", "mimeType": "image/png", "buffer": png().read()}
    )
    phone.context.set_offline(True)
    phone.get_by_role("button", name="Ghi trao tặng").click()
    expect(phone.get_by_role("status").first).to_have_text(SAVED)


def test_a_handover_with_its_photo_sent_offline_is_saved_once_back_online(
    live_server, phone, teacher, school, leader, team
):
    student = approved(teacher, leader, school, needs_sim=False)
    laptop = ready_laptop(leader, team)
    installed(phone, live_server, leader)
    handed_before = build()["totals"]["devices_handed_over"]

    handover_offline(phone, live_server, student, laptop)

    expect(waiting_count(phone)).to_have_text("Chưa gửi: 1")
    [entry] = outbox(phone)
    assert entry["title"] == "Trao tặng"
    assert not Handover.objects.exists()

    phone.context.set_offline(False)

    expect(waiting_count(phone)).to_be_hidden()
    handover = Handover.objects.get()
    assert (handover.student, handover.device) == (student, laptop)
    assert handover.acknowledgement.read() == png().read()
    assert build()["totals"]["devices_handed_over"] == handed_before + 1


def test_a_handover_refused_because_the_device_went_to_another_child_is_kept_with_the_reason(
    live_server, phone, teacher, school, leader, team
):
    student = approved(teacher, leader, school, needs_sim=False)
    other = approved(teacher, leader, school, needs_sim=False, full_name="Lê Văn Nam")
    laptop = ready_laptop(leader, team)
    installed(phone, live_server, leader)
    handover_offline(phone, live_server, student, laptop)
    # Meanwhile another phone hands the same laptop over to another child.
    handed_over(leader, other, team, device=laptop)

    phone.context.set_offline(False)

    refused = phone.locator(".outbox__entry--refused")
    expect(refused).to_contain_text("Máy chủ không nhận:")
    expect(refused).to_contain_text(
        f"{laptop.asset_code} · Máy thử đã được trao cho một học sinh khác."
    )
    expect(waiting_count(phone)).to_have_text("Chưa gửi: 1")
    assert Handover.objects.get().student == other
    [entry] = outbox(phone)
    assert entry["state"] == "refused"

    refused.get_by_role("link", name="Mở để sửa").click()
    expect(phone.locator("main")).to_contain_text(entry["message"])
    expect(phone.get_by_label("Địa điểm:")).to_have_value("Nhà văn hóa thôn 3")
    phone.goto(f"{live_server.url}/portal/waiting/")
    phone.once("dialog", lambda dialog: dialog.accept())
    phone.locator(".outbox__entry--refused").get_by_role("button", name="Bỏ mục này").click()
    expect(phone.locator("[data-outbox-list]")).to_have_text("Không có mục nào chờ gửi.")
    assert outbox(phone) == []


def test_the_waiting_entries_survive_closing_the_browser_while_offline(
    live_server, browser, tmp_path, volunteer, team
):
    profile = tmp_path / "phone"
    phone = installed(reopen(browser, profile), live_server, volunteer)
    phone.goto(f"{live_server.url}/portal/devices/new/")
    phone.get_by_label("Loại:").select_option("tablet")
    phone.get_by_label("Hãng:").fill("Samsung")
    phone.context.set_offline(True)
    phone.get_by_role("button", name="Lưu và cấp mã").click()
    expect(phone.get_by_role("status").first).to_have_text(SAVED)
    phone.context.close()

    phone = reopen(browser, profile)
    # Chromium's offline emulation keeps a stopped service worker from starting for the
    # first navigation; a phone really offline starts it. So the site is touched first.
    phone.goto(f"{live_server.url}/robots.txt")
    phone.context.set_offline(True)
    phone.goto(f"{live_server.url}/portal/waiting/")

    expect(phone.locator(".outbox__entry--waiting")).to_contain_text("Tiếp nhận thiết bị")
    expect(waiting_count(phone)).to_have_text("Chưa gửi: 1")
    assert not Device.objects.exists()
    # Closing the browser ended the session: the entry waits for the volunteer to sign in.
    phone.context.set_offline(False)
    expect(phone.get_by_role("status").first).to_have_text(
        "Phiên đăng nhập đã hết: hãy đăng nhập lại để gửi."
    )
    assert len(outbox(phone)) == 1
    sign_in(phone, live_server, volunteer)
    # The count starts hidden on the page signing in opens, so it proves nothing until the
    # phone has emptied its outbox (an entry leaves it only once the server has kept it).
    assert phone.evaluate(EMPTIED_SOON), outbox(phone)
    expect(waiting_count(phone)).to_be_hidden()
    assert Device.objects.get().brand == "Samsung"
    phone.context.close()


def test_pages_opened_are_readable_offline_marked_with_their_time_and_no_childs_data_is_kept(
    live_server, phone, teacher, school, leader, team
):
    student = approved(teacher, leader, school, needs_sim=False)
    laptop = received(leader, team)
    installed(phone, live_server, leader)
    for path in (
        f"/portal/devices/{laptop.pk}/",
        "/portal/devices/?queue=to_check",
        "/portal/standards/",
        f"/portal/students/{student.pk}/",
        "/portal/students/",
        "/accounts/email/",
    ):
        phone.goto(live_server.url + path)
    banner = phone.locator(".saved-banner")
    expect(banner).to_be_hidden()

    phone.context.set_offline(True)
    phone.goto(f"{live_server.url}/portal/devices/?queue=to_check")
    expect(banner).to_have_text(re.compile(r"^Đã lưu lúc \d\d:\d\d, có thể đã cũ$"))
    expect(phone.locator("main")).to_contain_text(laptop.asset_code)
    phone.goto(f"{live_server.url}/portal/standards/")
    expect(banner).to_be_visible()
    phone.goto(f"{live_server.url}/portal/students/{student.pk}/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Chưa có kết nối")
    expect(phone.locator("main")).not_to_contain_text(student.full_name)

    kept = phone.evaluate(
        """() => caches.keys().then((names) => Promise.all(names.map((name) =>
            caches.open(name).then((cache) => cache.keys())
                .then((requests) => requests.map((request) => new URL(request.url).pathname))
        ))).then((lists) => lists.flat())"""
    )
    assert f"/portal/devices/{laptop.pk}/" in kept
    assert [path for path in kept if path.startswith(NEVER_KEPT)] == []


def test_signing_out_with_entries_waiting_warns_first_then_empties_the_phone(
    live_server, phone, volunteer, team
):
    installed(phone, live_server, volunteer)
    phone.goto(f"{live_server.url}/portal/devices/new/")
    phone.get_by_label("Hãng:").fill("Asus")
    phone.context.set_offline(True)
    phone.get_by_role("button", name="Lưu và cấp mã").click()
    expect(phone.get_by_role("status").first).to_have_text(SAVED)
    warnings = []

    def refuse(dialog):
        warnings.append(dialog.message)
        dialog.dismiss()

    phone.once("dialog", refuse)
    open_menu(phone)
    # The warning comes once the phone has counted what waits: wait for it, not for a page.
    with phone.expect_event("dialog"):
        phone.get_by_role("button", name="Đăng xuất").click()

    expect(phone.get_by_role("status").first).to_have_text(SAVED)
    assert warnings == [
        "Còn 1 mục chưa gửi trên máy này. Đăng xuất sẽ xoá chúng khỏi máy. Vẫn đăng xuất?"
    ]
    assert len(outbox(phone)) == 1

    # Refused by the server, say: it stays on the phone when the connection returns.
    phone.evaluate("Outbox.all().then(([entry]) => Outbox.put({...entry, state: 'refused'}))")
    phone.context.set_offline(False)
    phone.goto(f"{live_server.url}/portal/waiting/")
    phone.once("dialog", lambda dialog: dialog.accept())
    open_menu(phone)
    with phone.expect_response(f"{live_server.url}/accounts/logout/") as answer:
        phone.get_by_role("button", name="Đăng xuất").click()

    assert answer.value.all_headers()["clear-site-data"] == '"cache", "storage"'
    expect(phone).not_to_have_url(re.compile("/portal/"))
    assert phone.evaluate("caches.keys()") == []
    assert phone.evaluate("navigator.serviceWorker.getRegistrations()") == []
    assert not Device.objects.exists()
