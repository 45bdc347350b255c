"""Page types and blocks, with Wagtail's test helpers: where each page may live, that an
editor can create them, and that every block renders what it should."""

import pytest

from django.urls import reverse

from wagtail.blocks import StreamBlockValidationError
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from campaign.blocks import StoryBlock
from campaign.models import (
    ContactPage,
    ContentPage,
    HelpIndexPage,
    HonourRollPage,
    ImpactPage,
    NewsIndexPage,
    NewsPage,
    OfferPage,
    OpenFundPage,
    ProgramSettings,
    SponsorsPage,
    StandardsPage,
    StoryIndexPage,
    StoryPage,
    SupportPage,
    TeamsPage,
)
from home.models import HomePage
from portal.services.counters import counter_bump
from tests.campaign.conftest import news_with_articles, publish

pytestmark = pytest.mark.django_db


class TestPageTree(WagtailPageTestCase):
    def test_the_home_page_holds_the_campaign_sections(self):
        self.assertAllowedSubpageTypes(
            HomePage,
            {
                ContentPage,
                ImpactPage,
                NewsIndexPage,
                StoryIndexPage,
                StandardsPage,
                TeamsPage,
                SponsorsPage,
                HonourRollPage,
                ContactPage,
                OfferPage,
                SupportPage,
                HelpIndexPage,
                OpenFundPage,
            },
        )

    def test_articles_and_stories_live_only_in_their_lists(self):
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedParentPageTypes(StoryPage, {StoryIndexPage})
        self.assertAllowedSubpageTypes(NewsPage, set())
        self.assertCanNotCreateAt(HomePage, NewsPage)
        self.assertCanNotCreateAt(HomePage, Page)

    def test_content_pages_nest_for_longer_sections(self):
        self.assertCanCreateAt(HomePage, ContentPage)
        self.assertCanCreateAt(ContentPage, ContentPage)
        self.assertCanNotCreateAt(ContentPage, StandardsPage)  # one, at the top

    def test_an_editor_creates_a_content_page_in_the_admin(self):
        self.login()
        home = HomePage.objects.get(locale__language_code="vi")
        self.assertCanCreate(
            home,
            ContentPage,
            nested_form_data(
                {
                    "title": "Cách quyên góp",
                    "slug": "cach-quyen-gop",
                    "intro": "Ba bước đơn giản.",
                    "body": streamfield(
                        [("text", rich_text("<p>Mang máy đến nhà văn hóa xã.</p>"))]
                    ),
                }
            ),
        )


def test_every_block_renders_what_it_says(client, home, picture, gia_lam):
    teams = publish(home, TeamsPage(title="Tổ IT các xã", slug="to-it"))
    counter_bump(key="devices_handed_over", area=gia_lam, delta=1234)
    image = {
        "image": {"image": picture.pk, "alt_text": "Trao máy ở Bát Tràng", "decorative": False},
        "caption": "Ngày trao",
    }
    page = publish(
        home,
        ContentPage(
            title="Về chương trình",
            slug="ve-chuong-trinh",
            body=[
                {"type": "text", "value": "<h2>Vì sao</h2><p>Các em cần máy.</p>"},
                {"type": "image", "value": image},
                {
                    "type": "quote",
                    "value": {"text": "Máy cũ, tri thức mới.", "author": "Huyện đoàn"},
                },
                {
                    "type": "call_to_action",
                    "value": {
                        "text": "Còn máy cũ?",
                        "button": "Tìm tổ gần nhà",
                        "page": teams.pk,
                        "url": "",
                    },
                },
                {"type": "figure", "value": {"figure": "devices_handed_over", "label": ""}},
                {
                    "type": "faq",
                    "value": {
                        "questions": [{"question": "Máy hỏng có nhận?", "answer": "<p>Có.</p>"}]
                    },
                },
                {
                    "type": "video",
                    "value": {"url": "https://youtu.be/abcdefghijk", "title": "Phóng sự"},
                },
                {"type": "gallery", "value": {"images": [image, image]}},
                {"type": "standards", "value": None},
                {"type": "find_team", "value": {"heading": "Tìm tổ IT", "directory": teams.pk}},
            ],
        ),
    )

    html = client.get(page.url).content.decode()

    assert "<h2>Vì sao</h2>" in html
    assert 'alt="Trao máy ở Bát Tràng"' in html
    assert "srcset=" in html
    assert "<figcaption>Ngày trao" in html
    # The browser picks the smallest format it knows; older ones fall back to JPEG.
    assert 'type="image/avif"' in html
    assert 'type="image/webp"' in html
    assert "<blockquote>" in html
    assert "— Huyện đoàn" in html
    assert f'href="{teams.url}">Tìm tổ gần nhà</a>' in html
    assert "1.234" in html
    assert "Thiết bị đã trao tặng" in html
    assert "<summary>Máy hỏng có nhận?</summary>" in html
    assert 'src="https://www.youtube-nocookie.com/embed/abcdefghijk"' in html
    assert html.count('alt="Trao máy ở Bát Tràng"') == 3
    assert "RAM tối thiểu 2 GB" in html  # the standards, from the portal's data
    assert f'action="{teams.url}"' in html


