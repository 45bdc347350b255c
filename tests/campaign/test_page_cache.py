"""The anonymous page cache as a shared link meets it: tracking parameters added by Zalo,
Facebook or a newsletter neither render the page again nor fill the cache; the parameters
a page does read still choose what it shows; a cached copy says the same about caching as
a fresh one; and the cache lives in a Redis database of its own, away from the broker."""

import inspect
import re

import pytest

from django.core.cache import cache
from django.utils.cache import get_max_age
from django.utils.http import urlencode

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
    assert rendered(first) and renders == 0
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
    assert second_again.content == second.content and tagged_again.content == tagged.content
    assert "Bài số 1<" in second.content.decode() and "Bài số 1<" not in first.content.decode()
    assert "Bài số 3" in tagged.content.decode() and "Bài số 4" not in tagged.content.decode()


def test_a_cached_copy_says_the_same_about_caching_as_the_fresh_one(client, home):
    fresh = client.get(home.url)
    cached = client.get(home.url)

    assert rendered(fresh) and not rendered(cached)
    for response in (fresh, cached):
        assert "cookie" in {name.strip().lower() for name in response["Vary"].split(",")}
    # Browsers and proxies ask again each time: emptying this cache (a publication, a
    # withdrawn consent) reaches every copy at once.
    assert fresh["Cache-Control"] == cached["Cache-Control"] == "no-cache"
    assert get_max_age(cached) is None


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
