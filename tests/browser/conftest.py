"""Playwright driving Debian's chromium (/usr/bin/chromium) against pytest-django's live
server, on a phone-sized screen in Vietnamese."""

import functools
import os
import shutil

import pytest

from tests.conftest import require_or_skip

# Playwright's sync API keeps an event loop in this thread; the ORM calls that tests make
# between browser steps are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PHONE = {"width": 360, "height": 740}
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.fixture(autouse=True)
def _live_database(live_database):
    """Every browser test runs against committed data, the migrated rows included."""


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        require_or_skip(
            "REQUIRE_BROWSER", f"needs Debian's chromium at {CHROMIUM} (apt-get install chromium)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=ARGS,
        )
        # The portal's service worker keeps fetching its shell after a short test has ended
        # and its database is being flushed; the tests of the portal online do without it.
        # tests/browser/test_offline_app.py opens profiles of its own, with the worker.
        browser.new_context = functools.partial(browser.new_context, service_workers="block")
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    """A fresh browser tab the size of a cheap Android phone, set to Vietnamese."""
    context = browser.new_context(viewport=PHONE, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def assert_fits_the_screen(page):
    """Nothing forces a sideways scroll on a 360 px screen."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    widest = page.evaluate(
        """() => [...document.querySelectorAll("body *")]
            .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
            .slice(0, 3).map((e) => e.tagName + "." + e.className)"""
    )
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the screen: {widest}"


def open_menu(page):
    """Open the header's menu button (a `<details>`, so it works without JavaScript too);
    on a phone the site's and the portal's menus are behind it."""
    menu = page.locator("details.menu")
    if menu.get_attribute("open") is None:
        menu.locator("summary").click()