def test_blocks_refuse_what_would_break_the_page():
    block = StoryBlock()

    with pytest.raises(StreamBlockValidationError):
        block.clean(
            block.to_python(
                [{"type": "video", "value": {"url": "https://vimeo.com/1", "title": "x"}}]
            )
        )
    with pytest.raises(StreamBlockValidationError):
        block.clean(
            block.to_python(
                [
                    {
                        "type": "call_to_action",
                        "value": {"text": "x", "button": "y", "page": None, "url": ""},
                    }
                ]
            )
        )


def test_news_are_listed_newest_first_in_pages_and_by_tag(client, home):
    news = news_with_articles(home)

    first = client.get(news.url).content.decode()
    second = client.get(news.url + "?page=2").content.decode()
    tagged = client.get(news.url + "?tag=tài trợ").content.decode()

    assert first.index("Bài số 11") < first.index("Bài số 2")
    assert "Bài số 1<" not in first
    assert "Bài số 1<" in second
    assert "Bài số 0<" in second
    assert "Bài số 3" in tagged
    assert "Bài số 4" not in tagged


def test_admin_offers_the_page_types_an_editor_needs(client, editor, home):
    client.force_login(editor)

    page = client.get(reverse("wagtailadmin_pages:add_subpage", args=[home.pk])).content.decode()

    for name in ("Trang nội dung", "Trang danh sách tin tức", "Trang danh bạ tổ IT"):
        assert name in page


def test_the_contact_page_shows_the_programs_contact_details(client, home):
    program = ProgramSettings.load()
    program.phone, program.email = "024 3827 1234", "huyendoan@gialam.example.vn"
    program.save()
    page = publish(home, ContactPage(title="Tham gia", slug="tham-gia"))

    html = client.get(page.url).content.decode()

    assert '<a href="tel:02438271234">024 3827 1234</a>' in html
    assert 'href="mailto:huyendoan@gialam.example.vn"' in html


def test_the_footer_and_the_program_page_link_the_honour_roll_and_the_sponsors(client, home):
    sponsors = publish(home, SponsorsPage(title="Nhà tài trợ", slug="nha-tai-tro"))
    honour = publish(home, HonourRollPage(title="Vinh danh", slug="vinh-danh"))
    program = publish(home, ContentPage(title="Về chương trình", slug="ve-chuong-trinh"))

    footer = client.get(home.url).content.decode().split('class="site-footer"')[1]
    main = client.get(program.url).content.decode().split('class="site-footer"')[0]

    for html in (footer, main):
        assert f'href="{sponsors.url}"' in html
        assert f'href="{honour.url}"' in html
