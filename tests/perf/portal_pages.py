"""The portal's pages as a coordinator (with a second factor, so the students show) and a
volunteer of one commune's youth team see them, timed in this process with Django's test
client beside the trivial view, on the bench database as it is (`bench.py` seeds it).

Each page is asked for in turn, ROUNDS times over, a few requests each time; a page's
figure is the median of all its requests. Interleaving spreads the machine's drifting load
over every page alike. Run by `bench.py` (part "portal"); not a test.
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


def measure() -> dict[str, float]:
    """Median milliseconds by "role: page", and of the trivial view."""
    from django.test import Client

    from portal.middleware import SessionFactorsMiddleware  # noqa: F401 — the stack loads

    targets = {"trivial view": (Client(), TRIVIAL)}
    for role, (client, user) in _browsers().items():
        for name, url in _pages(user).items():
            targets[f"{role}: {name}"] = (client, url)
    samples: dict[str, list[float]] = {name: [] for name in targets}
    for client, url in targets.values():
        _time(client, url)
    for _ in range(ROUNDS):
        for name, (client, url) in targets.items():
            samples[name] += [_time(client, url) for _ in range(REQUESTS)]
    return {name: statistics.median(found) * 1000 for name, found in samples.items()}
