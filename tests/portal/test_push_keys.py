"""The site's VAPID key pair: generated once on a laptop, from the environment in
production, and `check --deploy` saying when it is missing or wrong."""

from django.core.management import call_command

from portal.channels.vapid import _keys, vapid_keys
from portal.checks import webpush_keys


def test_a_laptop_generates_its_key_pair_once_and_keeps_it(settings, tmp_path):
    settings.WEBPUSH_VAPID_PRIVATE_KEY = ""
    settings.WEBPUSH_VAPID_KEY_FILE = tmp_path / "var" / "webpush-vapid.pem"

    first = vapid_keys()
    _keys.cache_clear()  # as after a restart
    again = vapid_keys()

    assert first.public == again.public
    assert len(first.public) == 87  # base64url of a 65-byte uncompressed P-256 point
    assert (tmp_path / "var" / "webpush-vapid.pem").stat().st_mode & 0o077 == 0


def test_the_printed_pair_is_taken_from_the_environment(settings, capsys):
    call_command("webpush_keys")
    printed = dict(line.split("=", 1) for line in capsys.readouterr().out.split())
    settings.WEBPUSH_VAPID_PRIVATE_KEY = printed["WEBPUSH_VAPID_PRIVATE_KEY"]
    settings.WEBPUSH_VAPID_PUBLIC_KEY = printed["WEBPUSH_VAPID_PUBLIC_KEY"]

    assert vapid_keys().public == printed["WEBPUSH_VAPID_PUBLIC_KEY"]
    assert webpush_keys(None) == []


def test_deploy_check_warns_without_keys(settings):
    settings.WEBPUSH_VAPID_PRIVATE_KEY = ""
    settings.WEBPUSH_VAPID_KEY_FILE = None

    [warning] = webpush_keys(None)

    assert warning.id == "portal.W101"
    assert "webpush_keys" in warning.hint


def test_deploy_check_refuses_a_public_key_of_another_pair(settings, capsys):
    call_command("webpush_keys")
    other = capsys.readouterr().out.split("WEBPUSH_VAPID_PUBLIC_KEY=")[1].strip()
    settings.WEBPUSH_VAPID_PUBLIC_KEY = other

    [error] = webpush_keys(None)

    assert error.id == "portal.E101"


def test_deploy_check_refuses_a_key_that_cannot_be_read(settings):
    settings.WEBPUSH_VAPID_PRIVATE_KEY = "not-a-key"

    [error] = webpush_keys(None)

    assert error.id == "portal.E101"
