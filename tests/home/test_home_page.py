import datetime

import pytest

from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase

from campaign.models import ProgramSettings
from home.models import HomePage

pytestmark = pytest.mark.django_db


def test_fresh_database_serves_the_vietnamese_home_page(client):
    """The migration alone (no demo content) gives a working site in Vietnamese."""
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert site.root_page.locale.language_code == "vi"

    html = client.get("/").content.decode()

    assert '<html lang="vi">' in html
    assert "Máy tính cũ – Tri thức mới" in html
    assert "Huyện đoàn Gia Lâm" in html
    assert "Phòng Giáo dục và Đào tạo huyện Gia Lâm" in html
    assert 'href="/accounts/login/"' in html


def test_english_address_shows_the_interface_in_english(client):
    html = client.get("/en/").content.decode()

    assert '<html lang="en">' in html
    assert "Gia Lâm District Youth Union" in html
    assert 'href="/en/accounts/login/"' in html


def test_menu_lists_live_pages_marked_for_menus_only(client):
    home = Site.objects.get(is_default_site=True).root_page
    in_menu = home.add_child(instance=Page(title="Tin tức", slug="tin-tuc", show_in_menus=True))
    home.add_child(instance=Page(title="Trang ẩn", slug="an", show_in_menus=False))
    draft = home.add_child(
        instance=Page(title="Bản nháp", slug="nhap", show_in_menus=True, live=False)
    )

    html = client.get("/").content.decode()

    assert f'href="{in_menu.url}"' in html
    assert "Trang ẩn" not in html
    assert draft.title not in html


@pytest.mark.parametrize(
    ("address", "other_language_address"),
    [
        ("/", '<a href="/en/" lang="en" hreflang="en">English</a>'),
        ("/en/", '<a href="/" lang="vi" hreflang="vi">Tiếng Việt</a>'),
        ("/accounts/login/?next=/portal/", 'href="/en/accounts/login/?next=/portal/"'),
        ("/en/accounts/login/", 'href="/accounts/login/" lang="vi"'),
    ],
)
def test_language_switcher_links_to_the_same_page_in_the_other_language(
    client, address, other_language_address
):
    assert other_language_address in client.get(address).content.decode()


class TestHomePageTree(WagtailPageTestCase):
    def test_home_page_sits_only_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_only_one_home_page_per_parent(self):
        root = Page.get_first_root_node()
        assert not HomePage.can_create_at(root)


def test_the_footer_comes_from_the_program_settings_an_editor_changes(client):
    assert "Bắt đầu từ ngày 05/10/2021" in client.get("/").content.decode()
    english = client.get("/en/").content.decode()
    assert "Since 05/10/2021" in english
    assert "Gia Lâm District Youth Union" in english

    program = ProgramSettings.load()
    program.organisers = "Huyện đoàn Gia Lâm\nTrường THCS Cổ Bi"
    program.start_date = datetime.date(2022, 1, 3)
    program.save()

    html = client.get("/").content.decode()  # the cached copy went with the change
    assert "<strong>Trường THCS Cổ Bi</strong>" in html
    assert "Phòng Giáo dục và Đào tạo huyện Gia Lâm" not in html
    assert "Bắt đầu từ ngày 03/01/2022" in html


def test_the_home_page_shows_its_text_among_its_sections(client):
    home = Site.objects.get(is_default_site=True).root_page.specific
    home.sections = [{"type": "text", "value": "<h2>Chương trình làm gì?</h2>"}]
    home.save_revision().publish()

    assert "<h2>Chương trình làm gì?</h2>" in client.get("/").content.decode()
