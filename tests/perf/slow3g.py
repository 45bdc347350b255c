"""The portal's dashboard on a phone on Slow 3G, timed: a volunteer's first visit (no
cache, no service worker yet) and the next one, ROUNDS times over, each in a fresh browser
profile, against gunicorn serving the static files as production does (collected,
content-hashed and gzipped by whitenoise; the HTML is not compressed, as nginx may do).

The network emulation, the byte count and what "usable" means are in
tests/browser/weak_network.py, shared with the test that holds the byte budget
(tests/browser/test_weak_connection.py). Run by `bench.py` (part "slow3g"); not a test.
"""

import os
import statistics
import subprocess
import sys
from pathlib import Path

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
VOLUNTEER = "tinhnguyen@demo.maytinhcu.vn"
# Targets (issue "The portal in the field", point 6).
FIRST_LOAD_KB, USABLE_S, REPEAT_S = 150, 5.0, 1.0


def collect_static(root: Path, env: dict) -> dict:
    """Collect the static files into `root` as production does; the environment that has
    gunicorn serve them from there."""
    static_env = {**env, "BENCH_STATIC_ROOT": str(root)}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--clear", "-v", "0"],
        cwd=root.parents[1],
        env=static_env,
        check=True,
    )
    return static_env


def measure(base_url: str) -> list[dict]:
    """Each round's figures: the first visit's kilobytes (the page's, then what the service
    worker fetches for its shell once installed) and seconds to usable, the next
    visit's seconds to usable and the kilobytes of static files it took from the network."""
    from playwright.sync_api import sync_playwright

    from django.contrib.auth import get_user_model

    from tests.browser.conftest import ARGS, CHROMIUM, PHONE
    from tests.browser.weak_network import (
        load,
        signed_in,
        throttle,
        throttle_worker,
        worker_downloads,
    )

    volunteer = get_user_model().objects.get(email=VOLUNTEER)
    dashboard = f"{base_url}/portal/"
    rounds = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        for _ in range(ROUNDS):
            context = signed_in(
                browser,
                base_url,
                volunteer,
                viewport=PHONE,
                locale="vi-VN",
                timezone_id="Asia/Ho_Chi_Minh",
                service_workers="allow",
            )
            context.set_default_timeout(60_000)
            worker = worker_downloads(context)
            page = context.new_page()
            cdp = throttle(page)
            first = load(page, cdp, dashboard)
            page.wait_for_function("() => navigator.serviceWorker.controller !== null")
            page.wait_for_load_state("networkidle")
            shell = sum(size for _, size in worker)
            throttle_worker(page)
            again = load(page, cdp, dashboard)
            rounds.append(
                {
                    "first_kb": first.network_bytes / 1024,
                    "shell_kb": shell / 1024,
                    "first_s": first.usable_ms / 1000,
                    "repeat_s": again.usable_ms / 1000,
                    "repeat_static_kb": sum(size for _, size in again.network("/static/")) / 1024,
                }
            )
            context.close()
        browser.close()
    return rounds


def report(rounds: list[dict]) -> None:
    if "skipped" in rounds[0]:
        print(f"   dashboard on Slow 3G: skipped ({rounds[0]['skipped']})")
        return
    print(
        f"   dashboard on Slow 3G (DevTools preset: 2 000 ms per request, 50 kB/s), as a "
        f"volunteer on a 360 px phone, {len(rounds)} fresh profiles; usable = DOMContentLoaded "
        f"fired and the heading and menu button drawn"
    )
    for number, row in enumerate(rounds, start=1):
        print(
            f"   round {number}: first visit {row['first_kb']:.1f} KB (and {row['shell_kb']:.1f} KB "
            f"more for the service worker's shell after it), usable in "
            f"{row['first_s']:.2f} s; next visit usable in {row['repeat_s']:.2f} s, "
            f"{row['repeat_static_kb']:.1f} KB of static files from the network"
        )
    verdicts = (
        ("first visit", "first_kb", FIRST_LOAD_KB, "KB", "≤"),
        ("first visit usable", "first_s", USABLE_S, "s", "≤"),
        ("next visit usable", "repeat_s", REPEAT_S, "s", "<"),
        ("next visit static from the network", "repeat_static_kb", 0, "KB", "≤"),
    )
    for name, key, target, unit, sign in verdicts:
        median = statistics.median(row[key] for row in rounds)
        met = median < target if sign == "<" else median <= target
        print(
            f"   {name:36} median {median:6.2f} {unit:2} (target {sign} {target} {unit}: "
            f"{'ok' if met else 'OVER TARGET'})"
        )
