"""Notices on a volunteer's phone (Web Push), in chromium: turned on from "Thông tin của
tôi", sent by the site through a push service, shown by the portal's service worker, and
touched to open the page they name.

Two stand-ins, and only these, because headless chromium here has no internet:
- The browser's push service. `pushManager.subscribe` asks Google's push service (FCM) for
  an address, which cannot be reached from here, so it fails. An init script then answers in
  its place with a subscription whose address is the test's own push service on 127.0.0.1
  and whose keys the test generated (tests/push_service.py); everything else — the
  permission, the site's key handed to `subscribe`, the page posting the subscription, the
  server storing it — is the real thing. The site encrypts and posts the notice to that
  push service as it would to FCM; the test decrypts it, as the browser would, and hands it
  to the service worker as a push message through the DevTools protocol
  (`ServiceWorker.deliverPushMessage`), as FCM would.
- The touch on the notice. Nothing in the DevTools protocol clicks a notification, so the
  test calls the worker's own handler code (`openNotice`, what its `notificationclick`
  listener runs) inside the worker, with the notification the worker showed, as the worker
  recorded it when it showed it (`WATCH`)."""

import json

import pytest
from playwright.sync_api import expect

from portal.channels import push as channel
from portal.channels.vapid import vapid_keys
from portal.models import PushSubscription
from tests.browser.conftest import assert_fits_the_screen
from tests.browser.test_offline_app import installed, reopen
from tests.browser.test_public_site import axe_violations
from tests.portal.test_push import delivery
from tests.push_service import BrowserKeys, PushService, unb64url

# Calls the browser's own subscribe first; only when it fails (or never answers) does the
# stand-in answer, with the test's address and keys. It notes what the page asked with.
STAND_IN = """
((standIn) => {
    const KEPT = "test-push-stand-in";
    const real = {
        subscribe: PushManager.prototype.subscribe,
        getSubscription: PushManager.prototype.getSubscription,
    };
    const subscription = () => ({
        endpoint: standIn.endpoint,
        expirationTime: null,
        toJSON: () => ({
            endpoint: standIn.endpoint,
            expirationTime: null,
            keys: { p256dh: standIn.p256dh, auth: standIn.auth },
        }),
        unsubscribe: () => {
            localStorage.removeItem(KEPT);
            return Promise.resolve(true);
        },
    });
    PushManager.prototype.subscribe = function (options) {
        // Chromium without a network keeps waiting for FCM rather than failing.
    const tooLong = new Promise((_, reject) =>
            setTimeout(() => reject(new Error("no answer from the push service")), 3000),
        );
        return Promise.race([real.subscribe.call(this, options), tooLong]).catch((error) => {
            localStorage.setItem(
                KEPT,
                JSON.stringify({
                    failure: String(error),
                    userVisibleOnly: options.userVisibleOnly,
                    key: Array.from(new Uint8Array(options.applicationServerKey)),
                }),
            );
            return subscription();
        });
    };
    PushManager.prototype.getSubscription = function () {
        return real.getSubscription
            .call(this)
            .then((kept) => kept || (localStorage.getItem(KEPT) ? subscription() : null));
    };
})(%s);
"""

# What the portal's worker shows, recorded inside the worker as each notification is
# shown (once `showNotification` resolved). Not read back with `getNotifications()`:
# headless chromium has no notification centre, and about one run in five it listed none
# though the worker's call had resolved, the notice shown.
WATCH = """() => {
    if (self.shownByTest) return;
    self.shownByTest = [];
    const show = self.registration.showNotification.bind(self.registration);
    self.registration.showNotification = (title, options) =>
        show(title, options).then(() => {
            self.shownByTest.push({
                title, body: options.body, tag: options.tag,
                icon: new URL(options.icon, self.location.origin).href, data: options.data,
                requireInteraction: options.requireInteraction,
            });
        });
}"""


def push_delivered(phone, live_server, notice: dict) -> None:
    """`notice` handed to the portal's worker as a push message, as the push service would
    (the DevTools protocol's `ServiceWorker.deliverPushMessage`), what it shows recorded."""
    cdp, registration = registration_id(phone, live_server)
    [worker] = phone.context.service_workers
    worker.evaluate(WATCH)
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": live_server.url,
            "registrationId": registration,
            "data": json.dumps(notice, ensure_ascii=False),
        },
    )


