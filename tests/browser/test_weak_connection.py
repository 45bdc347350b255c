"""The portal's dashboard on a phone on a weak (Slow 3G) connection: light on the first
visit, and drawn from the phone's own storage on the next, the fresh page then offered. The
bytes are asserted here (they do not vary); the times are measured by `make bench`
(BENCH_PARTS=slow3g)."""

from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.weak_network import (
    load,
    signed_in,
    throttle,
    throttle_worker,
    worker_downloads,
)

# The whole first visit, page and service worker together, as the test's live server sends
# it: uncompressed (Django's static handler, no gzip), so an upper bound of what a phone
# downloads from the production server.
BUDGET_BYTES = 150 * 1024


def test_the_dashboard_on_slow_3g_weighs_little_first_and_takes_only_the_page_after(
    live_server, browser, volunteer, team, settings
):
    settings.PORTAL_PAGE_PATIENCE_MS = 700  # production's (the suite's other tests wait)
    context = signed_in(
        browser,
        live_server.url,
        volunteer,
        viewport=PHONE,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        service_workers="allow",
    )
    worker = worker_downloads(context)
    page = context.new_page()
    cdp = throttle(page)
    dashboard = f"{live_server.url}/portal/"

    first = load(page, cdp, dashboard)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.wait_for_load_state("networkidle")
    first_visit = first.network_bytes + sum(size for _, size in worker)
    assert first.network("/static/css/site.css"), "the first visit took the style sheet"
    assert first_visit <= BUDGET_BYTES, (
        f"first visit {first_visit / 1024:.1f} KB > {BUDGET_BYTES / 1024:.0f} KB: "
        f"{sorted(first.requests + worker, key=lambda row: -row[1])}"
    )

    throttle_worker(page)
    worker.clear()
    again = load(page, cdp, dashboard)

    # The network is slower than the app's patience: the copy kept on the phone was shown,
    # and once the worker had the fresh page it offered it.
    banner = page.locator(".saved-banner")
    expect(banner).to_contain_text("Đã có bản mới.", timeout=30_000)
    expect(banner.get_by_role("link", name="Tải lại trang")).to_have_attribute("href", dashboard)
    assert again.network("/static/") == [], "the page took a static file from the network"
    assert [url for url, _ in worker] == [dashboard], "the worker took more than the page"
    context.close()
