"""Success stories show a child only with the guardian's consent, never by full name, and
stop at once when the consent is withdrawn."""

from datetime import date

import pytest

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from campaign.models import StoryIndexPage, StoryPage
from tests.campaign.conftest import consent, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories(home):
    return publish(home, StoryIndexPage(title="Câu chuyện", slug="cau-chuyen"))


def story(stories, handover, **fields):
    page = StoryPage(
        title="Chiếc laptop cũ",
        slug="chiec-laptop-cu",
        intro="Từ nhà hảo tâm đến em.",
        handover=handover,
        body=[{"type": "text", "value": "<p>Câu chuyện.</p>"}],
        **fields,
    )
    return publish(stories, page)  # saving a page runs its clean(): the consent check


def test_with_consent_the_story_names_the_child_by_given_name_only(
    client, stories, handover, leader
):
    consent(leader, handover, "story", True)

    page = client.get(story(stories, handover, show_student=True).url).content.decode()

    assert "Em Lan, học sinh lớp 6 ở Xã Bát Tràng." in page
    assert "Nguyễn Thị Lan" not in page
    assert "Nguyễn Văn Hùng" not in page
    assert "0912345678" not in page
    assert "THCS Bát Tràng" not in page


def test_an_alias_replaces_the_given_name(client, stories, handover, leader):
    consent(leader, handover, "story", True)

    page = client.get(
        story(stories, handover, show_student=True, student_alias="Bông").url
    ).content.decode()

    assert "Em Bông, học sinh lớp 6" in page
    assert "Lan" not in page


def test_without_consent_the_child_cannot_be_shown(stories, handover, picture):
    with pytest.raises(ValidationError) as refused:
        story(stories, handover, show_student=True)
    assert "Phụ huynh chưa đồng ý" in str(refused.value)
    with pytest.raises(ValidationError, match="chưa đồng ý cho chụp ảnh"):
        story(stories, handover, image=picture, image_shows_student=True)


def test_an_editor_cannot_show_a_child_without_consent_in_the_admin(
    client, editor, stories, handover
):
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:add", args=["campaign", "storypage", stories.pk])
    form = {
        "title": "Chiếc laptop cũ",
        "slug": "chiec-laptop-cu",
        "date": timezone.localdate().isoformat(),
        "intro": "Từ nhà hảo tâm đến em.",
        "handover": handover.pk,
        "show_student": "on",
        "student_alias": "",
        "image_alt": "",
        "body": streamfield([("text", rich_text("<p>Câu chuyện.</p>"))]),
    }

    refused = client.post(url, nested_form_data(form))
    form["show_student"] = ""
    accepted = client.post(url, nested_form_data(form))

    assert refused.status_code == 200
    assert "Phụ huynh chưa đồng ý cho em xuất hiện" in refused.content.decode()
    assert accepted.status_code == 302
    created = StoryPage.objects.get(slug="chiec-laptop-cu")  # a draft: moderators publish
    assert created.handover == handover
    assert not created.show_student


def test_a_withdrawal_redacts_the_story_at_once(
    client, stories, handover, leader, picture, django_capture_on_commit_callbacks
):
    consent(leader, handover, "story", True)
    consent(leader, handover, "photo", True)
    page = story(
        stories, handover, show_student=True, image=picture, image_alt="Em nhận máy",
        image_shows_student=True,
    )  # fmt: skip
    assert "Em Lan" in client.get(page.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        consent(leader, handover, "story", False)
        consent(leader, handover, "photo", False)

    html = client.get(page.url).content.decode()
    page.refresh_from_db()
    assert "Em Lan" not in html
    assert 'alt="Em nhận máy"' not in html
    assert "og-default.png" in html  # the shared card no longer carries the photo
    assert not page.show_student
    assert page.image is None
    assert page.live
    assert page.revisions.count() == 2


def test_the_story_list_shows_no_photo_of_a_child_without_consent(
    client, stories, handover, leader, picture
):
    consent(leader, handover, "photo", True)
    story(stories, handover, image=picture, image_alt="Em nhận máy", image_shows_student=True)
    consent(leader, handover, "photo", False)  # a withdrawal the listener has not seen yet

    listing = client.get(stories.url).content.decode()

    assert "Chiếc laptop cũ" in listing
    assert "<img" not in listing.split("<main")[1]


def test_the_story_list_costs_the_same_queries_for_1_or_6_stories(
    client, stories, handover, leader, picture, django_assert_max_num_queries
):
    consent(leader, handover, "photo", True)
    story(stories, handover, image=picture, image_alt="Em nhận máy", image_shows_student=True)
    with django_assert_max_num_queries(60) as few:
        client.get(stories.url, HTTP_COOKIE="sessionid=x")  # past the anonymous page cache
    for number in range(5):
        page = StoryPage(
            title=f"Câu chuyện {number}",
            slug=f"cau-chuyen-{number}",
            intro="Tóm tắt.",
            handover=handover,
            image=picture,
            image_alt="Em nhận máy",
            image_shows_student=True,
            body=[{"type": "text", "value": "<p>Câu chuyện.</p>"}],
        )
        publish(stories, page)

    with django_assert_max_num_queries(len(few.captured_queries)):
        listing = client.get(stories.url, HTTP_COOKIE="sessionid=x").content.decode()
    assert listing.count('class="card page-card"') == 6


def test_a_story_date_has_two_digit_day_and_month_like_the_rest_of_the_site(
    client, stories, handover
):
    page = story(stories, handover, date=date(2026, 8, 27))

    assert "27/08/2026" in client.get(page.url).content.decode()
