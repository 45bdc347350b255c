"""The help pages (“Hướng dẫn”): where they live, one per task and language, and the demo's
seven in Vietnamese and English, public, found by the search, each with a described
screenshot."""

import re
from html import unescape

import pytest

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils.html import escape

from wagtail.models import Locale
from wagtail.test.utils import WagtailPageTestCase

from campaign.models import HelpIndexPage, HelpPage
from home.demo.guides import GUIDES, SCREENSHOTS
from home.models import HomePage
from portal.help import HelpTask
from tests.factories.help import help_pages

pytestmark = pytest.mark.django_db


class TestPageTree(WagtailPageTestCase):
    def test_help_pages_live_in_the_help_index_below_the_home_page(self):
        self.assertAllowedParentPageTypes(HelpIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(HelpPage, {HelpIndexPage})
        self.assertAllowedSubpageTypes(HelpIndexPage, {HelpPage})
        self.assertCanNotCreateAt(HomePage, HelpPage)


def test_a_second_page_for_the_same_task_and_language_is_refused():
    pages = help_pages(english=False)
    index = pages["receive"].get_parent()
    twin = HelpPage(title="Nhận máy", slug="nhan-may", task=HelpTask.RECEIVE)

    with pytest.raises(ValidationError) as refused:
        index.add_child(instance=twin)

    assert "task" in refused.value.message_dict
    assert HelpPage.objects.filter(task="receive").count() == 1


def test_every_screenshot_is_small():
    for guide in GUIDES:
        assert (SCREENSHOTS / f"{guide.task}.png").stat().st_size < 80 * 1024, guide.task


def test_the_demo_has_a_public_described_and_searchable_help_page_per_task_in_both_languages(
    client,
):
    call_command("load_initial_data", verbosity=0)
    english = Locale.objects.get(language_code="en")
    assert {guide.task for guide in GUIDES} == set(HelpTask.values)

    for guide in GUIDES:
        page = HelpPage.objects.get(task=guide.task, locale__language_code="vi")
        translation = page.get_translation(english)
        for shown, title, alt, search in [
            (page, guide.title, guide.alt, "/tim-kiem/"),
            (translation, guide.title_en, guide.alt_en, "/en/tim-kiem/"),
        ]:
            assert shown.live, (guide.task, search)
            response = client.get(shown.url)
            html = response.content.decode()
            assert response.status_code == 200
            assert f"<h1>{escape(title)}</h1>" in html
            [image] = re.findall(r'<img alt="([^"]*)"[^>]*src="/media/images/huong-dan-', html)
            assert unescape(image) == alt != ""
            assert shown.url in client.get(search, {"q": title}).content.decode(), title
        # The image's own title (the library's description) is Vietnamese.
        assert page.body[1].value["image"].title == guide.alt

    index = client.get("/huong-dan/").content.decode()
    assert all(escape(guide.title) in index for guide in GUIDES)
