"""A proxy or CDN in front of Django may keep the public pages anyone gets, a short while for
the pages that show figures; never a page meant for one visitor (signed in, a form with its
CSRF key), the portal, the sign-in or the admin. It is told to drop its copies on the page
cache's own triggers: a publication drops every address it may hold, a moved counter the
pages that showed figures. (The same, through a real nginx: tests/ops/test_edge_nginx.py.)"""

import pytest

from django.core.cache import cache
from django.urls import reverse
from django.utils.cache import get_max_age

from wagtail.contrib.frontend_cache.backends.base import BaseBackend

from campaign.edge_cache import SERVED_KEY
from campaign.models import ContentPage, OfferPage, StoryIndexPage, StoryPage, SupportPage
from tests.campaign.conftest import news_with_articles, publish
from tests.campaign.test_impact import figure_pages
from tests.factories.students import approved, handed_over

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, str | bool]:
    """The response's Cache-Control, as {directive: value or True}."""
    found: dict[str, str | bool] = {}
    for part in response.get("Cache-Control", "").split(","):
        name, _, value = part.strip().partition("=")
        if name:
            found[name.lower()] = value or True
    return found


def shared_for(response) -> int | None:
    """How long a shared cache may keep this answer without asking, or None."""
    found = directives(response)
    if "private" in found or "no-store" in found or "no-cache" in found:
        return None
    return int(found["s-maxage"]) if "s-maxage" in found else None


@pytest.fixture
def public_pages(home, handover):
    """One of each kind of public page anyone gets, none of them showing figures."""
    quiet = publish(home, ContentPage(title="Giới thiệu", slug="gioi-thieu"))
    stories = publish(home, StoryIndexPage(title="Câu chuyện", slug="cau-chuyen"))
    story = publish(
        stories,
        StoryPage(
            title="Chiếc laptop cũ",
            slug="chiec-laptop-cu",
            intro="Từ nhà hảo tâm đến em.",
            handover=handover,
            body=[{"type": "text", "value": "<p>Câu chuyện.</p>"}],
        ),
    )
    news = news_with_articles(home)
    return {
        "content page": quiet.url,
        "story list": stories.url,
        "story": story.url,
        "news list": news.url,
        "news list, page 2": news.url + "?page=2&utm_source=zalo",
        "news article": news.get_children().live().first().url,
    }


def test_public_pages_may_be_kept_by_a_proxy_and_asked_again_by_browsers(
    client, settings, public_pages
):
    for kind, url in public_pages.items():
        fresh, cached = client.get(url), client.get(url)

        assert (fresh.status_code, cached["X-Page-Cache"]) == (200, "hit"), kind
        for answer in (fresh, cached):
            assert shared_for(answer) == settings.EDGE_CACHE_SECONDS, kind
            assert "public" in directives(answer), kind
            assert get_max_age(answer) == 0, kind  # a browser asks again each time


def test_pages_that_show_figures_are_kept_a_short_while_only(client, settings, home):
    settings.EDGE_CACHE_SECONDS, settings.EDGE_CACHE_FIGURES_SECONDS = 300, 10
    pages = figure_pages(home)  # home with a figure block, its English copy, the results
    with_block = publish(
        home,
        ContentPage(
            title="Kết quả nhanh",
            slug="ket-qua-nhanh",
            body=[{"type": "figure", "value": {"figure": "students_reached", "label": ""}}],
        ),
    )

    for url in [*pages, with_block.url]:
        fresh, cached = client.get(url), client.get(url)
        assert cached["X-Page-Cache"] == "hit", url
        assert shared_for(fresh) == shared_for(cached) == 10, url


