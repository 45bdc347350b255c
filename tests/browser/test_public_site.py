"""The public site as a new visitor meets it on a 360 px phone: the demo content, every page
type checked with axe-core (WCAG 2.2 AA), a story followed, a link's card, the team for Bát
Tràng, the standards, English and back."""

import re
from pathlib import Path

import axe_playwright_python
import pytest
from playwright.sync_api import expect

from django.core.management import call_command

from tests.browser.conftest import assert_fits_the_screen, open_menu

AXE = Path(axe_playwright_python.__file__).parent / "axe.min.js"
AXE_SOURCE = AXE.read_text()
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def assert_accessible(page):
    """axe-core finds no WCAG 2.2 A/AA violation on the page as shown."""
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: {violations}"


def axe_violations(page) -> list[dict]:
    """What axe-core finds against WCAG 2.2 A/AA on the page as shown: each rule broken,
    its impact and where (up to three elements)."""
    # Evaluated through the browser's debugging protocol: a <script> tag would be refused by
    # the site's Content-Security-Policy, as any injected script should be.
    page.evaluate(AXE_SOURCE)
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {
                runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
            });
            return result.violations.map((v) => ({
                rule: v.id, impact: v.impact, where: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
            }));
        }""",
        WCAG_22_AA,
    )


@pytest.fixture
def demo(live_database):
    call_command("load_initial_data", verbosity=0)


PAGE_TYPES = [
    "/",  # home
    "/ve-chuong-trinh/",  # content page with every kind of block
    "/tieu-chuan/",  # standards
    "/to-it/",  # teams directory
    "/tin-tuc/",  # news index
    "/tin-tuc/viettel-tai-tro-sim/",  # article
    "/cau-chuyen/",  # story index
    "/cau-chuyen/laptop-cho-anh/",  # story
    "/ket-qua/",  # impact page: charts, tiles, live figures
    "/quy-minh-bach/",  # open fund: money tables
    "/nha-tai-tro/",  # sponsors
    "/vinh-danh/",  # honour roll
    "/tham-gia/",  # contact / volunteer
    "/ung-ho/",  # donor offer form
    "/ung-ho/theo-doi/",  # tracking look-up
    "/ho-tro/",  # support request form
    "/tim-kiem/?q=laptop",  # search results
    "/huong-dan/",  # help index
    "/huong-dan/tiep-nhan-thiet-bi/",  # help page: steps and a screenshot
    "/en/huong-dan/tiep-nhan-thiet-bi/",  # its English version
    "/en/",  # English home
    "/accounts/login/",  # sign-in
]


CSP_WATCH = """window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});"""


def test_every_page_type_passes_axe_fits_a_phone_and_breaks_no_security_policy(
    live_server, phone, demo
):
    phone.add_init_script(CSP_WATCH)
    for path in PAGE_TYPES:
        response = phone.goto(live_server.url + path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert_fits_the_screen(phone)
        phone.wait_for_load_state("load")
        assert phone.evaluate("window.__cspViolations") == [], path
        assert_accessible(phone)


def test_a_visitor_reads_a_story_finds_bat_trang_reads_the_standards_in_two_languages(
    live_server, phone, demo
):
    phone.goto(live_server.url)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Máy tính cũ – Tri thức mới")
    expect(phone.locator(".block-figure").first).to_contain_text("Thiết bị đã trao tặng")

    phone.get_by_role("link", name="Chiếc laptop cũ và giấc mơ làm kỹ sư").click()
    expect(phone.locator(".story-student")).to_have_text(
        re.compile(r"Em Ánh, học sinh lớp 8 ở Xã Bát Tràng")
    )
    expect(phone.locator("main")).not_to_contain_text("Nguyễn Thị Ánh")
    card = {
        name: phone.locator(f'meta[property="{name}"]').get_attribute("content")
        for name in ("og:title", "og:image", "og:url")
    }
    assert card["og:title"] == "Chiếc laptop cũ và giấc mơ làm kỹ sư"
    assert card["og:image"].startswith(live_server.url)
    assert "1200x630" in card["og:image"]
    assert phone.request.get(card["og:image"]).ok  # the card's image really exists

    open_menu(phone)
    phone.get_by_role("link", name="Tổ IT các xã").first.click()
    phone.get_by_label("Tìm theo xã, thị trấn").fill("bat trang")
    phone.get_by_role("button", name="Tìm", exact=True).click()
    expect(phone.locator(".directory")).to_contain_text("Tổ Thanh niên IT xã Bát Tràng")
    expect(phone.locator(".directory")).not_to_contain_text("Cổ Bi")

    open_menu(phone)
    phone.get_by_role("link", name="Tiêu chuẩn thiết bị").first.click()
    expect(phone.locator("main")).to_contain_text("RAM tối thiểu 2 GB")
    assert_fits_the_screen(phone)

    open_menu(phone)
    phone.get_by_role("link", name="English").click()
    expect(phone).to_have_url(f"{live_server.url}/en/tieu-chuan/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Device standards")
    open_menu(phone)
    phone.get_by_role("link", name="Tiếng Việt").click()
    expect(phone).to_have_url(f"{live_server.url}/tieu-chuan/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Tiêu chuẩn thiết bị")


def test_the_accessibility_check_catches_what_it_should(phone):
    phone.set_content(
        '<html lang="vi"><body><main><img src="x.png"><a href="#"></a></main></body></html>'
    )

    with pytest.raises(AssertionError) as caught:
        assert_accessible(phone)

    assert "image-alt" in str(caught.value)
    assert "link-name" in str(caught.value)
