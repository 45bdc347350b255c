"""Behind nginx every request reaches gunicorn from 127.0.0.1: the limits must still count
each visitor on their own address (taken from the trusted proxy's X-Forwarded-For), and a
visitor who writes that header themselves must neither escape their limit nor use up
someone else's."""

import pytest

from django.test import Client

from campaign.models import OfferPage
from tests.campaign.conftest import publish
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"  # nginx, on the same machine as gunicorn (deploy/)
OUTSIDER = "203.0.113.7"  # reaches the web process directly, not through nginx
TOO_MANY_SENDS = "Bạn đã gửi nhiều lần liên tiếp"
NOT_FOUND = "Không tìm thấy mã này"
TOO_MANY_SIGN_INS = "Bạn đã đăng nhập sai quá nhiều lần"


def visitor(address: str, *, forged: str = "") -> Client:
    """A browser at `address` behind nginx, which appends the address it saw to whatever
    X-Forwarded-For the browser sent (`forged`), as `$proxy_add_x_forwarded_for` does."""
    chain = f"{forged}, {address}" if forged else address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=chain)


def direct(forged: str) -> Client:
    """A browser that connects to the web process itself and claims to be behind a proxy."""
    return Client(REMOTE_ADDR=OUTSIDER, HTTP_X_FORWARDED_FOR=forged)


@pytest.fixture
def track_url(home, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = (3, 3600)
    return publish(home, OfferPage(title="Ủng hộ", slug="ung-ho")).url + "theo-doi/"


def look_up(browser: Client, url: str) -> str:
    """One tracking look-up with a code that does not exist; the page answered."""
    return browser.post(url, {"reference": "UH-000000", "phone": "0912000009"}).content.decode()


def refused(pages: list[str]) -> list[bool]:
    return [TOO_MANY_SENDS in page for page in pages]


def test_two_visitors_behind_the_proxy_have_a_look_up_limit_each(track_url):
    first, second = visitor("198.51.100.1"), visitor("198.51.100.2")

    first_pages = [look_up(first, track_url) for _ in range(4)]
    second_page = look_up(second, track_url)

    assert refused(first_pages) == [False, False, False, True]
    assert TOO_MANY_SENDS not in second_page
    assert NOT_FOUND in second_page


def test_a_forged_header_neither_escapes_the_limit_nor_uses_up_another_visitors(track_url):
    victim = "198.51.100.2"
    # Straight to the web process, a new made-up address each time: one address all along.
    rotating = [look_up(direct(f"192.0.2.{number}"), track_url) for number in range(4)]
    # Through nginx, claiming to be the victim: nginx appends the real address, which counts.
    framing = [look_up(visitor("198.51.100.1", forged=victim), track_url) for _ in range(4)]
    # Straight to the web process, claiming to be the victim.
    framing_directly = [look_up(direct(victim), track_url) for _ in range(2)]

    victim_page = look_up(visitor(victim), track_url)

    assert refused(rotating) == [False, False, False, True]
    assert refused(framing) == [False, False, False, True]
    assert refused(framing_directly) == [True, True]  # still the outsider's own address
    assert TOO_MANY_SENDS not in victim_page
    assert NOT_FOUND in victim_page


def fail_sign_in(browser: Client, number: int) -> str:
    """A wrong password, each time for another e-mail address (so only the per-address
    limit counts); the page answered."""
    return browser.post(
        "/accounts/login/", {"login": f"khach{number}@example.vn", "password": "sai-mat-khau"}
    ).content.decode()


def test_failed_sign_ins_behind_the_proxy_keep_out_only_the_visitor_who_made_them(volunteer):
    guesser, colleague = visitor("198.51.100.1"), visitor("198.51.100.2")

    guesses = [fail_sign_in(guesser, number) for number in range(11)]  # allauth: 10 a minute
    signed_in = colleague.post("/accounts/login/", {"login": volunteer.email, "password": PASSWORD})

    assert [TOO_MANY_SIGN_INS in page for page in guesses] == [False] * 10 + [True]
    assert signed_in.status_code == 302
    assert colleague.session.get("_auth_user_id") == str(volunteer.pk)


def test_a_forged_header_does_not_buy_more_sign_in_attempts(volunteer):
    # Eleven browsers on one machine outside the proxy, each claiming another address.
    attempts = [fail_sign_in(direct(f"192.0.2.{number}"), number) for number in range(11)]

    assert [TOO_MANY_SIGN_INS in page for page in attempts] == [False] * 10 + [True]
