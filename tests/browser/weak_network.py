"""The portal on a weak connection: Chromium's network emulation set to DevTools' "3G"
preset (called "Slow 3G" until 2024) through the DevTools protocol, and what one load of a
page costs there: the bytes that came over the network, and the time until the page is
usable. Shared by tests/browser/test_weak_connection.py (the bytes, which do not vary) and
`make bench` (BENCH_PARTS=slow3g, the times, which do)."""

import json
from dataclasses import dataclass, field

from django.conf import settings
from django.test import Client

# DevTools' own preset (ChromeDevTools/devtools-frontend, front_end/core/sdk/NetworkManager.ts,
# `Slow3GConditions`, titled "3G" since May 2024, crbug.com/342406608): ~500 kbit/s down and
# up at 80 %, i.e. 50 000 bytes/s, and a 400 ms round trip. Chromium's emulation adds its
# latency once per request, not per round trip, so DevTools passes 400 ms × 5 = 2 000 ms to
# stand for the round trips of a real request (DNS, TCP, TLS, the request itself).
SLOW_3G = {
    "offline": False,
    "latency": 400 * 5,
    "downloadThroughput": 500 * 1000 / 8 * 0.8,
    "uploadThroughput": 500 * 1000 / 8 * 0.8,
}

# "Usable": the page's deferred scripts have run (DOMContentLoaded has fired; offline.js
# and outbox.js are ready) and the main heading and the menu button (the primary
# navigation, on a phone) are drawn. Checked at every animation frame, so the time returned
# is the first frame in which all of it holds, counted from the start of the navigation.
USABLE = """() => {
    const [navigation] = performance.getEntriesByType("navigation");
    const drawn = (selector) => {
        const element = document.querySelector(selector);
        return element !== null && element.checkVisibility() &&
            element.getBoundingClientRect().height > 0;
    };
    return navigation && navigation.domContentLoadedEventEnd > 0 && drawn("main h1") &&
        drawn(".menu__button") && performance.now();
}"""


@dataclass
class Load:
    """One load of a page: each request's URL with the bytes it took from the network (0
    when the service worker or the browser's cache answered), and the milliseconds until the
    page was usable."""

    usable_ms: float
    requests: list[tuple[str, int]] = field(default_factory=list)

    @property
    def network_bytes(self) -> int:
        return sum(size for _, size in self.requests)

    def network(self, part: str) -> list[tuple[str, int]]:
        """The requests whose URL holds `part` that went to the network."""
        return [(url, size) for url, size in self.requests if part in url and size]


def signed_in(browser, base_url: str, user, **options):
    """A fresh browser profile (no cache, no service worker) holding a session of `user`,
    made on the server as the sign-in page would, so that no page was loaded before the
    one to be measured."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(**options)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base_url,
            }
        ]
    )
    return context


def worker_downloads(context):
    """What the service worker itself takes from the network, by URL (Playwright reports a
    copy from the browser's cache as taking nothing)."""
    found = []

    def finished(request):
        if request.service_worker is None:
            return
        sizes = request.sizes()
        taken = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        if taken > 0:
            found.append((request.url, taken))

    context.on("requestfinished", finished)
    return found


def throttle(page):
    """Slow 3G for this page's requests; the session keeps counting them."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable", {"maxTotalBufferSize": 0, "maxResourceBufferSize": 0})
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    return cdp


def throttle_worker(page):
    """Slow 3G for the service worker's own requests too (the page's emulation does not
    reach them: a page it answers would otherwise come over a fast network). Playwright
    opens sessions on pages only, so this one is opened from the browser's session and
    spoken to through it."""
    root = page.context.browser.new_browser_cdp_session()
    scope = page.evaluate("navigator.serviceWorker.ready.then((r) => r.active.scriptURL)")
    [worker] = [
        target
        for target in root.send("Target.getTargets")["targetInfos"]
        if target["type"] == "service_worker" and target["url"] == scope
    ]
    session = root.send("Target.attachToTarget", {"targetId": worker["targetId"], "flatten": False})
    answered = []
    root.on("Target.receivedMessageFromTarget", lambda event: answered.append(event["message"]))
    for number, (method, params) in enumerate(
        (("Network.enable", {}), ("Network.emulateNetworkConditions", SLOW_3G)), start=1
    ):
        message = {"id": number, "method": method, "params": params}
        root.send(
            "Target.sendMessageToTarget",
            {"sessionId": session["sessionId"], "message": json.dumps(message)},
        )
    for _ in range(100):  # the answers come as events, while Playwright waits
        if {1, 2} <= {json.loads(message).get("id") for message in answered}:
            return root
        page.wait_for_timeout(20)
    raise RuntimeError(f"the service worker was not throttled: {answered}")


def load(page, cdp, url: str) -> Load:
    """Open `url` and wait until the page is usable and the network quiet; each request's
    bytes are its `encodedDataLength` in Network.loadingFinished (headers and body as they
    came over the wire), 0 for one the service worker answered from its storage."""
    urls, from_worker, sizes = {}, set(), {}

    def answered(event):
        urls[event["requestId"]] = event["response"]["url"]
        if event["response"].get("fromServiceWorker"):
            from_worker.add(event["requestId"])

    def finished(event):
        sizes[event["requestId"]] = int(event["encodedDataLength"])

    cdp.on("Network.responseReceived", answered)
    cdp.on("Network.loadingFinished", finished)
    page.goto(url, wait_until="commit")
    usable_ms = page.wait_for_function(USABLE, polling="raf", timeout=60_000).json_value()
    page.wait_for_load_state("networkidle", timeout=60_000)
    cdp.remove_listener("Network.responseReceived", answered)
    cdp.remove_listener("Network.loadingFinished", finished)
    return Load(
        usable_ms=usable_ms,
        requests=[
            (urls.get(request, "?"), 0 if request in from_worker else size)
            for request, size in sizes.items()
        ],
    )
