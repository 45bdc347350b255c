"""Each area with a program has its results under its own address, a widget partners'
websites may frame, and the same figures as a picture for sites that allow no frame."""

import re

import pytest

from django.urls import reverse

from portal.models import Area, Device
from portal.services.placements import records_place
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
    html = client.get("/ket-qua/ha-noi/?ban-do=2021").content.decode()

    # On the 2021 map, today's Bát Tràng keeps the plain address; the 2021 district and its
    # commune of the same name say until when they were.
    assert 'href="/ket-qua/ha-noi/bat-trang/?ban-do=2021"' in html
    assert 'href="/ket-qua/ha-noi/gia-lam-den-2025/?ban-do=2021"' in html
    gia_lam = client.get("/ket-qua/ha-noi/gia-lam-den-2025/?ban-do=2021").content.decode()
    assert 'href="/ket-qua/ha-noi/bat-trang-den-2025/?ban-do=2021"' in gia_lam
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
    maps = ("/ket-qua/hue/", "/ket-qua/hue/?ban-do=2021")
    for address in maps:
        assert received_figure(client.get(address).content.decode()) == 1
        assert client.get(address).get("X-Page-Cache") == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        received(cities["actor"], cities["thuan_hoa"])

    for address in maps:
        fresh = client.get(address)
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
# coverage), the places it lists with their addresses (for a city, today's units with their
# records regrouped: 6, as the coverage the payload read is kept in the cache; 1 for a
# commune, which lists none); the site's menu and settings
# around the page come from the cache after the first page (campaign_tags.site_chrome). The
# widget, after the city's page, reads its payload from the cache and has no menu: 2.
QUERIES = {
    "/ket-qua/ha-noi/": 2 + 10 + 6,
    # A unit of today also reads the old communes that went into it (1) and, some of them
    # split, the records placed in it (4).
    "/ket-qua/ha-noi/bat-trang/": 3 + 10 + 1 + 5,
    "/ket-qua/ha-noi/nhung/": 2,
}


def today(name: str) -> Area:
    return Area.objects.get(name=name, valid_to__isnull=True, kind__in=Area.GRASSROOTS)


def place_figures(html: str) -> dict[str, int]:
    """The places a results page lists, by their link, with the devices each received."""
    return {
        address: int(value.replace(".", ""))
        for address, value in re.findall(
            r'<a href="([^"]+)">[^<]+</a>\s*<span>([\d.]+) thiết bị đã tiếp nhận</span>', html
        )
    }


@pytest.fixture
def old_records(cities, django_capture_on_commit_callbacks):
    """Records made under 2021 communes of Gia Lâm: three devices in Dương Xá (gone whole
    into today's Gia Lâm), one in Lệ Chi (whole into Thuận An), and one in Trâu Quỳ (split
    between Bát Tràng and Gia Lâm) that a coordinator placed in today's Bát Tràng."""
    actor = cities["actor"]
    duong_xa = TeamFactory(name="Tổ Thanh niên IT xã Dương Xá", commune=commune("Dương Xá"))
    le_chi = TeamFactory(name="Tổ Thanh niên IT xã Lệ Chi", commune=commune("Lệ Chi"))
    trau_quy = TeamFactory(name="Tổ Thanh niên IT thị trấn Trâu Quỳ", commune=commune("Trâu Quỳ"))
    for _ in range(3):
        received(actor, duong_xa)
    received(actor, le_chi)
    device = received(actor, trau_quy)
    with django_capture_on_commit_callbacks(execute=True):
        records_place(
            actor=actor,
            old_unit=commune("Trâu Quỳ"),
            model=Device,
            area=today("Bát Tràng"),
            record_ids=[device.pk],
        )


def test_a_city_lists_todays_units_with_the_records_that_went_to_each(client, old_records):
    html = client.get("/ket-qua/ha-noi/").content.decode()

    assert place_figures(html) == {
        "/ket-qua/ha-noi/bat-trang/": 3,  # two made there, one placed from Trâu Quỳ
        "/ket-qua/ha-noi/gia-lam/": 3,  # Dương Xá's
        "/ket-qua/ha-noi/thuan-an/": 1,  # Lệ Chi's
    }
    assert "gia-lam-den-2025" not in html
    assert received_figure(client.get("/ket-qua/ha-noi/gia-lam/").content.decode()) == 3
    assert received_figure(client.get("/ket-qua/ha-noi/bat-trang/").content.decode()) == 3


def test_the_2021_map_lists_the_old_district_and_its_communes_by_their_old_names(
    client, old_records
):
    city = client.get("/ket-qua/ha-noi/?ban-do=2021").content.decode()
    district = client.get("/ket-qua/ha-noi/gia-lam-den-2025/?ban-do=2021").content.decode()

    assert place_figures(city) == {
        "/ket-qua/ha-noi/bat-trang/?ban-do=2021": 2,  # made in today's unit, after 2025
        "/ket-qua/ha-noi/gia-lam-den-2025/?ban-do=2021": 5,
    }
    assert "đến 2025" in district
    assert place_figures(district) == {
        "/ket-qua/ha-noi/duong-xa/?ban-do=2021": 3,
        "/ket-qua/ha-noi/le-chi/?ban-do=2021": 1,
        "/ket-qua/ha-noi/trau-quy/?ban-do=2021": 1,
    }


def test_a_citys_totals_are_the_same_on_both_maps(client, old_records):
    today_map = client.get("/ket-qua/ha-noi/").content.decode()
    old_map = client.get("/ket-qua/ha-noi/?ban-do=2021").content.decode()

    assert received_figure(today_map) == received_figure(old_map) == 7
    assert sum(place_figures(today_map).values()) == sum(place_figures(old_map).values()) == 7


def test_the_widget_and_picture_follow_the_map_and_each_map_is_kept_apart(client, old_records):
    # Hà Nội's communes: 126 today, Gia Lâm's 22 on the 2021 map.
    today_widget = client.get("/ket-qua/ha-noi/nhung/")
    old_widget = client.get("/ket-qua/ha-noi/nhung/?ban-do=2021")
    kept = client.get("/ket-qua/ha-noi/nhung/?ban-do=2021&utm_source=zalo")
    today_picture = client.get("/ket-qua/ha-noi/so-lieu.png")
    old_picture = client.get("/ket-qua/ha-noi/so-lieu.png?ban-do=2021")
    page = client.get("/ket-qua/ha-noi/?ban-do=2021").content.decode()

    assert old_widget["X-Page-Cache"] == "miss"
    assert kept["X-Page-Cache"] == "hit"
    assert "/126</strong>" in today_widget.content.decode()
    assert "/22</strong>" in old_widget.content.decode()
    assert 'href="http://testserver/ket-qua/ha-noi/?ban-do=2021"' in old_widget.content.decode()
    assert today_picture["ETag"] != old_picture["ETag"]
    assert "/ket-qua/ha-noi/nhung/?ban-do=2021" in page


def test_a_unit_made_in_2025_is_on_no_2021_map(client, old_records):
    assert client.get("/ket-qua/ha-noi/gia-lam/").status_code == 200
    assert client.get("/ket-qua/ha-noi/gia-lam/?ban-do=2021").status_code == 404
