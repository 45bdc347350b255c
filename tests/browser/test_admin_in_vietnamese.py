"""The Wagtail admin as the demo editor meets it is in Vietnamese: a crawl of the screens
they use (dashboard, explorer, editing and publishing a page in moderation, images,
documents, snippets, reports, search, account, help) collects what is shown and what is
read aloud (visible text, `aria-label`, `title`, `placeholder`) and finds no English word
beyond a short allowance."""

import pytest
from playwright.sync_api import expect

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db.models import Q

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from home.demo.accounts import DEMO_PASSWORD
from tests.english_words import english_words

LAPTOP = {"width": 1280, "height": 800}
EDITOR = "bientap@demo.maytinhcu.vn"
ARTICLE_IN_REVIEW = "trao-may-dot-mua-he"  # home/demo/review.py, submitted by the editor

# English that stays: names of products and of file formats, and words the program itself
# writes in English in Vietnamese text ("tổ IT", "E-mail" in allauth's sign-in).
ALLOWANCE = frozenset(
    {
        "Wagtail",  # the product's name, in "Wagtail 8.0" and "Có gì mới trong Wagtail"
        "IT",  # "Tổ Thanh niên IT": the teams' own name (Wagtail title-cases it "It")
        "E",  # "E-mail", as the sign-in form writes it
        "mail",
        "URL",
        "HTML",
        "PDF",
        "PNG",
        "JPEG",
        "JPG",
        "GIF",
        "WebP",
        "AVIF",
        "SVG",
        "HEIC",
        "DOCX",
        "XLSX",
        "CSV",
        "ODT",
        "PPTX",
        "TXT",
        "SIM",  # "thẻ SIM", the program's word
        "THCS",  # "Trường THCS …": a school's name
        "English",  # the English locale's name, as LANGUAGES writes it
        # Words the demo pages' Vietnamese text uses: brands, chips, units.
        "laptop",
        "Viettel",
        "Android",
        "iOS",
        "Celeron",
        "Pentium",
        "RAM",
        "CPU",
        "SSD",
        "GB",
        "KB",
        "MB",
        "GHz",
        "web",  # "trang web": Vietnamese has taken the word
        "GMT",  # time zones: "GMT+7 (Giờ Đông Dương)"
        "UTC",
        "thg",  # "30 thg 11, 2026": the browser's Vietnamese short month, in comments
        "byte",  # Django's Vietnamese for file sizes: "15 byte"
        "None",  # Wagtail 8.0 prints Python's None as the noun of the page search's count
    }
)

# The account's lists of languages (each in its own language) and time zones (place names)
# are names, not the admin's words: only the chosen one is read.
COLLECT = """() => {
    for (const name of ["locale-preferred_language", "locale-current_time_zone"]) {
        for (const option of document.querySelectorAll(`select[name="${name}"] option`)) {
            if (!option.selected) option.remove();
        }
    }
    const texts = [document.title, document.body.innerText];
    for (const element of document.querySelectorAll("[aria-label], [title], [placeholder]")) {
        for (const name of ["aria-label", "title", "placeholder"]) {
            const value = element.getAttribute(name);
            if (value) texts.push(value);
        }
    }
    return texts;
}"""


