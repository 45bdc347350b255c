"""The anonymous page cache as a shared link meets it: tracking parameters added by Zalo,
Facebook or a newsletter neither render the page again nor fill the cache; the parameters
a page does read still choose what it shows; a cached copy says the same about caching as
a fresh one; and the cache lives in a Redis database of its own, away from the broker."""

import inspect
import re

import pytest

from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation
from django.utils.cache import get_max_age
from django.utils.http import urlencode

from campaign.page_cache import (
    AnonymousPageCacheMiddleware,
    figure_pages_clear,
    page_cache_clear,
    shows_figures,
)
from tests.campaign.conftest import news_with_articles

pytestmark = pytest.mark.django_db


def cache_entries() -> int:
    """How many entries the cache holds now, as its own storage counts them."""
    store = cache._cache
    if isinstance(store, dict):  # local memory
        return len(store)
    return store.get_client(write=False).dbsize()  # Redis: the tests' own database


def rendered(response) -> bool:
    """The page was rendered for this request (not replayed from the cache)."""
    return bool(response.templates)


def test_parameters_a_page_does_not_read_neither_render_it_again_nor_fill_the_cache(client, home):
    first = client.get(home.url)
    entries = cache_entries()

    shared = [
        client.get(home.url + "?" + urlencode({"utm_x": number, "fbclid": f"IwAR{number}"}))
        for number in range(40)
    ]

    renders = sum(rendered(response) for response in shared)
    print(
        f"40 visits with tracking parameters: {renders} renders, "
        f"{cache_entries() - entries} new cache entries"
    )
    assert rendered(first)
    assert renders == 0
    assert cache_entries() == entries
    assert {response.content for response in shared} == {first.content}


@pytest.fixture
def news(home):
    return news_with_articles(home)


def test_the_parameters_a_page_reads_still_choose_what_it_shows(client, news):
    second = client.get(news.url + "?page=2&utm_source=zalo")
    second_again = client.get(news.url + "?utm_campaign=tet&page=2")
    tagged = client.get(news.url + "?" + urlencode({"tag": "tài trợ", "fbclid": "IwAR1"}))
    tagged_again = client.get(news.url + "?" + urlencode({"tag": "tài trợ"}))
    first = client.get(news.url + "?fbclid=IwAR2")

    assert [rendered(r) for r in (second, second_again, tagged, tagged_again, first)] == [
        True,
        False,
        True,
        False,
        True,
    ]
    assert second_again.content == second.content
    assert tagged_again.content == tagged.content
    assert "Bài số 1<" in second.content.decode()
    assert "Bài số 1<" not in first.content.decode()
    assert "Bài số 3" in tagged.content.decode()
    assert "Bài số 4" not in tagged.content.decode()


def test_a_cached_copy_says_the_same_about_caching_as_the_fresh_one(client, settings, home):
    fresh = client.get(home.url)
    cached = client.get(home.url)

    assert rendered(fresh)
    assert not rendered(cached)
    for response in (fresh, cached):
        assert "cookie" in {name.strip().lower() for name in response["Vary"].split(",")}
    # Browsers ask again each time; a proxy in front keeps it a while and is told to drop
    # it on the same triggers as this cache (tests/campaign/test_edge_cache.py).
    assert fresh["Cache-Control"] == cached["Cache-Control"]
    assert get_max_age(cached) == 0
    assert f"s-maxage={settings.EDGE_CACHE_SECONDS}" in cached["Cache-Control"]


def test_every_page_declares_the_query_parameters_it_reads():
    """A page that read a parameter it does not declare would be served, from the cache, as
    if the parameter were not there."""
    from wagtail.models import get_page_models

    for model in get_page_models():
        own = [cls for cls in model.__mro__ if cls.__module__.startswith(("campaign.", "home."))]
        source = "".join(inspect.getsource(cls) for cls in own)
        read = set(
            re.findall(r'request\.GET(?:\.get|\.getlist|\.__getitem__)?[(\[]"(\w+)"', source)
        )
        assert read <= set(getattr(model, "query_parameters", ())), model.__name__


# The middleware on its own, in front of a view that counts its renders.


class CountingView:
    """A public page as the middleware sees it: marked cacheable by Wagtail's hook and
    rendered afresh (with its render number) each time the middleware lets it through."""

    def __init__(self, parameters=(), **headers):
        self.renders = 0
        self.parameters = parameters
        self.headers = headers
        self.cookie = None

    def __call__(self, request):
        self.renders += 1
        request.page_cacheable = True
        request.page_query_parameters = self.parameters
        values = ",".join(f"{name}={request.GET.get(name)}" for name in self.parameters)
        response = HttpResponse(f"render {self.renders} {values}")
        for name, value in self.headers.items():
            response[name.replace("_", "-")] = value
        if self.cookie:
            response.set_cookie(self.cookie, "1")
        return response


def serve(view, path="/tin-tuc/", method="get", **extra):
    return AnonymousPageCacheMiddleware(view)(getattr(RequestFactory(), method)(path, **extra))


