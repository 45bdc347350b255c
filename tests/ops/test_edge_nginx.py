"""The page cache as shipped (deploy/nginx/) in Debian's nginx, on loopback in front of the
test's own live server: visitors get pages from nginx, and what they see stays right. A
handover recorded through the portal's services shows through nginx at once when the web
processes purge (DJANGO_EDGE_PURGE_URL), and within the pages' `s-maxage` when nothing
purges; a publication shows at once. (The crowd: `make bench`.)"""

import re
import time
from urllib.parse import urlsplit

import pytest

from wagtail.models import Site

from campaign.models import StoryIndexPage, StoryPage
from tests.campaign.conftest import publish
from tests.conftest import require_or_skip
from tests.edge_proxy import EdgeProxy, available
from tests.factories.students import approved, handed_over

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _live_database(live_database):
    """Committed data: the live server's thread and the services' commits see it."""


@pytest.fixture
def edge(live_server, tmp_path):
    if missing := available():
        require_or_skip("REQUIRE_BROWSER", missing)
    port = urlsplit(live_server.url).port
    with EdgeProxy(tmp_path / "nginx", f"127.0.0.1:{port}", connections=64) as proxy:
        yield proxy


@pytest.fixture
def purging(settings, edge):
    settings.WAGTAILFRONTENDCACHE = {
        "nginx": {"BACKEND": "campaign.purge_backend.NginxPurgeBackend", "LOCATION": edge.purge_url}
    }


@pytest.fixture
def home(db):
    """The home page, with the figure of devices handed over in its sections."""
    page = Site.objects.get(is_default_site=True).root_page.specific
    page.sections = [{"type": "figure", "value": {"figure": "devices_handed_over", "label": ""}}]
    page.save_revision().publish()
    return page


def handed_over_shown(html: str) -> int:
    return int(re.search(r'data-figure="devices_handed_over" data-value="(\d+)"', html)[1])


def visit(edge, path: str) -> tuple[str, str]:
    """What nginx answered from (HIT, MISS, EXPIRED…) and the page."""
    status, headers, html = edge.get(path)
    assert status == 200
    return headers["X-Cache-Status"], html


def handover(teacher, school, leader, team, name: str):
    """Recorded through the portal's services, each step committed (the counters move)."""
    return handed_over(leader, approved(teacher, leader, school, full_name=name), team)


def test_visitors_get_the_page_from_nginx_and_a_signed_in_volunteer_never(
    edge, settings, client, home, volunteer
):
    assert visit(edge, "/")[0] == "MISS"
    assert visit(edge, "/?utm_source=zalo")[0] == "MISS"  # another copy, not another render
    assert [visit(edge, "/")[0] for _ in range(3)] == ["HIT", "HIT", "HIT"]

    client.force_login(volunteer)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    statuses, pages = [], []
    for _ in range(2):
        status, headers, html = edge.get("/", Cookie=f"{settings.SESSION_COOKIE_NAME}={session}")
        statuses.append(headers["X-Cache-Status"])
        pages.append(html)
    assert statuses == ["BYPASS", "BYPASS"]
    assert all("Cổng tình nguyện viên" in html for html in pages)
    assert "Cổng tình nguyện viên" not in visit(edge, "/")[1]


def test_a_handover_shows_through_nginx_at_once_when_purged(
    edge, purging, settings, home, teacher, school, leader, team
):
    settings.EDGE_CACHE_FIGURES_SECONDS = settings.EDGE_CACHE_SECONDS = 600
    stories = publish(home, StoryIndexPage(title="Câu chuyện", slug="cau-chuyen"))
    visit(edge, "/"), visit(edge, stories.url)
    assert visit(edge, "/")[0] == "HIT"
    before = handed_over_shown(visit(edge, "/")[1])

    handover(teacher, school, leader, team, "Lò Văn Sáng")

    status, html = visit(edge, "/")
    assert (status, handed_over_shown(html)) == ("MISS", before + 1)
    assert visit(edge, "/")[0] == "HIT"
    # A page without figures keeps its copy.
    assert visit(edge, stories.url)[0] == "HIT"


def test_without_a_purge_a_handover_shows_within_the_figures_s_maxage(
    edge, settings, home, teacher, school, leader, team
):
    settings.EDGE_CACHE_FIGURES_SECONDS = 2
    started = time.monotonic()
    assert visit(edge, "/")[0] == "MISS"
    stored = time.monotonic()
    render = stored - started
    before = handed_over_shown(visit(edge, "/")[1])

    handover(teacher, school, leader, team, "Lò Văn Sáng")

    # Kept until its s-maxage runs out, then replaced.
    seen = [handed_over_shown(visit(edge, "/")[1])]
    while (
        seen[-1] == before and time.monotonic() - stored < settings.EDGE_CACHE_FIGURES_SECONDS + 5
    ):
        time.sleep(0.2)
        seen.append(handed_over_shown(visit(edge, "/")[1]))
    waited = time.monotonic() - stored
    print(f"the new figure showed through nginx {waited:.1f} s after the copy was kept")
    assert seen[0] == before
    assert seen[-1] == before + 1
    # nginx's clock counts whole seconds (up to 1 s more), and the visitor who finds the copy
    # expired still gets it while nginx fetches the new one in the background (one render of
    # the page, its figures changed: twice the one timed above, and up to a second while the
    # rest of the suite shares the machine; it took 1.2 s once), then the next visit (0.2 s).
    assert waited <= settings.EDGE_CACHE_FIGURES_SECONDS + 1 + max(2 * render, 1.0) + 0.2


def test_a_publication_shows_through_nginx_at_once(edge, purging, settings, home, handover_done):
    settings.EDGE_CACHE_SECONDS = 600
    stories = publish(home, StoryIndexPage(title="Câu chuyện", slug="cau-chuyen"))
    story = publish(
        stories,
        StoryPage(
            title="Chiếc laptop cũ",
            slug="chiec-laptop-cu",
            intro="Từ nhà hảo tâm đến em.",
            handover=handover_done,
            body=[{"type": "text", "value": "<p>Câu chuyện.</p>"}],
        ),
    )
    visit(edge, story.url), visit(edge, stories.url)
    assert visit(edge, story.url)[0] == visit(edge, stories.url)[0] == "HIT"

    story.title = "Chiếc laptop cũ đã đến trường"
    story.save_revision().publish()

    status, html = visit(edge, story.url)
    assert status == "MISS"
    assert "Chiếc laptop cũ đã đến trường" in html
    # The list shows the title too: it is purged with every address nginx may hold.
    status, html = visit(edge, stories.url)
    assert status == "MISS"
    assert "Chiếc laptop cũ đã đến trường" in html


@pytest.fixture
def handover_done(teacher, school, leader, team):
    return handover(teacher, school, leader, team, "Nguyễn Thị Lan")
