"""Shared links show a card; search engines and feed readers find the pages; visitors find
their commune's team and the standards, from the portal's own data."""

import re

import pytest

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from campaign.models import NewsIndexPage, NewsPage, StandardsPage, TeamsPage
from tests.campaign.conftest import publish
from tests.factories import MembershipFactory, TeamFactory, commune

pytestmark = pytest.mark.django_db


def meta(html: str, name: str) -> str:
    found = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)"', html)
    return found.group(1) if found else ""


@pytest.fixture
def news(home):
    return publish(home, NewsIndexPage(title="Tin tức", slug="tin-tuc", intro="Hoạt động."))


@pytest.fixture
def article(news, picture):
    return publish(
        news,
        NewsPage(
            title="Viettel tài trợ sim 4G",
            slug="viettel-tai-tro-sim",
            intro="Những chiếc sim đầu tiên đã đến tay các em.",
            image=picture,
            image_alt="Sim và điện thoại",
            date=timezone.localdate(),
            body=[{"type": "text", "value": "<p>Sim 4 GB mỗi ngày cho học sinh.</p>"}],
        ),
    )


def test_a_shared_article_shows_a_card_with_its_title_text_and_image(client, article):
    html = client.get(article.url).content.decode()

    assert meta(html, "og:title") == "Viettel tài trợ sim 4G"
    assert meta(html, "og:description") == "Những chiếc sim đầu tiên đã đến tay các em."
    assert meta(html, "og:url") == f"http://testserver{article.url}"
    image = meta(html, "og:image")
    assert image.startswith("http://testserver/media/images/")
    assert ".fill-1200x630" in image
    assert (meta(html, "og:image:width"), meta(html, "og:image:height")) == ("1200", "630")
    assert meta(html, "og:locale") == "vi_VN"
    assert meta(html, "twitter:card") == "summary_large_image"
    assert meta(html, "twitter:image") == image


def test_a_page_without_an_image_shares_the_programs_card(client, home):
    # (The home and results pages share a picture of their figures: test_sharing.py.)
    page = publish(home, StandardsPage(title="Tiêu chuẩn", slug="tieu-chuan"))

    html = client.get(page.url).content.decode()

    assert meta(html, "og:image") == "http://testserver/static/img/og-default.png"
    assert meta(html, "og:description")  # the page's intro, or the program's line


def test_sitemap_robots_and_feed(client, article, news):
    sitemap = client.get("/sitemap.xml").content.decode()
    robots = client.get("/robots.txt").content.decode()
    feed = client.get(news.url + "rss/")

    assert f"{article.url}</loc>" in sitemap  # on the host set for the Wagtail site
    assert "Disallow: /portal/" in robots
    assert "Sitemap: http://testserver/sitemap.xml" in robots
    assert feed["Content-Type"].startswith("application/rss+xml")
    body = feed.content.decode()
    assert "<title>Viettel tài trợ sim 4G</title>" in body
    assert f"<link>http://testserver{article.url}</link>" in body
    assert f'href="{news.url}rss/"' in client.get(news.url).content.decode()


def test_site_search_finds_live_pages_by_their_words(client, article, news):
    draft = NewsPage(
        title="Bản nháp về sim",
        slug="nhap",
        intro="Chưa đăng.",
        body=[{"type": "text", "value": "<p>sim</p>"}],
        live=False,
    )
    news.add_child(instance=draft)

    found = client.get("/tim-kiem/", {"q": "sim"}).content.decode()
    nothing = client.get("/tim-kiem/", {"q": "khủng long"}).content.decode()

    assert "Viettel tài trợ sim 4G" in found
    assert "Bản nháp về sim" not in found
    assert "Không tìm thấy trang nào có “khủng long”." in nothing


def test_the_teams_directory_finds_bat_trang_typed_any_way(client, home, team, other_team):
    teams = publish(home, TeamsPage(title="Tổ IT các xã", slug="to-it"))
    MembershipFactory(
        team=team, contact_is_public=True, person__last_name="Trần", person__first_name="Công Khai",
        person__phone="0912 000 111",
    )  # fmt: skip
    MembershipFactory(team=team, contact_is_public=False, person__first_name="Kín Đáo")
    MembershipFactory(team=other_team)  # a team covers its commune only with a member

    everyone = client.get(teams.url).content.decode()
    found = client.get(teams.url, {"q": "bat trang"}).content.decode()

    assert team.name in found
    assert other_team.name not in found
    assert "Trần Công Khai" in found
    assert "0912 000 111" in found
    assert "Kín Đáo" not in everyone  # no consent, no contact
    assert "1 xã, thị trấn khớp với “bat trang”." in found
    assert "Còn 20 xã, thị trấn chưa có tổ “Thanh niên IT”." in everyone  # 22 − Bát Tràng, Cổ Bi


def test_the_directory_costs_the_same_queries_for_2_or_12_teams(
    client, home, team, django_assert_max_num_queries
):
    teams = publish(home, TeamsPage(title="Tổ IT các xã", slug="to-it"))
    with django_assert_max_num_queries(40) as few:
        client.get(teams.url)
    for name in ("Kim Lan", "Đa Tốn", "Trâu Quỳ", "Cổ Bi", "Dương Xá"):
        area = commune(name)
        MembershipFactory(team=TeamFactory(name=f"Tổ {name}", commune=area), contact_is_public=True)

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(teams.url)


def test_the_standards_page_shows_the_standards_in_force_not_a_copy(
    client, home, program_coordinator, django_capture_on_commit_callbacks
):
    page = publish(home, StandardsPage(title="Tiêu chuẩn thiết bị", slug="tieu-chuan"))
    assert "RAM tối thiểu 2 GB, khuyến khích 4 GB" in client.get(page.url).content.decode()
    editor = Client()
    editor.force_login(program_coordinator)

    with django_capture_on_commit_callbacks(execute=True):  # as a coordinator revises it
        editor.post(
            reverse("portal:standard_edit", args=["laptop"]),
            {
                "min_ram_gb": "4",
                "min_cpu_ghz": "1.0",
                "min_disk_gb": "120",
                "charger_required": "on",
            },
        )

    assert "RAM tối thiểu 4 GB" in client.get(page.url).content.decode()
