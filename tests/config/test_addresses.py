"""Addresses in one language (docs/developing.md, "Addresses"): what a visitor reads in the
address bar of the public site is Vietnamese without diacritics ("/tim-kiem/",
"/ung-ho/theo-doi/?ma=…"), the portal and the sign-in pages are English ("/portal/devices/"),
and an in-page anchor follows the side of its page. Machine endpoints keep the names the
machines that read them expect. An address that moved answers 301 at its old place, query
string kept, in both languages."""

import re
from pathlib import Path

import pytest

from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern

from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, get_page_models

from tests.english_words import INITIALS, is_vietnamese

ROOT = Path(__file__).resolve().parents[2]

# Read by programs, not people: they keep the names those programs look for.
MACHINE = {
    "health/": "the load balancer's and the monitor's probe",
    "sitemap.xml": "the name search engines ask for",
    "robots.txt": "the name crawlers ask for",
    "api/": "figures for fanpages and partners' code (api/impact.json)",
    "share/": "the og:image pictures link-preview crawlers fetch, never typed or read",
    "documents/": "Wagtail's own address for uploaded files, linked from pages, not typed",
    "_util/": "Wagtail's internal views (page passwords, preview sign-in)",
    "rss/": "a news feed, the word feed readers know",
}
# The English side: Wagtail's admin, allauth's sign-in pages and the staff portal.
ENGLISH_SIDE = ("admin/", "accounts/", "portal/")
# Old public addresses, each kept as a permanent redirect to where it moved.
MOVED = {"search/": "tim-kiem/"}
# English words that happen to spell a Vietnamese syllable ("me" as in /portal/me/,
# "set" as in /accounts/password/set/).
ENGLISH_THAT_LOOKS_VIETNAMESE = frozenset({"me", "set"})
# English words a public address must never carry (the ones this rule moved, and kin).
NOT_PUBLIC = frozenset({"share", "search", "track", "thanks", "status", "certificate", "new"})

# Without its marks, "uâ" is "ua" and takes a final: "chuẩn", "xuất" are "chuan", "xuat".
UA_WITH_FINAL = re.compile(rf"{INITIALS}ua(?:ng|c|m|n|p|t)")
# Words Vietnamese has taken in as they are, and names ("sim", "it" spell syllables anyway).
LOANWORDS = frozenset({"laptop", "viettel"})

CONVERTER = re.compile(r"<[^>]*>|\(\?P<[^>]*>[^)]*\)|\([^)]*\)")


