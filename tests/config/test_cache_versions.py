"""Values kept in the cache until what they were read from changes (config/cache_versions.py)."""

import pytest

from django.core.cache import cache
from django.db import transaction

from config import cache_versions

VERSION = "test:version"
KEY = "test:value"


def test_a_kept_value_is_read_back_until_its_version_moves():
    version, value = cache_versions.kept(VERSION, KEY)
    assert value is None
    cache_versions.keep(KEY, version, ["built"], timeout=60)

    assert cache_versions.kept(VERSION, KEY) == (version, ["built"])
    cache_versions.bump(VERSION)
    assert cache_versions.kept(VERSION, KEY)[1] is None


@pytest.mark.parametrize("moved", ["test:teams", "test:handovers"])
def test_a_value_kept_under_several_versions_is_stale_when_any_moves(moved):
    versions = ("test:teams", "test:handovers")
    version, _none = cache_versions.kept(versions, KEY)
    cache_versions.keep(KEY, version, "built", timeout=60)
    assert cache_versions.kept(versions, KEY) == ((1, 1), "built")

    cache_versions.bump(moved)

    assert cache_versions.kept(versions, KEY)[1] is None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_change_makes_it_stale_now_and_again_when_it_commits():
    """A value built from the rows before the commit, between the change and its commit,
    is not read after the commit."""
    with transaction.atomic():
        cache_versions.changed(VERSION)
        built_in_between, _none = cache_versions.kept(VERSION, KEY)
        cache_versions.keep(KEY, built_in_between, "from before the commit", timeout=60)
        assert cache_versions.kept(VERSION, KEY)[1] == "from before the commit"

    assert cache_versions.kept(VERSION, KEY)[1] is None


@pytest.mark.parametrize("earlier", [{"version": 1, "menu": []}, "text", (1, 2, 3)])
def test_an_entry_an_earlier_release_kept_under_the_key_is_a_miss_not_an_error(earlier):
    cache.set(KEY, earlier)

    assert cache_versions.kept(VERSION, KEY) == (1, None)