def notifications_shown(phone) -> list[dict]:
    """The notifications the portal's worker showed since `push_delivered`, as soon as
    there is one."""
    [worker] = phone.context.service_workers
    for _ in range(100):
        if shown := worker.evaluate("self.shownByTest"):
            return shown
        phone.wait_for_timeout(100)
    raise AssertionError("the service worker showed no notification")


def notice_touched(phone) -> None:
    """The touch on the notice: the worker's own `notificationclick` code (`openNotice`),
    run inside the worker with the notification it showed."""
    [worker] = phone.context.service_workers
    worker.evaluate("openNotice(self.shownByTest[0])")


@pytest.fixture
def phone(browser, tmp_path):
    """A phone's browser with the portal's service worker (the other tests block it)."""
    page = reopen(browser, tmp_path / "profile")
    yield page
    page.context.close()


def registration_id(phone, live_server):
    """The portal worker's registration, as the DevTools protocol names it."""
    cdp = phone.context.new_cdp_session(phone)
    registrations = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(event["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    for _ in range(50):
        # The latest word on the portal's registration: one the browser replaced since
        # (a worker updated while the page loaded) is reported too, deleted, and a push
        # handed to it reaches a worker that can no longer show anything.
        found = {
            r["registrationId"]: r
            for r in registrations
            if r["scopeURL"] == f"{live_server.url}/portal/"
        }
        live = [key for key, r in found.items() if not r.get("isDeleted")]
        if live:
            return cdp, live[-1]
        phone.wait_for_timeout(100)
    raise AssertionError(f"no registration for the portal: {registrations}")


def test_a_volunteer_turns_on_notifications_and_a_notice_reaches_the_phone(
    live_server, phone, volunteer
):
    push_service = PushService().start()
    browser = BrowserKeys()
    stand_in = {"endpoint": push_service.endpoint(), "p256dh": browser.p256dh, "auth": browser.auth}
    phone.context.add_init_script(STAND_IN % json.dumps(stand_in))
    phone.context.grant_permissions(["notifications"], origin=live_server.url)
    try:
        installed(phone, live_server, volunteer)
        phone.goto(f"{live_server.url}/portal/me/")
        button = phone.get_by_role("button", name="Nhận thông báo trên điện thoại này")
        expect(phone.get_by_role("status").filter(has_text="Đang tắt")).to_be_visible()
        assert_fits_the_screen(phone)

        button.click()

        # The browser's own subscribe is given 3 s to answer before the stand-in does.
        expect(
            phone.get_by_text("Đang bật: điện thoại này nhận thông báo của cổng.")
        ).to_be_visible(timeout=20_000)
        expect(
            phone.get_by_role("button", name="Tắt thông báo trên điện thoại này")
        ).to_be_visible()
        assert axe_violations(phone) == []
        subscription = PushSubscription.objects.get()
        assert (subscription.user, subscription.endpoint) == (volunteer, push_service.endpoint())
        asked = json.loads(phone.evaluate("localStorage.getItem('test-push-stand-in')"))
        assert asked["failure"]  # the browser's own push service did not answer
        assert asked["userVisibleOnly"] is True
        assert bytes(asked["key"]) == unb64url(vapid_keys().public)

        # The site sends; the push service receives it encrypted for this phone.
        channel.send(delivery(volunteer, urgent=True, url="/portal/devices/"))
        [message] = push_service.received
        push_delivered(phone, live_server, browser.read(message))

        [shown] = notifications_shown(phone)
        assert shown == {
            "title": "Yêu cầu hỗ trợ mới",
            "body": "Xã Bát Tràng: máy không lên nguồn.",
            "tag": "/portal/devices/",
            "icon": f"{live_server.url}/static/img/app/icon-192.png",
            "data": {"url": "/portal/devices/"},
            "requireInteraction": True,
        }

        # Touched: the portal's window, open on "Thông tin của tôi", goes to the notice's page.
        notice_touched(phone)
        expect(phone).to_have_url(f"{live_server.url}/portal/devices/")

        # And turned off again: the server forgets this phone.
        phone.goto(f"{live_server.url}/portal/me/")
        phone.get_by_role("button", name="Tắt thông báo trên điện thoại này").click()
        expect(
            phone.get_by_role("button", name="Nhận thông báo trên điện thoại này")
        ).to_be_visible()
        assert not PushSubscription.objects.exists()
    finally:
        push_service.stop()