def routes(patterns, prefix: str = ""):
    """Every (route, pattern) of the URLconf, the Vietnamese (unprefixed) way."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            own = "" if isinstance(pattern.pattern, LocalePrefixPattern) else str(pattern.pattern)
            yield from routes(pattern.url_patterns, prefix + own)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def words(route: str) -> list[str]:
    """The words of an address: converters, regex syntax and file extensions taken out."""
    text = CONVERTER.sub("", route).strip("^$")
    text = re.sub(r"\.(png|xml|txt|json|xlsx|csv)\b", "", text)
    return [word for word in re.split(r"[/\-.]+", text) if word and word not in {"*", "?"}]


def without_marks(word: str) -> bool:
    """A lowercase ASCII word that is Vietnamese written without its marks, or a number."""
    if not (word.isascii() and word.isalnum() and word == word.lower()):
        return False
    if any(letter.isdigit() for letter in word):  # "22", "4g"
        return True
    return is_vietnamese(word) or UA_WITH_FINAL.fullmatch(word) is not None or word in LOANWORDS


def public_problems(route: str) -> list[str]:
    return [word for word in words(route) if not without_marks(word) or word in NOT_PUBLIC]


def english_problems(route: str) -> list[str]:
    return [
        word
        for word in words(route)
        if not word.isascii()
        or (is_vietnamese(word.lower()) and word.lower() not in ENGLISH_THAT_LOOKS_VIETNAMESE)
    ]


def machine(route: str) -> bool:
    return any(route.startswith(name) for name in MACHINE)


def test_every_public_route_is_vietnamese_without_diacritics():
    checked, problems = [], {}
    for route, pattern in routes(get_resolver().url_patterns):
        if machine(route) or route.startswith(ENGLISH_SIDE) or route in MOVED:
            continue
        if pattern.name == "wagtail_serve":  # the pages' slugs, below
            continue
        checked.append(route)
        if bad := public_problems(route):
            problems[route] = bad
    # The desks' and the news index's own addresses, below the page's slug.
    for model in get_page_models():
        if issubclass(model, RoutablePageMixin):
            for pattern in model.get_subpage_urls():
                route = str(pattern.pattern)
                if machine(route):
                    continue
                checked.append(f"{model.__name__}:{route}")
                if bad := public_problems(route):
                    problems[f"{model.__name__}:{route}"] = bad
    print(f"public routes checked: {len(checked)}")
    assert "tim-kiem/" in checked
    assert "OfferPage:theo-doi/<str:reference>/giay-cam-on/" in checked
    assert problems == {}


def test_every_portal_and_sign_in_route_is_english():
    checked, problems = 0, {}
    for route, _pattern in routes(get_resolver().url_patterns):
        if route.startswith(("portal/", "accounts/")):
            checked += 1
            if bad := english_problems(route):
                problems[route] = bad
    print(f"portal and sign-in routes checked: {checked}")
    assert checked > 50
    assert problems == {}


def test_the_checks_catch_an_address_in_the_wrong_language():
    """The two checks above would fail on the addresses this rule moved."""
    assert public_problems("search/") == ["search"]
    assert public_problems("share/<slug:kind>.png") == ["share"]
    assert public_problems("theo-doi/<str:reference>/giay-cam-on/") == []
    assert public_problems("tieu-chuan/de-xuat/22-to-it/") == []
    assert public_problems("tiêu-chuẩn/") == ["tiêu", "chuẩn"]
    assert public_problems("Tim-Kiem/") == ["Tim", "Kiem"]
    assert english_problems("devices/<int:pk>/kiem-tra/") == ["kiem", "tra"]
    assert english_problems("me/") == []


# In-page links: href="#x", href="{% url … %}#x" in templates, and reverse(…) + "#x" in views.
TEMPLATE_LINK = re.compile(r'href="(?:\{%[^%]*%\})?#([^"{]+)"')
VIEW_LINK = re.compile(r'\+ "#([^"]+)"')
ENGLISH_TEMPLATES = ("templates/portal/", "templates/account/", "templates/allauth/")


def anchors():
    """(anchor, side, where) of every in-page link target."""
    for path in sorted((ROOT / "templates").rglob("*.html")):
        where = str(path.relative_to(ROOT))
        side = "portal" if where.startswith(ENGLISH_TEMPLATES) else "public"
        for anchor in TEMPLATE_LINK.findall(path.read_text()):
            yield anchor, side, where
    for app in ("portal", "campaign", "home"):
        for path in sorted((ROOT / app).rglob("*.py")):
            where = str(path.relative_to(ROOT))
            for anchor in VIEW_LINK.findall(path.read_text()):
                yield anchor, "portal" if app == "portal" else "public", where


def test_in_page_anchors_follow_the_side_of_their_page():
    ids = set()
    for path in (ROOT / "templates").rglob("*.html"):
        ids |= set(re.findall(r'\bid="([^"{]+)"', path.read_text()))
    found = list(anchors())
    problems = []
    for anchor, side, where in found:
        bad = public_problems(anchor) if side == "public" else english_problems(anchor)
        if bad or anchor not in ids:
            problems.append((where, anchor, side, bad))
    print(f"in-page anchors checked: {len(found)}")
    assert problems == []
    # The skip link (public layout) and the portal's jumps to a device's checks and photos.
    assert {("noi-dung", "public"), ("checks", "portal"), ("photos", "portal")} <= {
        (anchor, side) for anchor, side, _where in found
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/search/", "/tim-kiem/"),
        ("/search/?q=m%C3%A1y+t%C3%ADnh", "/tim-kiem/?q=m%C3%A1y+t%C3%ADnh"),
        ("/en/search/?q=laptop&page=2", "/en/tim-kiem/?q=laptop&page=2"),
    ],
)
def test_an_old_public_address_moves_for_good_with_its_query(client, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new
    assert client.get(new).status_code == 200


@pytest.mark.django_db
def test_the_demo_sites_page_addresses_are_vietnamese_in_both_languages():
    """Page slugs are chosen by editors; the demo site shows the rule, and its English
    translations keep the Vietnamese slugs (only the /en/ prefix differs)."""
    call_command("load_initial_data")
    pages = Page.objects.live().filter(depth__gt=1)
    urls = [page.url.removeprefix("/en") for page in pages]
    problems = {url: public_problems(url) for url in urls}
    print(f"demo pages checked: {len(urls)} ({len(problems)} addresses)")
    assert len(problems) > 20
    assert sum(page.url.startswith("/en/") for page in pages) > 10
    assert {path: bad for path, bad in problems.items() if bad} == {}
