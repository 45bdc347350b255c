"""The phone's bottom bar: the four things a volunteer does most (receive, scan, check, hand
over), each shown only to whom the access policy lets do it, and the one in use marked."""

from html.parser import HTMLParser

import pytest

from django.urls import reverse
from django.utils import translation

from tests.factories.signing_in import with_second_factor
from tests.factories.students import approved

pytestmark = pytest.mark.django_db

RECEIVE = reverse("portal:device_intake")
SCAN = reverse("portal:device_find")
CHECK = reverse("portal:device_list") + "?queue=to_check"
HAND_OVER = reverse("portal:student_list") + "?tab=approved"


class _ActionBar(HTMLParser):
    """The links of `<nav class="action-bar">`: their address, words and aria-current."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.bars = 0
        self.links: list[dict] = []
        self._depth = 0  # how deep inside the bar's <nav> we are (0: outside)
        self._link: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and "action-bar" in (attrs.get("class") or "").split():
            self.bars += 1
            self._depth = 1
            self.label = attrs.get("aria-label")
        elif self._depth and tag == "nav":
            self._depth += 1
        elif self._depth and tag == "a":
            self._link = {"href": attrs["href"], "current": attrs.get("aria-current"), "text": ""}
            self.links.append(self._link)

    def handle_endtag(self, tag):
        if self._depth and tag == "nav":
            self._depth -= 1
        elif tag == "a":
            self._link = None

    def handle_data(self, data):
        if self._link is not None:
            self._link["text"] += data


def action_bar(response) -> _ActionBar:
    assert response.status_code == 200, response.status_code
    reader = _ActionBar()
    reader.feed(response.content.decode())
    return reader


def shown(client) -> list[str]:
    return [link["href"] for link in action_bar(client.get(reverse("portal:dashboard"))).links]


def test_a_volunteer_gets_all_four_actions_labelled_in_words(client, volunteer):
    client.force_login(volunteer)
    bar = action_bar(client.get(reverse("portal:dashboard")))
    assert bar.bars == 1
    assert bar.label == "Việc hay làm"
    assert [link["href"] for link in bar.links] == [RECEIVE, SCAN, CHECK, HAND_OVER]
    assert [" ".join(link["text"].split()) for link in bar.links] == [
        "Nhận máy",
        "Quét mã",
        "Kiểm tra",
        "Trao máy",
    ]


def test_the_action_bar_speaks_english_under_en(client, volunteer):
    client.force_login(volunteer)
    # The middleware leaves English on in this thread; `override` puts back what was on.
    with translation.override(None):
        bar = action_bar(client.get("/en" + reverse("portal:dashboard")))
    assert bar.label == "Frequent tasks"
    assert [" ".join(link["text"].split()) for link in bar.links] == [
        "Receive",
        "Scan",
        "Check",
        "Hand over",
    ]


def test_a_teacher_is_not_offered_the_handover_they_may_not_make(
    client, teacher, school, leader, team
):
    """A school's teacher receives devices for their team (the policy lets them) but never
    hands one over: that is the commune's youth team's job."""
    student = approved(teacher, leader, school)
    client.force_login(teacher)
    assert shown(client) == [RECEIVE, SCAN, CHECK]
    # What the bar leaves out is really refused, and what it shows really opens.
    refused = client.get(reverse("portal:handover_create", args=[student.pk]))
    assert refused.status_code in (403, 404)
    for href in shown(client):
        assert client.get(href).status_code in (200, 302), href


def test_a_volunteer_may_do_all_that_the_bar_shows(client, volunteer, teacher, school, leader):
    student = approved(teacher, leader, school)
    client.force_login(volunteer)
    assert HAND_OVER in shown(client)
    assert client.get(reverse("portal:handover_create", args=[student.pk])).status_code == 200
    for href in shown(client):
        assert client.get(href).status_code == 200, href


def test_a_coordinator_hands_over_only_in_a_session_with_a_second_factor(client, coordinator, team):
    """Devices of the area's teams, yes; children's records (and so a handover) only after
    the session's second factor."""
    client.force_login(coordinator)
    assert shown(client) == [RECEIVE, SCAN, CHECK]
    with_second_factor(coordinator, client)
    assert shown(client) == [RECEIVE, SCAN, CHECK, HAND_OVER]


@pytest.mark.parametrize("role", ["editor", "outsider"])
def test_who_works_on_no_device_gets_no_bar(client, role, request):
    client.force_login(request.getfixturevalue(role))
    assert action_bar(client.get(reverse("portal:dashboard"))).bars == 0


@pytest.mark.parametrize(
    ("url", "current"),
    [
        (RECEIVE, RECEIVE),
        (SCAN, SCAN),
        (CHECK, CHECK),
        (reverse("portal:device_list"), CHECK),  # the list opens on the queue to check
        (HAND_OVER, HAND_OVER),
        (reverse("portal:dashboard"), None),
        (reverse("portal:device_list") + "?queue=ready", None),
    ],
)
def test_the_action_in_use_is_marked_current(client, volunteer, url, current):
    client.force_login(volunteer)
    links = action_bar(client.get(url)).links
    assert [link["href"] for link in links if link["current"] == "page"] == (
        [current] if current else []
    )


def test_scan_opens_a_page_to_scan_or_type_a_label(client, volunteer, team):
    """Without a code the lookup is the scanning page, not an error about an empty code."""
    client.force_login(volunteer)
    response = client.get(SCAN)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Quét mã trên nhãn</h1>" in page
    assert 'name="code"' in page
    assert "data-scan-button" in page
    assert "Không tìm thấy thiết bị" not in page
