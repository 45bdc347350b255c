"""The public forms' limit per visitor: so many sends per window from one address, counted
apart for each form, by the visitor's own address behind the proxy, and never in the way
of a real person while the cache is down."""

import time

import pytest

from django.test import RequestFactory

from campaign.ratelimit import over_limit


@pytest.fixture(autouse=True)
def _three_an_hour(settings):
    settings.PUBLIC_FORM_RATE_LIMIT = (3, 3600)


def send(scope="offer", address="198.51.100.7", **headers):
    return over_limit(RequestFactory().post("/ung-ho/", REMOTE_ADDR=address, **headers), scope)


def test_a_visitor_may_send_as_many_forms_as_the_limit_then_is_asked_to_wait():
    assert [send() for _ in range(5)] == [False, False, False, True, True]


def test_each_visitor_has_a_limit_of_their_own():
    for _ in range(4):
        send(address="198.51.100.7")

    assert send(address="198.51.100.8") is False


def test_each_form_is_counted_apart():
    for _ in range(4):
        send("track")

    assert send("offer") is False
    assert send("support") is False
    assert send("track") is True


def test_behind_the_proxy_visitors_are_counted_by_their_own_address():
    for _ in range(4):
        send(address="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert send(address="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.8") is False
    # What the visitor writes in the header does not get them a fresh count.
    assert send(address="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.7") is True


def test_the_count_starts_again_when_the_window_is_over(settings):
    settings.PUBLIC_FORM_RATE_LIMIT = (1, 1)
    assert [send(), send()] == [False, True]

    time.sleep(1.1)

    assert send() is False


def test_no_one_is_refused_while_the_cache_is_unreachable(unreachable_cache):
    assert not any(send() for _ in range(10))
