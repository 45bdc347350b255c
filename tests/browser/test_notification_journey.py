"""The whole path of a support request's notices, in chromium: a parent files a request on
the public form and agrees to SMS; the team leader's phone gets a push notice, the leader
taps it, lands on the request and records the first contact; the parent's phone gets one
text when the request is received and one when a team has taken it.

Every hop is the real one but the last: the site posts the push to the test's push service
on 127.0.0.1 and the texts to the fake SMS provider on 127.0.0.1 (the `sms_gateway` fixture).
The two stand-ins of tests/browser/test_push_notifications.py, and only those, are used for
the same reasons: the browser's own push service (FCM) cannot be reached from here, so the
test decrypts what the site posted and hands it to the leader's service worker through the
DevTools protocol; and nothing there taps a notification, so the test runs the worker's own
`openNotice` on the notification the worker showed."""

import json

import pytest
from playwright.sync_api import expect

from portal.models import Delivery, PushSubscription, SupportRequest
from portal.sms_text import GSM7_LIMIT
from tests.browser.test_donor_journey import pages
from tests.browser.test_offline_app import installed, reopen
from tests.browser.test_push_notifications import (
    STAND_IN,
    notice_touched,
    notifications_shown,
    push_delivered,
)
from tests.push_service import BrowserKeys, PushService

PARENT = "Trần Thị Lan"


@pytest.fixture
def push_service():
    service = PushService().start()
    yield service
    service.stop()


@pytest.fixture
def leader_phone(browser, tmp_path):
    """The leader's phone: its own browser profile, with the portal's service worker."""
    page = reopen(browser, tmp_path / "leader")
    yield page
    page.context.close()


@pytest.fixture
def parent_phone(browser):
    from tests.browser.conftest import PHONE

    context = browser.new_context(viewport=PHONE, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def wait_for(condition, page, what: str, tries: int = 100):
    """Poll the test's own servers (they run in threads) while the browser keeps going."""
    for _ in range(tries):
        if found := condition():
            return found
        page.wait_for_timeout(100)
    raise AssertionError(f"never happened: {what}")


def test_a_parents_request_reaches_the_leaders_phone_and_the_parent_hears_by_sms(
    settings, live_server, leader_phone, parent_phone, push_service, sms_gateway, team, leader
):
    # The test may run at any hour: no quiet night holds the push or the texts.
    settings.NOTICES_QUIET_HOURS = (0, 0)
    _offer_page, support_page = pages()

    # The leader turns on notices on their phone, through the page's button.
    keys = BrowserKeys()
    stand_in = {"endpoint": push_service.endpoint("leader"), "p256dh": keys.p256dh}
    stand_in["auth"] = keys.auth
    leader_phone.context.add_init_script(STAND_IN % json.dumps(stand_in))
    leader_phone.context.grant_permissions(["notifications"], origin=live_server.url)
    installed(leader_phone, live_server, leader)
    leader_phone.goto(f"{live_server.url}/portal/me/")
    leader_phone.get_by_role("button", name="Nhận thông báo trên điện thoại này").click()
    expect(
        leader_phone.get_by_text("Đang bật: điện thoại này nhận thông báo của cổng.")
    ).to_be_visible(timeout=20_000)
    assert PushSubscription.objects.get().user == leader
    assert push_service.received == []

    # 1) The parent files a request on the public form, with a mobile number, and agrees to SMS.
    parent_phone.goto(live_server.url + support_page.url)
    parent_phone.get_by_label("Họ tên người gửi").fill(PARENT)
    parent_phone.get_by_label("Điện thoại").fill("0978 000 001")
    parent_phone.get_by_label("Xã / thị trấn").select_option(label="Xã Bát Tràng")
    parent_phone.locator("#id_category").select_option("power")
    parent_phone.get_by_label("Mô tả sự cố").fill("Máy tính bảng không sạc được pin từ hôm qua.")
    parent_phone.get_by_label("Nhắn tin SMS cho tôi về yêu cầu này").check()
    parent_phone.get_by_role("button", name="Gửi yêu cầu hỗ trợ").click()

    request = SupportRequest.objects.get()
    code = request.reference
    expect(parent_phone.locator(".reference")).to_have_text(code)
    assert request.sms_consent
    assert request.team == team

    # 2) The leader's phone: the push service got the notice, encrypted for that browser;
    # handed to the worker as the push service would, it is shown, naming the request.
    [message] = wait_for(lambda: push_service.received, leader_phone, "the push to the leader")
    notice = keys.read(message)
    assert notice["url"] == f"/portal/support/{request.pk}/"
    push_delivered(leader_phone, live_server, notice)
    [shown] = notifications_shown(leader_phone)
    assert shown["title"] == "Yêu cầu hỗ trợ mới"
    assert shown["body"].startswith(f"{code}: hãy liên hệ người gửi trước")
    assert shown["data"] == {"url": f"/portal/support/{request.pk}/"}
    assert PARENT not in shown["title"] + shown["body"]
    pushed = Delivery.objects.get(kind="support_new", channel="push", user=leader)
    assert pushed.status == Delivery.Status.SENT

    # 3) Tapped: the leader's portal window goes to the request's page.
    notice_touched(leader_phone)
    expect(leader_phone).to_have_url(f"{live_server.url}/portal/support/{request.pk}/")
    expect(leader_phone.get_by_role("heading", level=1)).to_contain_text(code)

    # 4) The leader records the first contact through the page's form.
    leader_phone.get_by_role("link", name="Ghi liên hệ lần đầu").click()
    leader_phone.get_by_label("Đã trao đổi gì với người gửi").fill(
        "Đã gọi chị Lan, hẹn mang máy đến tổ chiều mai."
    )
    leader_phone.get_by_role("button", name="Lưu").click()
    expect(leader_phone).to_have_url(f"{live_server.url}/portal/support/{request.pk}/")
    expect(leader_phone.get_by_text("Đã lưu.")).to_be_visible()
    expect(leader_phone.get_by_role("link", name="Ghi liên hệ lần đầu")).to_have_count(0)
    request.refresh_from_db()
    assert request.first_response_at is not None

    # 5) The parent's phone: two texts at the provider, received then taken, each one plain
    # unaccented message with the code and no name.
    texts = wait_for(
        lambda: sms_gateway.requests if len(sms_gateway.requests) >= 2 else None,
        leader_phone,
        "two texts to the parent",
    )
    received, taken = (text.json for text in texts)
    assert [received["Phone"], taken["Phone"]] == ["0978000001", "0978000001"]
    assert received["Content"].startswith(f"Da nhan yeu cau ho tro {code}.")
    assert taken["Content"] == f"Yeu cau {code}: to ho tro da nhan xu ly."
    for text in (received["Content"], taken["Content"]):
        assert text.isascii(), text
        assert len(text) <= GSM7_LIMIT, text
        assert "Lan" not in text, text
        assert "Tran" not in text, text
    assert len(sms_gateway.requests) == 2
    assert set(Delivery.objects.filter(channel="sms").values_list("kind", "status")) == {
        ("support_received", "sent"),
        ("support_taken", "sent"),
    }
