"""A guardian who withdraws photo consent takes the photo off the site for good: the original,
every rendition (the sharing card too) and the image library's entry are gone, cached pages
are emptied, and the story still reads without it."""

import re

import pytest

from django.test import Client
from django.urls import reverse

from wagtail.images.models import Image
from wagtail.models import ModelLogEntry

from campaign.models import NewsIndexPage, NewsPage, StoryIndexPage, StoryPage
from tests.campaign.conftest import consent, publish

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.campaign.media_urls")]


def media_urls(html: str) -> set[str]:
    """Every address under /media/ a page points to (src, srcset, links, Open Graph)."""
    return {
        re.sub(r"^https?://[^/]+", "", url)
        for url in re.findall(r"(?:https?://[^/\"' ]+)?/media/[^\"' ,]+", html)
    }


def publish_photographed_story(home, handover, picture, *, photo_in_draft=False):
    """A story whose lead photo shows the child, the same photo reused in its body and in a
    news article by an editor; or, with photo_in_draft, a published story without it whose
    latest draft adds the photo (only the article shows it publicly).
    Returns the story and every public page that may show the photo."""
    stories = publish(home, StoryIndexPage(title="Câu chuyện", slug="cau-chuyen"))
    photo = {
        "image": {"image": picture.pk, "alt_text": "Em nhận máy", "decorative": False},
        "caption": "",
    }
    lead = {"image": picture, "image_alt": "Em nhận máy", "image_shows_student": True}
    story = publish(
        stories,
        StoryPage(
            title="Chiếc laptop cũ",
            slug="chiec-laptop-cu",
            intro="Từ nhà hảo tâm đến em.",
            handover=handover,
            body=[
                {"type": "text", "value": "<p>Câu chuyện của em.</p>"},
                *([] if photo_in_draft else [{"type": "image", "value": photo}]),
            ],
            **({} if photo_in_draft else lead),
        ),
    )
    if photo_in_draft:
        for field, value in lead.items():
            setattr(story, field, value)
        story.save_revision()
    news = publish(home, NewsIndexPage(title="Tin tức", slug="tin-tuc", intro="Hoạt động."))
    article = publish(
        news,
        NewsPage(
            title="Trao máy ở Bát Tràng",
            slug="trao-may-o-bat-trang",
            intro="Buổi trao máy.",
            body=[{"type": "image", "value": photo}],
        ),
    )
    return story, [story.url, stories.url, article.url, news.url, home.url]


@pytest.mark.parametrize("photo_in_draft", [False, True], ids=["published", "in-a-draft"])
def test_a_photo_withdrawal_leaves_no_copy_of_the_photo_anywhere(
    client, editor, home, handover, leader, picture, photo_in_draft,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    consent(leader, handover, "photo", True)
    story, pages = publish_photographed_story(
        home, handover, picture, photo_in_draft=photo_in_draft
    )
    staff = Client()
    staff.force_login(editor)
    library = [
        reverse("wagtailimages:edit", args=[picture.pk]),
        reverse("wagtailimages:preview", args=[picture.pk, "width-800"]),
    ]
    # Before: the public sees the pages (and fills the page cache), the photo is served in
    # every size, the editor finds it in the library.
    served = set().union(*(media_urls(client.get(url).content.decode()) for url in pages))
    served |= {picture.file.url, *(rendition.url for rendition in picture.renditions.all())}
    if not photo_in_draft:
        assert any(".fill-1200x630" in url for url in served)  # the sharing card
    assert any(".width-400" in url for url in served)  # the smallest of the responsive sizes
    before = {url: client.get(url).status_code for url in served}
    before |= {url: staff.get(url).status_code for url in library}
    assert set(before.values()) == {200}, before

    with django_capture_on_commit_callbacks(execute=True):
        consent(leader, handover, "photo", False)

    after = {url: client.get(url).status_code for url in served}
    after |= {url: staff.get(url).status_code for url in library}
    assert after == dict.fromkeys(before, 404)
    assert not Image.objects.filter(pk=picture.pk).exists()
    deletion = ModelLogEntry.objects.get(action="wagtail.delete", object_id=str(picture.pk))
    assert deletion.deleted
    assert deletion.label == "Ảnh thử"
    for url in pages:  # anonymous visitors, through the page cache filled above
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200
        assert media_urls(html) & served == set(), url
        assert 'alt="Em nhận máy"' not in html
        assert 'src=""' not in html
    story_html = client.get(story.url).content.decode()
    assert "Câu chuyện của em." in story_html
    assert "Từ nhà hảo tâm đến em." in story_html
    assert "og-default.png" in story_html  # the sharing card falls back to the program's


def test_withdrawing_another_consent_keeps_the_photo(
    client, home, handover, leader, picture, django_capture_on_commit_callbacks
):
    consent(leader, handover, "photo", True)
    consent(leader, handover, "story", True)
    story, _pages = publish_photographed_story(home, handover, picture)

    with django_capture_on_commit_callbacks(execute=True):
        consent(leader, handover, "story", False)

    assert Image.objects.filter(pk=picture.pk).exists()
    assert client.get(picture.file.url).status_code == 200
    assert 'alt="Em nhận máy"' in client.get(story.url).content.decode()