@pytest.fixture
def demo(live_database):
    call_command("load_initial_data", verbosity=0)
    document = get_document_model()(title="Kế hoạch hè 2026")
    document.file.save("ke-hoach-he.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    return document


def screens(document):
    """(name, address, what to open there) for every screen the crawl visits."""
    article = Page.objects.get(slug=ARTICLE_IN_REVIEW)
    news = article.get_parent()
    home = news.get_parent()
    image = get_image_model().objects.order_by("pk").first()

    def open_actions(tab):
        tab.locator("footer .w-dropdown__toggle").first.click()

    def open_side_panels(tab):
        for toggle in tab.locator("[data-side-panel-toggle]").all():
            toggle.click()
            tab.wait_for_timeout(200)

    def start_a_comment(tab):
        tab.locator("[data-comment-add]").first.click()
        tab.locator("textarea.comment__input").first.fill("Thêm ảnh buổi trao máy")

    def open_help(tab):
        tab.locator('aside button[data-w-dismissible-id-value="help"]').click()

    def open_explorer_menu(tab):
        tab.locator('aside button[aria-haspopup="dialog"]').first.click()
        tab.wait_for_timeout(500)

    def open_keyboard_shortcuts(tab):
        open_help(tab)
        tab.locator('aside [data-a11y-dialog-show="keyboard-shortcuts-dialog"]').click()

    def open_account_menu(tab):
        tab.locator(".sidebar-footer__account").click()

    return [
        ("dashboard", "/admin/", open_account_menu),
        ("help menu", "/admin/", open_help),
        ("keyboard shortcuts", "/admin/", open_keyboard_shortcuts),
        ("explorer menu", "/admin/", open_explorer_menu),
        ("explorer", f"/admin/pages/{home.pk}/", None),
        ("explorer: news", f"/admin/pages/{news.pk}/", None),
        ("new page: type", f"/admin/pages/{news.pk}/add_subpage/", None),
        ("new page", f"/admin/pages/add/campaign/newspage/{news.pk}/", None),
        ("page editing: actions", f"/admin/pages/{article.pk}/edit/", open_actions),
        ("page editing: side panels", f"/admin/pages/{article.pk}/edit/", open_side_panels),
        ("page history", f"/admin/pages/{article.pk}/history/", None),
        ("workflow history", f"/admin/pages/{article.pk}/workflow_history/", None),
        ("preview settings", f"/admin/pages/{home.pk}/edit/", open_actions),
        ("page editing: a comment", f"/admin/pages/{home.pk}/edit/", start_a_comment),
        ("images", "/admin/images/", None),
        ("image", f"/admin/images/{image.pk}/", None),
        ("image upload", "/admin/images/multiple/add/", None),
        ("documents", "/admin/documents/", None),
        ("document", f"/admin/documents/edit/{document.pk}/", None),
        ("document upload", "/admin/documents/multiple/add/", None),
        ("snippets", "/admin/snippets/", None),
        ("reports: workflows", "/admin/reports/workflow/", None),
        ("reports: tasks", "/admin/reports/workflow_tasks/", None),
        ("reports: locked pages", "/admin/reports/locked/", None),
        ("reports: site history", "/admin/reports/site-history/", None),
        ("reports: aging pages", "/admin/reports/aging-pages/", None),
        ("reports: page types", "/admin/reports/page-types-usage/", None),
        ("search", "/admin/pages/search/?q=m%C3%A1y", None),
        ("account", "/admin/account/", None),
    ]


def sign_in_as_editor(tab, base_url):
    tab.goto(f"{base_url}/accounts/login/?next=/admin/")
    tab.get_by_label("E-mail").fill(EDITOR)
    tab.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    tab.get_by_role("button", name="Đăng nhập").click()
    expect(tab).to_have_url(f"{base_url}/admin/")


def crawl(tab, base_url, document):
    """Visit every screen; return how many, the distinct strings read, and each English
    word found with the screens and lines it was found on."""
    # The English pages are English by design, and so is the title Wagtail gives the tree's
    # root ("Root"): their titles are content, not the admin's words.
    english_titles = sorted(
        Page.objects.filter(Q(locale__language_code="en") | Q(depth=1)).values_list(
            "title", flat=True
        ),
        key=len,
        reverse=True,
    )
    found: dict[str, dict[str, set[str]]] = {}
    strings = set()
    visited = 0
    for name, address, open_more in screens(document):
        response = tab.goto(base_url + address)
        assert response.status == 200, f"{name}: {address} answered {response.status}"
        tab.wait_for_load_state("networkidle")
        if open_more:
            open_more(tab)
            tab.wait_for_timeout(300)
        visited += 1
        for text in tab.evaluate(COLLECT):
            for shown in filter(None, (line.strip() for line in text.splitlines())):
                strings.add(shown)
                admins_words = shown
                for title in english_titles:
                    admins_words = admins_words.replace(title, " ")
                for word in english_words(admins_words, ALLOWANCE):
                    found.setdefault(word, {}).setdefault(name, set()).add(shown[:120])
    return visited, strings, found


def test_the_editor_meets_no_english_in_the_admin(live_server, browser, demo):
    context = browser.new_context(viewport=LAPTOP, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(15_000)
    tab = context.new_page()
    sign_in_as_editor(tab, live_server.url)

    visited, strings, found = crawl(tab, live_server.url, demo)
    context.close()

    print(f"admin crawl: {visited} screens, {len(strings)} distinct strings checked")
    report = "\n".join(
        f"{word}: " + "; ".join(f"{screen} → {sorted(lines)}" for screen, lines in where.items())
        for word, where in sorted(found.items())
    )
    assert not found, f"English left in the admin:\n{report}"
