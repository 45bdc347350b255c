"""The visitor's address as every limit counts it: the connection's own address, unless
that is a trusted proxy, whose X-Forwarded-For is then read from the right up to the first
address that is not a proxy."""

import pytest
from allauth.account.adapter import get_adapter

from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from config.client_address import client_address


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        # No proxy in between: the header is the visitor's own words and ignored.
        ("203.0.113.7", "198.51.100.2", "203.0.113.7"),
        # nginx on the machine appended the address it saw.
        ("127.0.0.1", "198.51.100.1", "198.51.100.1"),
        # ...after what the visitor wrote, which is not read.
        ("127.0.0.1", "198.51.100.2, 198.51.100.1", "198.51.100.1"),
        # A load balancer in 10.0.0.0/8 in front of nginx: both are passed over.
        ("127.0.0.1", "192.0.2.9, 198.51.100.1, 10.1.2.3", "198.51.100.1"),
        ("::1", "2001:db8::5", "2001:db8::5"),
        # A trusted proxy's request without the header: a local request.
        ("127.0.0.1", None, "127.0.0.1"),
        # Nonsense where a trusted proxy should have written an address: the last one
        # a proxy vouched for, never the nonsense.
        ("127.0.0.1", "198.51.100.2, unknown, 10.1.2.3", "10.1.2.3"),
        ("", None, None),
    ],
)
def test_the_address_counted_is_the_first_one_no_trusted_proxy_wrote(
    settings, peer, forwarded, expected
):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "::1", "10.0.0.0/8"]
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}

    request = RequestFactory().get("/", REMOTE_ADDR=peer, **headers)

    assert client_address(request) == expected


def test_with_no_trusted_proxy_the_header_is_never_read(settings):
    settings.TRUSTED_PROXIES = []

    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4")

    assert client_address(request) == "127.0.0.1"


def test_allauth_asks_the_same_function_and_refuses_a_request_without_an_address():
    behind_nginx = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1"
    )
    nowhere = RequestFactory().get("/", REMOTE_ADDR="")

    assert get_adapter(behind_nginx).get_client_ip(behind_nginx) == "198.51.100.1"
    with pytest.raises(PermissionDenied):
        get_adapter(nowhere).get_client_ip(nowhere)
