"""Dates and numbers read the Vietnamese way in both languages (issue 18, point 7):
dd/mm/yyyy, "." between thousands. Every public page type of the demo site and every portal
page the coordinator (with a second factor, so every list shows everything) may open, in
Vietnamese and in English, through the test client; only the text a reader sees is checked
(attribute values, such as a <time datetime="…"> in ISO, are for machines).

The one allowance: the progress report's official dates ("ngày 30 tháng 11 năm 2026", in
English "30 November 2026", portal/templatetags/official_dates.py) as administrative
documents write them, on the report's pages only."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from itertools import chain
from pathlib import Path

import pytest

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import translation

from home.demo.devices import MODELS
from tests.browser.test_portal_accessibility import NOT_PAGES, demo_objects, pages_for
from tests.browser.test_public_site import PAGE_TYPES
from tests.factories.signing_in import with_second_factor
from tests.portal.test_access_matrix import MATRIX, portal_url

pytestmark = pytest.mark.django_db

SLASH_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
MONTH_NAME = re.compile(
    rf"\b(?:{MONTHS})\b|\b\d{{1,2}} (?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b"
)
OFFICIAL_DATE = re.compile(rf"\b(?:\d{{1,2}} )?(?:{MONTHS}) \d{{4}}\b")
COORDINATOR = "dieuphoi@demo.maytinhcu.vn"  # the demo coordinator (home/demo/accounts.py)
OFFICIAL_DATE_PAGES = {"report_list", "report_detail"}
# A run of digits with whatever groups it: "7.600.000", "7,600,000", "7600000", "2026".
NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:[.,]\d{3})+(?![\w])|(?<![\w.,])\d{4,}(?![\w])")
# Digits that are no count or amount: part of a code or a time ("LT-0004-242", "2026-08",
# "10:30"), or a phone number, postal or reference code, written with a leading zero.
CODE_NEIGHBOUR = set("-/:#_+")
# A phone number as the demo writes it: "024 3827 1005".
PHONE = re.compile(r"(?<![\w.,])(?:\+84|0)\d{1,3}(?: \d{3,4}){1,3}\b")
# The demo devices' model names carry their makers' numbers: "OptiPlex 3020".
MODEL = re.compile("|".join(re.escape(model) for _make, model in chain(*MODELS.values())))


class VisibleText(HTMLParser):
    """The text of a page as a reader sees it: no scripts, styles or attribute values."""

    HIDDEN = {"script", "style", "template", "noscript"}

    def __init__(self):
        super().__init__()
        self.hidden = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in self.HIDDEN

    def handle_endtag(self, tag):
        self.hidden -= tag in self.HIDDEN

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


@dataclass
class Check:
    pages: int = 0
    slash_dates: int = 0
    grouped: int = 0
    years: int = 0
    codes: int = 0
    phones: int = 0
    models: int = 0
    official: int = 0
    problems: list[str] = field(default_factory=list)

    def page(self, where: str, text: str, *, official_dates: bool = False) -> None:
        self.pages += 1
        for match in SLASH_DATE.finditer(text):
            self.slash_dates += 1
            if len(match[1]) != 2 or len(match[2]) != 2:
                self.problems.append(f"{where}: date not dd/mm/yyyy: {match[0]}")
        for match in ISO_DATE.finditer(text):
            self.problems.append(f"{where}: ISO date shown: {match[0]}")
        if official_dates:
            self.official += len(OFFICIAL_DATE.findall(text))
            text = OFFICIAL_DATE.sub(" ", text)
        for match in MONTH_NAME.finditer(text):
            self.problems.append(f"{where}: month name: {match[0]!r}")
        self.models += len(MODEL.findall(text))
        text = MODEL.sub(" ", text)
        self.phones += len(PHONE.findall(text))
        text = PHONE.sub(" ", text)
        for match in NUMBER.finditer(text):
            self.number(where, text, match)

    def number(self, where: str, text: str, match: re.Match) -> None:
        digits = match[0]
        before = text[match.start() - 1] if match.start() else " "
        after = text[match.end()] if match.end() < len(text) else " "
        if "," in digits and "." not in digits:
            self.problems.append(f"{where}: thousands grouped with ',': {digits}")
        elif "." in digits:
            self.grouped += 1
        elif before in CODE_NEIGHBOUR or after in CODE_NEIGHBOUR or digits.startswith("0"):
            self.codes += 1
        elif len(digits) == 4 and 1900 <= int(digits) <= 2100:
            self.years += 1
        else:
            context = text[max(match.start() - 30, 0) : match.end() + 30]
            self.problems.append(f"{where}: number without '.' grouping: {context!r}")


def test_every_page_type_and_portal_page_reads_dates_and_numbers_the_vietnamese_way(client):
    call_command("load_initial_data", verbosity=0)
    objects = demo_objects()
    check = Check()

    for prefix in ("", "/en"):
        for page_type in PAGE_TYPES:
            path = prefix + page_type.removeprefix("/en")  # each in both languages
            response = client.get(path)
            assert response.status_code == 200, path
            check.page(path, visible_text(response.content.decode()))

    with_second_factor(get_user_model().objects.get(email=COORDINATOR), client)
    portal_pages = [name for name in pages_for("coordinator") if name not in NOT_PAGES]
    for prefix in ("", "/en"):
        for name in portal_pages:
            target = MATRIX[name].target
            with translation.override("vi"):  # the address without a language prefix
                url = prefix + portal_url(name, objects[target] if target else None)
            response = client.get(url)
            assert response.status_code == 200, url
            check.page(
                url,
                visible_text(response.content.decode()),
                official_dates=name in OFFICIAL_DATE_PAGES,
            )

    print(
        f"formats: {check.pages} pages, {check.slash_dates} dd/mm/yyyy dates, "
        f"{check.grouped} numbers grouped with '.'; let through: {check.years} years, "
        f"{check.codes} codes, {check.phones} phone numbers, {check.models} model numbers; "
        f"{check.official} official report dates allowed"
    )
    assert check.problems == [], "\n".join(check.problems)
    # Both languages, every public page type and every coordinator's portal page.
    assert check.pages == 2 * (len(PAGE_TYPES) + len(portal_pages))
    # The checks could fail: the demo's fund ledger, prices and figures run into thousands,
    # and its dates are on the pages.
    assert check.grouped >= 20
    assert check.slash_dates >= 20


# A record's id in a template, printed as it is: `{{ student.pk }}`, not piped through a
# filter (`|unlocalize`, or a filter that makes something else of it).
BARE_ID = re.compile(r"\{\{\s*[\w.]+\.(?:pk|id)\s*\}\}")


def test_a_records_id_is_never_written_with_a_thousands_separator():
    """Numbers are shown with "." between thousands (USE_THOUSAND_SEPARATOR), and a template
    prints an id as a number: past 9 999 a form's <option value="12.345"> or a link's
    ?device=12.345 names no record. Ids go through `unlocalize`."""
    from django.conf import settings

    templates = chain.from_iterable(
        Path(folder).rglob("*.html") for folder in settings.TEMPLATES[0]["DIRS"]
    )
    bare = [
        f"{template.relative_to(settings.BASE_DIR)}: {match}"
        for template in templates
        for match in BARE_ID.findall(template.read_text())
    ]

    assert bare == []