def test_pages_meant_for_one_visitor_are_never_kept_by_a_proxy(client, home, volunteer):
    offer = publish(home, OfferPage(title="Ủng hộ thiết bị", slug="ung-ho"))
    support = publish(home, SupportPage(title="Yêu cầu hỗ trợ", slug="ho-tro"))
    anonymous = {
        "offer form": client.get(offer.url),
        "support form": client.get(support.url),
        "offer tracking": client.get(offer.url + "theo-doi/"),
        "sign-in": client.get(reverse("account_login")),
        "admin": client.get("/admin/"),
        "a page that is not there": client.get("/khong-co-trang-nay/"),
    }
    client.force_login(volunteer)
    signed_in = {
        "home page, signed in": client.get(home.url),
        "portal": client.get(reverse("portal:dashboard")),
        "admin, signed in": client.get("/admin/"),
    }

    answers = {**anonymous, **signed_in}
    for kind, answer in answers.items():
        assert shared_for(answer) is None, kind
        assert "s-maxage" not in directives(answer), kind
    # Those that keep a person's key or data say so, for every cache on the way.
    for kind in ("offer form", "support form", "offer tracking", "sign-in", "portal"):
        assert "no-store" in directives(answers[kind]), kind
    assert "private" in directives(signed_in["home page, signed in"])
    assert "Cổng tình nguyện viên" in signed_in["home page, signed in"].content.decode()


# Purging: a proxy stand-in that notes what it is asked to drop.


class RecordingProxy(BaseBackend):
    purged: list[str] = []

    def purge(self, url) -> None:
        RecordingProxy.purged.append(url)


@pytest.fixture
def proxy(settings):
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {"BACKEND": "tests.campaign.test_edge_cache.RecordingProxy"}
    }
    RecordingProxy.purged = []
    return RecordingProxy.purged


@pytest.fixture
def served(proxy, client, home, public_pages):
    """Every public page served once, as a proxy in front would have fetched them; of them,
    the home page (Vietnamese and English) and the results page show figures. The proxy
    has been told nothing since."""
    pages = figure_pages(home)
    for url in [*pages, *public_pages.values()]:
        client.get(url)
    proxy.clear()
    return {
        "figures": {f"http://testserver{url}" for url in pages},
        "all": {f"http://testserver{url}" for url in [*pages, *public_pages.values()]},
    }


def test_a_moved_counter_purges_the_pages_that_showed_figures_and_only_those(
    proxy, served, teacher, school, leader, team, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        handed_over(leader, approved(teacher, leader, school, full_name="Lò Văn Sáng"), team)

    # (Each commit that moves a counter purges them again: the set is what matters.)
    assert set(proxy) == served["figures"]


def test_a_publication_purges_every_address_a_proxy_may_hold(
    proxy, served, home, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        home.title = "Máy tính cũ – Tri thức mới 2026"
        home.save_revision().publish()

    # Wagtail also purges the published page under its site's own address.
    assert served["all"] <= set(proxy)
    assert "http://testserver/tin-tuc/?page=2&utm_source=zalo" in proxy


def test_nothing_is_purged_before_the_change_commits(proxy, served, home):
    home.save_revision().publish()  # the test's transaction never commits

    assert not served["all"] & set(proxy)


def test_a_copy_past_its_s_maxage_is_not_purged_again(
    proxy, settings, client, home, django_capture_on_commit_callbacks
):
    settings.EDGE_CACHE_SECONDS = 0  # every copy expired at once
    client.get(home.url)

    with django_capture_on_commit_callbacks(execute=True):
        publish(home, ContentPage(title="Mới", slug="moi"))

    assert "http://testserver/" not in proxy


def test_without_a_proxy_to_purge_nothing_is_listed(client, home, public_pages):
    for url in public_pages.values():
        client.get(url)

    assert cache.get(SERVED_KEY) is None


def test_the_offer_and_support_pages_are_not_listed(proxy, client, home):
    offer = publish(home, OfferPage(title="Ủng hộ thiết bị", slug="ung-ho"))
    support = publish(home, SupportPage(title="Yêu cầu hỗ trợ", slug="ho-tro"))
    client.get(offer.url), client.get(support.url)

    assert set(cache.get(SERVED_KEY, {})) == set()
