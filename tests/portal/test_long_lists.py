"""Lists that stay fast however long they grow (issue 19, "fast at the national scale"): the
device queues page by where the last page ended, counts stop at 10.000 and say "hơn", and
a page costs the same number of queries at any depth. How fast, at a million devices, is
`make bench`'s to measure (tests/perf/portal_pages.py)."""

import uuid
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup

from django.urls import reverse
from django.utils import timezone

from portal.models import Device, DeviceStatus, Handover, Student
from portal.views.listing import BADGE_CAP, COUNT_CAP, PAGE_SIZE, CappedPaginator
from tests.factories.students import proposed

pytestmark = pytest.mark.django_db

S = DeviceStatus


def _many(team, person, statuses, *, start=0, brand="Dell"):
    """Devices in bulk (as an import would leave them), each a minute after the last."""
    moment = timezone.now() - timedelta(days=30)
    rows = [
        Device(
            asset_code=f"LT{start + number:06d}",
            kind="laptop",
            status=status,
            team=team,
            commune=team.commune,
            received_by=person,
            brand=brand,
        )
        for number, status in enumerate(statuses)
    ]
    made = Device.objects.bulk_create(rows)
    for number, device in enumerate(made):  # auto_now_add set "now" on each: spread them
        device.status_changed_at = moment + timedelta(minutes=start + number)
    Device.objects.bulk_update(made, ["status_changed_at"])
    return made


