"""Each area with a program has its results under its own address, a widget partners'
websites may frame, and the same figures as a picture for sites that allow no frame."""

import re

import pytest

from django.urls import reverse

from portal.models import Area
from tests.factories import TeamFactory, UserFactory, commune
from tests.factories.devices import received
from tests.factories.teams import second_city

pytestmark = pytest.mark.django_db


@pytest.fixture
def cities(db):
    """Hà Nội with a team in today's Bát Tràng (two devices received), Huế with one in Thuận
    Hóa (one device), received by the country's coordinator."""
    hue = second_city()
    country = hue.get_parent()
    actor = UserFactory(coordinated_area=country, groups=["Điều phối viên"])
    bat_trang = TeamFactory(
        name="Tổ Thanh niên IT xã Bát Tràng",
        commune=Area.objects.get(name="Bát Tràng", valid_to__isnull=True),
    )
    thuan_hoa = TeamFactory(
        name="Tổ Thanh niên IT phường Thuận Hóa", commune=Area.objects.get(name="Thuận Hóa")
    )
    received(actor, bat_trang)
    received(actor, bat_trang)
    received(actor, thuan_hoa)
    return {"actor": actor, "bat_trang": bat_trang, "thuan_hoa": thuan_hoa}


def received_figure(html: str) -> int:
    found = re.search(r"<strong>([\d.]+)</strong>\s*thiết bị đã tiếp nhận", html)
    assert found, "no devices-received figure on the page"
    return int(found.group(1).replace(".", ""))


def test_each_city_and_commune_with_a_program_has_its_own_results(client, cities):
    ha_noi = client.get("/ket-qua/ha-noi/")
    bat_trang = client.get("/ket-qua/ha-noi/bat-trang/")
    hue = client.get("/ket-qua/hue/")
    thuan_hoa = client.get("/ket-qua/hue/thuan-hoa/")

    assert [page.status_code for page in (ha_noi, bat_trang, hue, thuan_hoa)] == [200] * 4
    assert received_figure(ha_noi.content.decode()) == 2
    assert received_figure(bat_trang.content.decode()) == 2
    assert received_figure(hue.content.decode()) == 1
    assert received_figure(thuan_hoa.content.decode()) == 1
    assert "Thuận Hóa" not in ha_noi.content.decode()
    assert "Bát Tràng" not in hue.content.decode()


def test_an_area_without_a_program_or_an_unknown_one_has_no_page(client, cities):
    assert client.get("/ket-qua/ha-noi/co-bi/").status_code == 404  # no team in Cổ Bi
    assert client.get("/ket-qua/da-nang/").status_code == 404
    assert client.get("/ket-qua/hue/bat-trang/").status_code == 404  # not in Huế


def test_a_city_links_to_the_areas_below_it_that_have_a_program(client, cities):
    TeamFactory(name="Tổ Thanh niên IT xã Bát Tràng (2021)", commune=commune("Bát Tràng"))
    html = client.get("/ket-qua/ha-noi/").content.decode()

    # Today's Bát Tràng keeps the plain address; the 2021 district and its commune of the
    # same name say until when they were.
    assert 'href="/ket-qua/ha-noi/bat-trang/"' in html
    assert 'href="/ket-qua/ha-noi/gia-lam-den-2025/"' in html
    gia_lam = client.get("/ket-qua/ha-noi/gia-lam-den-2025/").content.decode()
    assert 'href="/ket-qua/ha-noi/bat-trang-den-2025/"' in gia_lam
    assert "/ket-qua/ha-noi/co-bi/" not in gia_lam
    assert client.get("/ket-qua/ha-noi/bat-trang-den-2025/").status_code == 200


def test_the_results_page_shows_the_snippets_to_embed_its_figures(client, cities):
    html = client.get("/ket-qua/ha-noi/bat-trang/").content.decode()

    assert '&lt;iframe src="http://testserver/ket-qua/ha-noi/bat-trang/nhung/"' in html
    assert '&lt;img src="http://testserver/ket-qua/ha-noi/bat-trang/so-lieu.png"' in html


def test_only_the_widget_may_be_framed_by_another_site(client, cities):
    page = client.get("/ket-qua/ha-noi/")
    widget = client.get("/ket-qua/ha-noi/nhung/")
    kept = client.get("/ket-qua/ha-noi/nhung/")

    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
    assert page["X-Frame-Options"] == "DENY"
    for answer in (widget, kept):
        assert answer.status_code == 200
        assert "frame-ancestors *" in answer["Content-Security-Policy"]
        assert "X-Frame-Options" not in answer
    assert kept["X-Page-Cache"] == "hit"
    assert "<script" not in widget.content.decode()
    assert 'href="http://testserver/ket-qua/ha-noi/"' in widget.content.decode()


def test_the_picture_shows_the_areas_figures_and_changes_with_them(
    client, cities, django_capture_on_commit_callbacks
):
    first = client.get("/ket-qua/hue/so-lieu.png")
    again = client.get("/ket-qua/hue/so-lieu.png", HTTP_IF_NONE_MATCH=first["ETag"])
    other_city = client.get("/ket-qua/ha-noi/so-lieu.png")

    assert first.status_code == 200
    assert first["Content-Type"] == "image/png"
    assert first.content.startswith(b"\x89PNG")
    assert again.status_code == 304
    assert other_city["ETag"] != first["ETag"]
    assert reverse("area_picture", args=["hue"]) == "/ket-qua/hue/so-lieu.png"


def test_a_moved_figure_reaches_the_kept_page_and_widget(
    client, cities, django_capture_on_commit_callbacks
):
    assert received_figure(client.get("/ket-qua/hue/").content.decode()) == 1
    assert client.get("/ket-qua/hue/").get("X-Page-Cache") == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        received(cities["actor"], cities["thuan_hoa"])

    fresh = client.get("/ket-qua/hue/")
    assert fresh.get("X-Page-Cache") == "miss"
    assert received_figure(fresh.content.decode()) == 2


def test_the_pages_cost_a_fixed_number_of_queries_and_none_when_kept(
    client, cities, django_assert_num_queries
):
    for _more in range(5):  # the records' number does not change the cost
        received(cities["actor"], cities["bat_trang"])
    client.get("/ket-qua/hue/")  # Wagtail keeps the site's root and menu in its cache
    for address in ("/ket-qua/ha-noi/", "/ket-qua/ha-noi/bat-trang/", "/ket-qua/ha-noi/nhung/"):
        with django_assert_num_queries(QUERIES[address]):
            client.get(address)
        with django_assert_num_queries(0):
            assert client.get(address)["X-Page-Cache"] == "hit"


# Cold: finding the area (the cities; the units below a city for a commune's address) and
# whether it has a program (2 or 3), its payload (10: counters, teams, its target, and its
# communes by today's map: the units in force, the successions, the placements, the
# coverage), the areas below it with their addresses (3 for a city; 1 for a commune, which
# has none), and the site's menu and settings around the page (5, once Wagtail keeps the
# site's root). The widget, after the city's page, reads its payload from the cache and has
# no menu: 2.
QUERIES = {
    "/ket-qua/ha-noi/": 2 + 10 + 3 + 5,
    "/ket-qua/ha-noi/bat-trang/": 3 + 10 + 1 + 5,
    "/ket-qua/ha-noi/nhung/": 2,
}
