"""Each portal screen links to the help page of its task (“Hướng dẫn”), in the reader's
language, and shows no link at all when that page is gone."""

import re

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from wagtail.models import Locale

from campaign.models import HelpPage
from portal.models import SupportRequest
from tests.factories.desk import requested
from tests.factories.devices import received
from tests.factories.help import help_pages
from tests.factories.students import approved, proposed
from tests.factories.teams import commune

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _vietnamese():
    """Addresses reversed in Vietnamese: a request under /en/ leaves English active in the
    thread after it, and the next test would reverse /en/ addresses."""
    with translation.override("vi"):
        yield


@pytest.fixture
def screens(volunteer, leader, teacher, school, coordinator):
    """(who, address, the tasks whose help it links) for each screen of a task."""
    device = received(volunteer, volunteer.memberships.get().team)
    waiting = proposed(teacher, school, full_name="Trần Văn Nam")
    ready = approved(teacher, leader, school, full_name="Lê Thị Hoa")
    support = requested(commune("Bát Tràng"))
    assert SupportRequest.objects.filter(pk=support.pk, team__memberships__person=volunteer)
    return [
        (volunteer, "portal:device_intake", [], {"receive"}),
        (volunteer, "portal:device_check", [device.pk], {"check"}),
        (volunteer, "portal:device_repair", [device.pk], {"check"}),
        (teacher, "portal:student_propose", [], {"student"}),
        (teacher, "portal:student_import", [], {"student"}),
        (volunteer, "portal:student_detail", [waiting.pk], {"student", "consent"}),
        (leader, "portal:handover_create", [ready.pk], {"handover"}),
        (volunteer, "portal:support_detail", [support.pk], {"support"}),
        (volunteer, "portal:support_action", [support.pk, "respond"], {"support"}),
        (coordinator, "portal:report_list", [], {"report"}),
    ]


def help_links(response) -> list[str]:
    assert response.status_code == 200
    return re.findall(r'<a href="([^"]+)" data-help-link>', response.content.decode())


def test_every_screen_links_to_its_tasks_help_page(client, screens):
    pages = help_pages()
    for person, name, args, tasks in screens:
        client.force_login(person)

        links = help_links(client.get(reverse(name, args=args)))

        assert sorted(links) == sorted(pages[task].url for task in tasks), name


def test_in_english_the_links_lead_to_the_english_pages(client, screens):
    pages = help_pages()
    english = Locale.objects.get(language_code="en")
    for person, name, args, tasks in screens:
        client.force_login(person)
        with translation.override("en"):
            address = reverse(name, args=args)
        assert address.startswith("/en/portal/")

        links = help_links(client.get(address))

        expected = [pages[task].get_translation(english).url for task in tasks]
        assert sorted(links) == sorted(expected), name
        assert all(link.startswith("/en/") for link in links)


def test_a_page_not_yet_translated_is_linked_in_vietnamese(client, volunteer):
    pages = help_pages(english=False)
    client.force_login(volunteer)
    with translation.override("en"):
        address = reverse("portal:device_intake")

    assert help_links(client.get(address)) == [pages["receive"].url]


def test_without_its_help_page_a_screen_shows_no_link(client, screens):
    pages = help_pages()
    for page in HelpPage.objects.filter(task__in=["receive", "consent"]):
        page.delete()  # the Vietnamese page and its translation
    pages["check"].unpublish()  # and a draft is no help either
    for person, name, args, tasks in screens:
        client.force_login(person)

        links = help_links(client.get(reverse(name, args=args)))

        kept = tasks - {"receive", "consent", "check"}
        assert sorted(links) == sorted(pages[task].url for task in kept), name


def test_with_no_help_pages_at_all_every_screen_still_works(client, screens):
    for person, name, args, _tasks in screens:
        client.force_login(person)

        assert help_links(client.get(reverse(name, args=args))) == [], name


def test_the_help_pages_are_looked_up_once_until_an_editor_changes_one(
    client, volunteer, teacher, school
):
    pages = help_pages()
    student = proposed(teacher, school)
    client.force_login(volunteer)
    address = reverse("portal:student_detail", args=[student.pk])

    with CaptureQueriesContext(connection) as first:
        links = help_links(client.get(address))
    with CaptureQueriesContext(connection) as next_time:
        assert help_links(client.get(address)) == links
    pages["consent"].unpublish()
    with CaptureQueriesContext(connection) as after_the_change:
        changed = help_links(client.get(address))

    assert len(links) == 2  # the student's help and the consent's
    lookups = [
        len([q for q in queries if "campaign_helppage" in q["sql"]])
        for queries in (first, next_time, after_the_change)
    ]
    assert lookups == [1, 0, 1]
    assert changed == [pages["student"].url]