def _codes(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    return [a.get_text().split()[0] for a in soup.select(".card__title a")]


def _link(html: str, rel: str) -> str | None:
    found = BeautifulSoup(html, "html.parser").select_one(f'.pagination a[rel="{rel}"]')
    return found["href"] if found else None


def test_a_long_queue_is_walked_page_after_page_and_back(client, volunteer, team):
    # The "to check" queue holds three statuses: one list, in the order devices came in.
    statuses = [S.RECEIVED, S.CHECKING, S.RETURNED] * 25  # 75 devices: three pages
    made = _many(team, volunteer, statuses)
    _many(team, volunteer, [S.READY] * 5, start=100)  # another queue's: never listed here
    client.force_login(volunteer)
    url = reverse("portal:device_list")
    seen, pages, html = [], [], client.get(url).content.decode()
    while True:
        pages.append(_codes(html))
        seen += pages[-1]
        after = _link(html, "next")
        if after is None:
            break
        html = client.get(url + after).content.decode()
    assert seen == [device.asset_code for device in made]
    assert [len(page) for page in pages] == [PAGE_SIZE, PAGE_SIZE, 15]
    # Back from the last page: the second, then the first (which has no "previous").
    back = client.get(url + _link(html, "prev")).content.decode()
    assert _codes(back) == pages[1]
    first = client.get(url + _link(back, "prev")).content.decode()
    assert _codes(first) == pages[0]
    assert _link(first, "prev") is None


def test_a_deep_page_costs_the_queries_of_the_first(
    client, volunteer, team, django_assert_max_num_queries
):
    _many(team, volunteer, [S.NEEDS_REPAIR] * 95)
    client.force_login(volunteer)
    url = reverse("portal:device_list")
    with django_assert_max_num_queries(40) as first:
        html = client.get(url, {"queue": "to_repair"}).content.decode()
    budget = len(first.captured_queries)  # before the next request resets the log
    for _ in range(3):
        html = client.get(url + _link(html, "next")).content.decode()
    with django_assert_max_num_queries(budget):
        last = client.get(url + _link(html, "prev")).content.decode()
    assert len(_codes(last)) == PAGE_SIZE


def test_a_mangled_cursor_shows_the_first_page(client, volunteer, team):
    made = _many(team, volunteer, [S.RECEIVED] * 3)
    client.force_login(volunteer)
    for cursor in ("abc", "99999999999999999999-1", "1-" + "9" * 30, "-5-x"):
        response = client.get(reverse("portal:device_list"), {"after": cursor})
        assert response.status_code == 200
        assert _codes(response.content.decode()) == [d.asset_code for d in made]


def test_a_queue_past_a_thousand_says_more_than_a_thousand(client, volunteer, team):
    _many(team, volunteer, [S.READY] * (BADGE_CAP + 1))
    _many(team, volunteer, [S.NEEDS_REPAIR] * BADGE_CAP, start=BADGE_CAP + 1)
    client.force_login(volunteer)
    soup = BeautifulSoup(client.get(reverse("portal:device_list")).content.decode(), "html.parser")
    badges = {
        a["href"]: a.select_one(".badge").get_text()
        for a in soup.select(".tabs a")
        if a.select_one(".badge")
    }
    assert badges["?queue=ready"] == "hơn 1.000"
    assert badges["?queue=to_repair"] == "1.000"
    assert badges["?queue=to_check"] == "0"


def test_a_search_past_ten_thousand_numbers_its_pages_as_more_than(client, volunteer, team):
    _many(team, volunteer, [S.READY] * (COUNT_CAP + 1), brand="Lenovo")
    client.force_login(volunteer)
    html = client.get(reverse("portal:device_list"), {"q": "lenovo", "queue": "ready"})
    nav = BeautifulSoup(html.content.decode(), "html.parser").select_one(".pagination")
    assert "Trang 1/hơn 333" in nav.get_text(" ", strip=True)


def test_searching_a_queue_still_folds_accents(client, volunteer, team):
    _many(team, volunteer, [S.RECEIVED] * 2, brand="Bàn phím Đức")
    _many(team, volunteer, [S.RECEIVED], start=10, brand="Khác")
    client.force_login(volunteer)
    html = client.get(reverse("portal:device_list"), {"q": "ban phim duc"}).content.decode()
    assert _codes(html) == ["LT000000", "LT000001"]


def test_a_volunteer_pages_only_through_their_teams_devices(
    client, volunteer, team, other_team, other_volunteer
):
    ours = _many(team, volunteer, [S.RECEIVED] * 40)
    _many(other_team, other_volunteer, [S.RECEIVED] * 40, start=1000)
    client.force_login(volunteer)
    url = reverse("portal:device_list")
    html = client.get(url).content.decode()
    seen = _codes(html) + _codes(client.get(url + _link(html, "next")).content.decode())
    assert seen == [device.asset_code for device in ours]


def test_the_student_list_counts_at_most_ten_thousand_and_pages_the_rest(
    client, coordinator_2fa, school, teacher
):
    Student.objects.bulk_create(
        Student(
            full_name=f"Nguyễn Văn {number}",
            school=school,
            grade=6,
            commune=school.commune,
            guardian_name="Phụ huynh",
            guardian_phone="0912345678",
            circumstance="poor",
            proposed_by=teacher,
            identity_key=f"k{number}",
        )
        for number in range(COUNT_CAP + 1)
    )
    response = client.get(reverse("portal:student_list"), {"page": "400"})
    nav = BeautifulSoup(response.content.decode(), "html.parser").select_one(".pagination")
    # Page 400 is past the numbered ones: the last numbered page is shown instead.
    assert "Trang 334/hơn 333" in nav.get_text(" ", strip=True)


def test_the_handover_list_is_walked_latest_day_first_and_back(
    client, volunteer, teacher, school, team, django_assert_max_num_queries
):
    # Handovers as an import would leave them (bulk), three a day, so days tie: the list
    # runs by day, latest first, then by the latest recorded.
    pupils = [proposed(teacher, school, full_name=f"Hà Văn {n:02d}") for n in range(70)]
    devices = _many(team, volunteer, [S.HANDED_OVER] * 70, start=500)
    today = timezone.localdate()
    made = Handover.objects.bulk_create(
        Handover(
            form_key=uuid.uuid4(),
            student=pupil,
            device=device,
            team=team,
            handed_on=today - timedelta(days=number // 3),
            place="Nhà văn hoá",
            follow_up_on=today + timedelta(days=30),
            recorded_by=volunteer,
        )
        for number, (pupil, device) in enumerate(zip(pupils, devices, strict=True))
    )
    expected = [
        h.student.full_name for h in sorted(made, key=lambda h: (h.handed_on, h.pk), reverse=True)
    ]
    client.force_login(volunteer)
    url = reverse("portal:handover_list")

    def names(html: str) -> list[str]:
        soup = BeautifulSoup(html, "html.parser")
        return [a.get_text().split("·")[1].strip() for a in soup.select(".card__title a")]

    with django_assert_max_num_queries(40) as first:
        html = client.get(url).content.decode()
    budget = len(first.captured_queries)
    pages = [names(html)]
    while (after := _link(html, "next")) is not None:
        with django_assert_max_num_queries(budget):
            html = client.get(url + after).content.decode()
        pages.append(names(html))
    assert [name for page in pages for name in page] == expected
    assert [len(page) for page in pages] == [PAGE_SIZE, PAGE_SIZE, 10]
    back = client.get(url + _link(html, "prev")).content.decode()
    assert names(back) == pages[1]


@pytest.mark.parametrize(("found", "queries"), [(3, 1), (PAGE_SIZE, 1), (PAGE_SIZE + 1, 2)])
def test_a_first_page_that_holds_the_whole_list_counts_nothing(
    volunteer, team, found, queries, django_assert_num_queries
):
    """A search that finds a few devices reads them once: its first page, one row longer
    than it shows, says there is nothing more to count."""
    _many(team, volunteer, [S.READY] * found)
    paginator = CappedPaginator(Device.objects.order_by("pk"), PAGE_SIZE)

    with django_assert_num_queries(queries):
        page = paginator.get_page(None)
        assert len(page.object_list) == min(found, PAGE_SIZE)
        assert page.has_next() is (found > PAGE_SIZE)
        assert paginator.count == found


def _badges(client) -> dict[str, str]:
    html = client.get(reverse("portal:device_list")).content.decode()
    return {
        a["href"].removeprefix("?queue="): a.select_one(".badge").get_text()
        for a in BeautifulSoup(html, "html.parser").select(".tabs a")
        if a.select_one(".badge")
    }


def test_each_queues_badge_counts_its_own_statuses_for_a_coordinator_and_a_member(
    client, coordinator_2fa, volunteer, team
):
    _many(team, volunteer, [S.RECEIVED, S.CHECKING, S.RETURNED, S.READY, S.RESERVED])
    _many(team, volunteer, [S.HANDED_OVER] * 3 + [S.LIQUIDATED], start=10)
    expected = {"to_check": "3", "to_repair": "0", "ready": "2", "to_liquidate": "0", "done": "4"}
    assert _badges(client) == expected  # the coordinator: by the area's communes
    client.force_login(volunteer)
    assert _badges(client) == expected  # the member: by their team
