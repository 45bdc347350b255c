"""The public figures: the endpoint agrees with the records, moves the moment a portal entry
commits, costs one cache hit, and the pages that show figures are cached for anonymous
visitors only, and emptied when something is published."""

import pytest

from django.core.cache import cache
from django.urls import reverse

from wagtail.models import Locale

from campaign.models import ContentPage, ImpactPage
from portal.figures import Shown, figures
from portal.services.recount import counters_recount
from tests.campaign.conftest import publish
from tests.factories.devices import received
from tests.factories.students import approved, handed_over, ready_sim

pytestmark = pytest.mark.django_db

# Besides the public figures of the registry, the endpoint derives these.
DERIVED = {
    "communes_reached",
    "volunteer_hours",
    "teams_active",
    "communes_covered",
    "communes_total",
    "support_answered_within_24h_percent",
    "support_median_first_response_hours",
}
DOCUMENTED = {figure.value for figure in figures(Shown.PUBLIC)} | DERIVED


@pytest.fixture
def handover(teacher, school, leader, team):
    return handed_over(leader, approved(teacher, leader, school), team, sim=ready_sim(leader, team))


def test_the_endpoint_serves_every_documented_figure_as_the_records_say(client, handover, team):
    # By the 2021 communes, the ones the fixtures' records were made under.
    data = client.get(reverse("impact") + "?ban-do=2021").json()

    assert set(data["totals"]) == DOCUMENTED
    totals = data["totals"]
    assert (totals["devices_handed_over"], totals["students_reached"], totals["sims_given"]) == (
        1,
        1,
        1,
    )
    assert totals["devices_received"] == 2
    assert totals["devices_passed"] == 2
    assert (totals["communes_reached"], totals["communes_covered"], totals["communes_total"]) == (
        1,
        1,
        22,
    )
    assert data["devices_handed_over_by_kind"]["laptop"] == 1
    assert data["this_month"]["devices_handed_over"] == 1
    assert data["this_month"]["target"] == 2
    assert len(data["months"]) == 12
    assert data["months"][-1]["devices_handed_over"] == 1
    bat_trang = next(row for row in data["communes"] if row["name"] == "Bát Tràng")
    assert bat_trang == {
        "name": "Bát Tràng",
        "label": "Xã Bát Tràng",
        "kind": "commune",
        "covered": True,
        "devices_received": 2,
        "devices_handed_over": 1,
        "students_reached": 1,
    }
    assert {"name": team.name, "devices_handed_over_this_month": 1, "target": 2} in data["teams"]
    assert totals["support_requests"] == 0
    assert totals["support_answered_within_24h_percent"] is None  # no request judged yet
    assert totals["support_median_first_response_hours"] is None
    assert counters_recount() == []


