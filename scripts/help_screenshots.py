"""Screenshots for the help pages (“Hướng dẫn”), taken from the demo on a 360 px phone screen.

Run against a demo site (`make run`, or any server with `load_initial_data` done):

    .venv/bin/python scripts/help_screenshots.py [http://127.0.0.1:8000]

It signs in as the demo accounts, opens each task's screen in Vietnamese and writes
`home/demo/images/help/<task>.png`, reduced to a 64-colour palette so each stays well under
80 KB; `load_initial_data` imports them as Wagtail images. Where a screen shows a child's or
a requester's name, only the part without it is taken (the pages are public).
Needs Playwright (requirements-dev.txt) and Debian's chromium (or CHROMIUM_PATH).
"""

import io
import os
import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import Page, sync_playwright

OUT = Path(__file__).resolve().parent.parent / "home" / "demo" / "images" / "help"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PHONE = {"width": 360, "height": 640}
PASSWORD = "giadinh-gialam-2021"  # noqa: S105 — the demo accounts' published password (README)
COLOURS = 64
TALLEST = 760  # px: the top of a long form is what the steps describe


def sign_in(page: Page, base: str, who: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mail").fill(f"{who}@demo.maytinhcu.vn")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/portal/")


def first_link_with(page: Page, base: str, listing: str, button: str) -> str:
    """The address behind `button` on the first item of `listing` that offers it."""
    page.goto(f"{base}{listing}")
    items = [
        link.get_attribute("href")
        for link in page.locator(".portal__content a[href]").all()
        if (link.get_attribute("href") or "").rstrip("/").split("/")[-1].isdigit()
    ]
    for href in items:
        page.goto(f"{base}{href}")
        target = page.get_by_role("link", name=button, exact=True)
        if target.count():
            return target.first.get_attribute("href") or ""
    raise SystemExit(f"No item of {listing} offers “{button}”: is the demo loaded?")


def save(shot: bytes, task: str) -> None:
    picture = Image.open(io.BytesIO(shot)).convert("RGB")
    picture = picture.crop((0, 0, picture.width, min(picture.height, TALLEST)))
    small = picture.quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT)
    path = OUT / f"{task}.png"
    small.save(path, optimize=True)
    print(f"{path.relative_to(OUT.parent.parent.parent.parent)}: {path.stat().st_size // 1024} KB")  # noqa: T201


def screen(page: Page, base: str, address: str, task: str, part: str = ".portal__content") -> None:
    """The screen's working area (not the site's header and menu), folded parts opened."""
    page.goto(f"{base}{address}")
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    save(page.locator(part).first.screenshot(), task)


def main(base: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--lang=vi-VN"]
        )
        context = browser.new_context(viewport=PHONE, locale="vi-VN")
        page = context.new_page()

        sign_in(page, base, "tinhnguyen")
        screen(page, base, "/portal/devices/new/", "receive")
        check = first_link_with(page, base, "/portal/devices/", "Kiểm tra cấu hình")
        screen(page, base, check, "check")
        # The student's page names the child: only the consent section is taken.
        student = first_link_with(page, base, "/portal/students/", "Ghi trao tặng")
        screen(page, base, student.replace("handover/", ""), "consent", "#dong-y")
        screen(page, base, student, "handover", "form.form")
        respond = first_link_with(page, base, "/portal/support/?queue=all", "Ghi liên hệ lần đầu")
        screen(page, base, respond, "support")

        sign_in(page, base, "giaovien")
        screen(page, base, "/portal/students/new/", "student")

        sign_in(page, base, "dieuphoi")
        screen(page, base, "/portal/reports/", "report")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
