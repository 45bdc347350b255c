"""The portal's pages as a coordinator (with a second factor, so the students show) and a
volunteer of one commune's youth team see them, timed in this process with Django's test
client beside the trivial view, in a copy of each size's database as `bench.py` seeded it.

Each page is asked for in turn, ROUNDS times over, a few requests each time, and each size's
database takes its turn in every round; a page's figure is the median of all its requests.
Interleaving spreads the machine's drifting load over every page and size alike. Run by
`bench.py` (part "portal"); not a test.
"""

import os
import statistics
import time

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
# Per page and round, after one unmeasured request per page to warm it. Thirty samples a
# page: with nine, one busy second on this shared machine moved a page's median by a fifth
# between runs, enough to flip a verdict either way.
REQUESTS = 10
TRIVIAL = "/bench/ping/"
COORDINATOR = "dieuphoi@demo.maytinhcu.vn"
VOLUNTEER = "tinhnguyen@demo.maytinhcu.vn"


def _pages(user) -> dict[str, str]:
    """What the table times, by name: the same names at every size (only a code or a
    cursor, taken from the data, differs)."""
    from portal import access
    from portal.selectors.devices import device_list, keyset_after

    devices = access.devices_visible_to(user)
    queue = device_list(devices.filter(status__in=["received", "checking", "returned"]))
    # Deep: the page after the device halfway down the first queue (a million devices:
    # about page 4 000), as "Trang sau" links reach it.
    middle = queue.count() // 2
    deep = queue[middle]
    named = devices.exclude(brand="Bench").exclude(model_name="").order_by("pk").first()
    student = access.students_visible_to(user).order_by("pk").last()
    return {
        "device list": "/portal/devices/",
        "device list, deep page": f"/portal/devices/?after={keyset_after(deep)}",
        "search by code": f"/portal/devices/?q={deep.asset_code}",
        "search by name": f"/portal/devices/?q={named.model_name if named else 'Latitude'}",
        "queue: to repair": "/portal/devices/?queue=to_repair",
        "queue: ready": "/portal/devices/?queue=ready",
        "queue: to liquidate": "/portal/devices/?queue=to_liquidate",
        "queue: done": "/portal/devices/?queue=done",
        "queue: all": "/portal/devices/?queue=all",
        "student list": "/portal/students/",
        "student search": f"/portal/students/?q={student.full_name if student else 'An'}",
        "handover list": "/portal/handovers/",
        "dashboard": "/portal/",
    }


def _browsers():
    from django.contrib.auth import get_user_model
    from django.test import Client

    from tests.factories.signing_in import with_second_factor

    users = get_user_model().objects
    coordinator, volunteer = Client(), Client()
    with_second_factor(users.get(email=COORDINATOR), coordinator)
    volunteer.force_login(users.get(email=VOLUNTEER))
    return {
        "coordinator": (coordinator, users.get(email=COORDINATOR)),
        "volunteer": (volunteer, users.get(email=VOLUNTEER)),
    }


def _time(client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise RuntimeError(f"{url}: {response.status_code}")
    return elapsed


def _use(database: str, size: int) -> None:
    """Point the default connection at one size's database and the cache at that size's
    keys: the same people and pages are in every size's database, and a value kept from one
    must not answer for another."""
    from django.conf import settings
    from django.core.cache import caches
    from django.db import connections

    connection = connections["default"]
    if connection.settings_dict["NAME"] != database:
        connection.close()
        connection.settings_dict["NAME"] = database
    for cache in caches.all(initialized_only=False):
        cache.key_prefix = f"{settings.CACHE_KEY_PREFIX}bench-{size}"


def measure(databases: dict[int, str]) -> dict[int, dict[str, float]]:
    """Median milliseconds by "role: page" in each size's database, and of the trivial
    view. The sizes take turns, a round of every page in each, so the machine's
    drifting load falls on every size alike: measured one size after the other, minutes
    apart, a page's figure moved by a fifth from one run to the next."""
    from django.test import Client

    from portal.middleware import SessionFactorsMiddleware  # noqa: F401 — the stack loads

    targets: dict[int, dict] = {}
    for size, database in databases.items():
        _use(database, size)
        targets[size] = {"trivial view": (Client(), TRIVIAL)}
        for role, (client, user) in _browsers().items():
            for name, url in _pages(user).items():
                targets[size][f"{role}: {name}"] = (client, url)
    samples = {size: {name: [] for name in pages} for size, pages in targets.items()}
    order = list(targets)
    for round_number in range(ROUNDS):
        # Each size leads a round in turn: none is always the one timed first.
        shift = round_number % len(order)
        for size in order[shift:] + order[:shift]:
            pages = targets[size]
            _use(databases[size], size)
            # Unmeasured: a new connection's first request per page (its session's caches
            # are cold) and, in the first round, the cache's.
            for client, url in pages.values():
                _time(client, url)
            for name, (client, url) in pages.items():
                samples[size][name] += [_time(client, url) for _ in range(REQUESTS)]
    # The trivial view reads no database, so every size's samples of it make one baseline:
    # taken apart, the two sizes' medians of it differed by a third in the same rounds.
    trivial = [sample for by_name in samples.values() for sample in by_name["trivial view"]]
    for by_name in samples.values():
        by_name["trivial view"] = trivial
    return {
        size: {name: statistics.median(found) * 1000 for name, found in by_name.items()}
        for size, by_name in samples.items()
    }