def test_a_warm_endpoint_costs_one_cache_hit_and_revalidates_with_its_etag(
    client, handover, django_assert_num_queries
):
    first = client.get(reverse("impact"))

    with django_assert_num_queries(0):
        again = client.get(reverse("impact"))
        unchanged = client.get(reverse("impact"), HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.content == first.content
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert first["Cache-Control"] == "public, max-age=5"


def test_the_cold_endpoint_costs_the_same_queries_for_1_or_40_devices(
    client, leader, team, django_assert_max_num_queries
):
    received(leader, team)
    cache.clear()
    with django_assert_max_num_queries(11) as few:
        client.get(reverse("impact"))
    for _ in range(39):
        received(leader, team, kind="phone")
    cache.clear()

    with django_assert_max_num_queries(len(few.captured_queries)):
        data = client.get(reverse("impact")).json()
    assert data["totals"]["devices_received"] == 40


def test_a_new_handover_shows_as_soon_as_it_commits(
    client, teacher, school, leader, team, django_capture_on_commit_callbacks
):
    assert client.get(reverse("impact")).json()["totals"]["devices_handed_over"] == 0  # cached

    with django_capture_on_commit_callbacks(execute=True):
        handed_over(leader, approved(teacher, leader, school), team)

    assert client.get(reverse("impact")).json()["totals"]["devices_handed_over"] == 1


def test_figures_are_on_the_page_without_javascript_and_marked_for_live_updates(
    client, home, handover
):
    page = publish(
        home,
        ContentPage(
            title="Kết quả nhanh",
            slug="ket-qua-nhanh",
            body=[{"type": "figure", "value": {"figure": "students_reached", "label": ""}}],
        ),
    )

    html = client.get(page.url).content.decode()

    assert 'data-figure="students_reached" data-value="1"' in html
    assert 'aria-live="polite"' in html
    assert 'data-live-source="/api/impact.json"' in html
    assert "js/live-figures.js" in html


def test_the_impact_page_draws_each_chart_with_its_table(client, home, handover):
    page = publish(home, ImpactPage(title="Kết quả", slug="ket-qua"))

    html = client.get(page.url + "?ban-do=2021").content.decode()

    assert html.count('class="chart__plot') == 3
    assert html.count("<table") == 3
    assert "chỉ tiêu 2" in html  # the target line on the monthly chart
    assert "Tháng này: <strong>1</strong> thiết bị" in html
    assert 'class="tile tile--covered"' in html
    assert "Bát Tràng" in html
    assert "1/2" in html  # the team's month against its target


def handed_over_shown(number: int) -> str:
    """How the home page's figure block and the results page both show the figure."""
    return f'data-figure="devices_handed_over" data-value="{number}"'


def figure_pages(home) -> list[str]:
    """The home page with a figure block, in Vietnamese and English, and the results page."""
    home.sections = [{"type": "figure", "value": {"figure": "devices_handed_over", "label": ""}}]
    home.save_revision().publish()
    results = publish(home, ImpactPage(title="Kết quả", slug="ket-qua"))
    english = home.copy_for_translation(Locale.objects.get_or_create(language_code="en")[0])
    english.save_revision().publish()
    assert english.url == "/en/"
    return [home.url, english.url, results.url]


class TestPageCache:
    def test_an_anonymous_visitor_gets_the_cached_page_without_queries(
        self, client, home, django_assert_num_queries
    ):
        assert client.get(home.url)["X-Page-Cache"] == "miss"

        with django_assert_num_queries(0):
            again = client.get(home.url)

        assert again["X-Page-Cache"] == "hit"
        assert b"Tri th" in again.content

    def test_a_head_request_does_not_leave_an_empty_page_behind(self, client, home):
        client.head(home.url)

        page = client.get(home.url)

        assert b"Tri th" in page.content
        assert page["X-Page-Cache"] == "miss"

    def test_signed_in_people_neither_read_nor_fill_it(self, client, home, volunteer):
        client.force_login(volunteer)
        mine = client.get(home.url)
        client.logout()
        public = client.get(home.url)

        assert "X-Page-Cache" not in mine
        assert "Cổng tình nguyện viên" in mine.content.decode()
        assert public["X-Page-Cache"] == "miss"
        assert "Cổng tình nguyện viên" not in public.content.decode()

    def test_publishing_empties_it(self, client, home):
        client.get(home.url)
        home.title = "Máy tính cũ – Tri thức mới 2026"
        home.save_revision().publish()

        fresh = client.get(home.url)

        assert fresh["X-Page-Cache"] == "miss"
        assert "Tri thức mới 2026" in fresh.content.decode()

    def test_a_handover_replaces_the_cached_pages_that_show_figures_in_both_languages(
        self, client, home, teacher, school, leader, team, django_capture_on_commit_callbacks
    ):
        """Issue 17: the results page said 6 while the endpoint said 8, because a handover
        did not empty the page cache. The pages that show figures are replaced once the
        handover commits; a page without figures stays cached."""
        pages = figure_pages(home)
        quiet = publish(home, ContentPage(title="Giới thiệu", slug="gioi-thieu"))
        for url in [*pages, quiet.url]:
            client.get(url)
        cached = {url: client.get(url) for url in pages}
        assert {answer["X-Page-Cache"] for answer in cached.values()} == {"hit"}
        assert all(handed_over_shown(0) in answer.content.decode() for answer in cached.values())

        with django_capture_on_commit_callbacks(execute=True):
            handed_over(leader, approved(teacher, leader, school), team)

        fresh = {url: client.get(url) for url in pages}
        assert {url: answer["X-Page-Cache"] for url, answer in fresh.items()} == dict.fromkeys(
            pages, "miss"
        )
        for url, answer in fresh.items():
            assert handed_over_shown(1) in answer.content.decode(), url
        assert client.get(quiet.url)["X-Page-Cache"] == "hit"

    def test_a_handover_is_recorded_while_the_cache_is_unreachable(
        self,
        client,
        home,
        teacher,
        school,
        leader,
        team,
        django_capture_on_commit_callbacks,
        unreachable_cache,
    ):
        results = publish(home, ImpactPage(title="Kết quả", slug="ket-qua"))
        client.get(results.url)

        with django_capture_on_commit_callbacks(execute=True):
            handover = handed_over(leader, approved(teacher, leader, school), team)

        assert handover.pk is not None
        assert handed_over_shown(1) in client.get(results.url).content.decode()

    def test_the_portal_and_the_api_are_never_page_cached(self, client, volunteer):
        client.get(reverse("impact"))
        assert "X-Page-Cache" not in client.get(reverse("impact"))
        client.force_login(volunteer)
        assert "X-Page-Cache" not in client.get(reverse("portal:dashboard"))


def test_the_tiles_tell_the_town_of_yen_vien_from_the_commune(client, home):
    page = publish(home, ImpactPage(title="Kết quả", slug="ket-qua"))

    html = client.get(page.url + "?ban-do=2021").content.decode()

    assert "Thị trấn Yên Viên" in html
    assert "Xã Yên Viên" in html