def test_the_second_anonymous_visitor_gets_the_first_ones_page_without_a_render():
    view = CountingView()

    first, second = serve(view), serve(view)

    assert view.renders == 1
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content == b"render 1 "
    assert second["Cache-Control"] == first["Cache-Control"]
    assert "public" in first["Cache-Control"]


def test_a_visitor_with_a_session_neither_reads_nor_fills_the_cache(settings):
    view = CountingView()
    serve(view)

    signed_in = serve(view, HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}=abc")
    again = serve(view, HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}=abc")

    assert view.renders == 3
    assert b"render 2" in signed_in.content
    assert "X-Page-Cache" not in signed_in
    assert b"render 3" in again.content


@pytest.mark.parametrize(
    "path", ["/portal/", "/en/portal/devices/", "/accounts/login/", "/admin/", "/api/impact.json"]
)
def test_the_portal_sign_in_admin_and_api_are_never_kept(path):
    view = CountingView()

    serve(view, path)
    answer = serve(view, path)

    assert view.renders == 2
    assert "X-Page-Cache" not in answer


@pytest.mark.parametrize(
    "headers",
    [{"Cache_Control": "private"}, {"Cache_Control": "no-store"}],
    ids=["private", "no-store"],
)
def test_an_answer_marked_private_or_no_store_is_not_kept(headers):
    view = CountingView(**headers)

    serve(view)
    serve(view)

    assert view.renders == 2


def test_an_answer_that_sets_a_cookie_is_not_kept():
    view = CountingView()
    view.cookie = "messages"

    serve(view)
    serve(view)

    assert view.renders == 2


def test_only_a_plain_get_fills_the_cache_and_a_form_sent_is_never_answered_from_it():
    view = CountingView()

    serve(view, method="head")
    serve(view, method="post")
    assert view.renders == 2
    serve(view)
    sent = serve(view, method="post")

    assert view.renders == 4
    assert b"render 4" in sent.content


def test_each_language_has_its_own_copy():
    view = CountingView()

    with translation.override("vi"):
        vietnamese = serve(view)
    with translation.override("en"):
        english = serve(view)
        english_again = serve(view)

    assert view.renders == 2
    assert vietnamese.content != english.content == english_again.content


def test_a_page_is_kept_once_per_value_of_the_parameters_it_reads():
    view = CountingView(parameters=("page",))

    second = serve(view, "/tin-tuc/?page=2")
    shared = serve(view, "/tin-tuc/?page=2&utm_source=zalo&fbclid=IwAR1")
    third = serve(view, "/tin-tuc/?page=3")
    bare = serve(view, "/tin-tuc/?fbclid=IwAR2")

    assert view.renders == 3
    assert shared.content == second.content == b"render 1 page=2"
    assert third.content == b"render 2 page=3"
    assert bare.content == b"render 3 page=None"


def test_emptying_the_cache_makes_the_next_visitor_get_a_fresh_page():
    view = CountingView()
    serve(view)

    page_cache_clear()
    fresh = serve(view)

    assert view.renders == 2
    assert fresh["X-Page-Cache"] == "miss"


def test_emptying_works_after_the_cache_lost_everything():
    """Redis restarted without its data: the next publication still empties what the
    pages stored since."""
    view = CountingView()
    cache.clear()
    serve(view)

    page_cache_clear()
    serve(view)

    assert view.renders == 2


class FiguresView(CountingView):
    """A page that shows figures (the results page, a figure block), as it marks itself."""

    def __init__(self, moved_while_rendering=False):
        super().__init__()
        self.moved_while_rendering = moved_while_rendering

    def __call__(self, request):
        response = super().__call__(request)
        shows_figures(request)
        if self.moved_while_rendering and self.renders == 1:
            figure_pages_clear()  # a handover commits while this page is being rendered
        return response


def test_a_moved_counter_replaces_the_pages_that_show_figures_and_only_those():
    figures, plain = FiguresView(), CountingView()
    serve(figures, "/ket-qua/"), serve(plain, "/tin-tuc/")

    figure_pages_clear()
    fresh, kept = serve(figures, "/ket-qua/"), serve(plain, "/tin-tuc/")
    again = serve(figures, "/ket-qua/")

    assert (figures.renders, plain.renders) == (2, 1)
    assert (fresh["X-Page-Cache"], kept["X-Page-Cache"]) == ("miss", "hit")
    assert again["X-Page-Cache"] == "hit"
    assert again.content == b"render 2 "


def test_a_page_rendered_while_a_counter_moved_is_not_served_again():
    view = FiguresView(moved_while_rendering=True)

    serve(view, "/ket-qua/")
    second = serve(view, "/ket-qua/")

    assert view.renders == 2
    assert second.content == b"render 2 "


def test_pages_are_still_served_while_the_cache_is_unreachable(unreachable_cache):
    view = CountingView()

    answers = [serve(view) for _ in range(3)]
    page_cache_clear()
    figure_pages_clear()

    assert view.renders == 3
    assert [answer.status_code for answer in answers] == [200, 200, 200]
