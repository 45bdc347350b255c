"""A shared link to the home or results page shows a card of the program's current figures,
in the page's language, drawn with the fonts the repository ships; pages carry share links
that need no third-party script; an English page describes itself in English."""

import html as html_lib
import io
import re
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from PIL import Image, ImageDraw, ImageFont

from django.core.cache import cache
from django.utils import translation

from wagtail.models import Locale

from campaign import share_card
from campaign.models import ImpactPage
from portal.figures import Figure
from portal.services.counters import counter_bump
from tests.campaign.conftest import publish
from tests.factories import commune

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PROGRAM = "Máy tính cũ – Tri thức mới"
HOME_DESCRIPTION = "Quyên góp máy tính cũ cho học sinh Gia Lâm."


def meta(page_html: str, name: str) -> str:
    pattern = rf'<meta (?:property|name)="{re.escape(name)}"\s+content="([^"]*)"'
    found = re.search(pattern, page_html)
    return html_lib.unescape(found.group(1)) if found else ""


@pytest.fixture
def results(home):
    return publish(home, ImpactPage(title="Kết quả", slug="ket-qua"))


@pytest.fixture
def english_home(home):
    """The home page copied to English as an editor starts: title and intro translated, the
    search description still the Vietnamese one."""
    home.search_description = HOME_DESCRIPTION
    home.save_revision().publish()
    locale, _created = Locale.objects.get_or_create(language_code="en")
    english = home.copy_for_translation(locale).specific
    english.title, english.intro = "Old computers – New knowledge", "Used devices for students."
    english.save_revision().publish()
    return english


@pytest.fixture
def english_results(results, english_home):
    english = results.copy_for_translation(english_home.locale).specific
    english.title = "Results"
    english.save_revision().publish()
    return english


@pytest.fixture
def renders(monkeypatch):
    """How many times the card was drawn (the real drawing, counted)."""
    calls = []
    draw = share_card.render

    def counted(card):
        calls.append(card.kind)
        return draw(card)

    monkeypatch.setattr(share_card, "render", counted)
    return calls


def handed_over_one(django_capture_on_commit_callbacks, key=Figure.DEVICES_HANDED_OVER):
    """A counter moves as a handover moves it: committed, then the figures are re-read."""
    with django_capture_on_commit_callbacks(execute=True):
        counter_bump(key=key, area=commune("Bát Tràng"))


@pytest.mark.parametrize(("page", "kind"), [("home", "home"), ("results", "results")])
def test_home_and_results_share_the_card_of_their_figures(client, request, page, kind):
    url = request.getfixturevalue(page).url
    counter = Figure.DEVICES_HANDED_OVER
    counter_bump(key=counter, area=commune("Bát Tràng"), delta=1234)
    cache.clear()

    page_html = client.get(url).content.decode()

    image = urlsplit(meta(page_html, "og:image"))
    assert (image.scheme, image.netloc, image.path) == ("http", "testserver", f"/share/{kind}.png")
    assert (meta(page_html, "og:image:width"), meta(page_html, "og:image:height")) == (
        "1200",
        "630",
    )
    assert meta(page_html, "og:image:type") == "image/png"
    alt = meta(page_html, "og:image:alt")
    assert alt.startswith(PROGRAM)
    assert "1.234 thiết bị đã trao tặng" in alt  # grouped the Vietnamese way
    assert meta(page_html, "twitter:card") == "summary_large_image"
    assert meta(page_html, "twitter:image") == meta(page_html, "og:image")
    assert meta(page_html, "twitter:image:alt") == alt
    card = client.get(image.path + "?" + image.query)
    assert card.status_code == 200
    assert card["Content-Type"] == "image/png"


def test_english_pages_share_an_english_card_and_description(client, english_home, english_results):
    home_html = client.get("/en/").content.decode()
    results_html = client.get(english_results.url).content.decode()

    assert english_results.url.startswith("/en/")
    # The copied Vietnamese description gives way to the translated intro.
    assert meta(home_html, "og:description") == "Used devices for students."
    assert meta(home_html, "twitter:description") == "Used devices for students."
    assert meta(home_html, "description") == "Used devices for students."
    assert urlsplit(meta(home_html, "og:image")).path == "/en/share/home.png"
    assert meta(home_html, "og:image:alt").startswith("Old Computers – New Knowledge")
    assert "devices handed over" in meta(home_html, "og:image:alt")
    # Nothing of its own translated: the program's line in English, not the Vietnamese one.
    with translation.override("en"):
        line = translation.gettext(
            "Quyên góp máy tính, điện thoại, sim 3G/4G cũ để sửa chữa và trao tặng học "
            "sinh có hoàn cảnh khó khăn ở Gia Lâm, Hà Nội."
        )
    assert line.startswith("Donate")
    assert len(line) <= 200  # shown whole
    assert meta(results_html, "og:description") == line
    assert urlsplit(meta(results_html, "og:image")).path == "/en/share/results.png"
    # The Vietnamese pages keep their Vietnamese description.
    assert meta(client.get("/").content.decode(), "og:description") == HOME_DESCRIPTION


@pytest.mark.parametrize("path", ["/share/home.png", "/share/results.png", "/en/share/home.png"])
def test_the_card_is_a_1200_by_630_png_kept_by_browsers_and_revalidated(client, home, path):
    response = client.get(path)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=300"
    image = Image.open(io.BytesIO(response.content))
    assert (image.format, image.size) == ("PNG", (1200, 630))
    again = client.get(path, HTTP_IF_NONE_MATCH=response["ETag"])
    assert (again.status_code, again.content) == (304, b"")


def test_an_unknown_card_is_not_found(client, home):
    assert client.get("/share/admin.png").status_code == 404


def test_the_card_is_drawn_again_only_when_a_counter_moves(
    client, home, renders, django_capture_on_commit_callbacks, django_assert_num_queries
):
    first = client.get("/share/results.png")
    with django_assert_num_queries(0):
        same = client.get("/share/results.png")

    assert (same.content, same["ETag"]) == (first.content, first["ETag"])
    assert renders == ["results"]

    handed_over_one(django_capture_on_commit_callbacks)
    moved = client.get("/share/results.png")
    again = client.get("/share/results.png")

    assert moved["ETag"] != first["ETag"]
    assert moved.content != first.content
    assert again["ETag"] == moved["ETag"]
    assert renders == ["results", "results"]
    assert client.get("/share/results.png", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_a_counter_the_card_does_not_show_leaves_it_alone(
    client, home, renders, django_capture_on_commit_callbacks
):
    first = client.get("/share/home.png")

    handed_over_one(django_capture_on_commit_callbacks, key=Figure.TRAINING_SESSIONS)
    after = client.get("/share/home.png")

    assert after["ETag"] == first["ETag"]
    assert renders == ["home"]


def test_the_card_shows_the_current_figures_in_the_pages_language(home):
    counter_bump(key=Figure.DEVICES_HANDED_OVER, area=commune("Bát Tràng"), delta=1234)
    counter_bump(key=Figure.STUDENTS_REACHED, area=commune("Bát Tràng"), delta=56)

    with translation.override("vi"):
        vietnamese = share_card.card("results")
    with translation.override("en"):
        english = share_card.card("results")

    assert vietnamese.title == PROGRAM
    assert ("1.234", "thiết bị đã trao tặng") in vietnamese.figures
    assert ("56", "học sinh đã nhận thiết bị") in vietnamese.figures
    assert english.title == "Old Computers – New Knowledge"
    assert ("1.234", "devices handed over") in english.figures  # Vietnamese grouping
    assert vietnamese.digest() != english.digest()


def test_the_card_is_served_while_the_cache_is_down(client, home, unreachable_cache, renders):
    first = client.get("/share/home.png")
    second = client.get("/share/home.png")

    assert (first.status_code, first["Content-Type"]) == (200, "image/png")
    assert Image.open(io.BytesIO(second.content)).size == (1200, 630)
    assert first["ETag"] == second["ETag"]
    assert renders == ["home", "home"]  # nothing kept: drawn for each request, still served


def test_the_card_is_drawn_with_the_fonts_the_repository_ships(home, monkeypatch):
    loaded = []
    truetype = ImageFont.truetype

    def spy(font, *args, **kwargs):
        loaded.append(Path(font).resolve())
        return truetype(font, *args, **kwargs)

    monkeypatch.setattr(ImageFont, "truetype", spy)
    share_card.font.cache_clear()
    share_card.render(share_card.card("home"))

    fonts = ROOT / "campaign" / "fonts"
    assert loaded
    assert {path.parent for path in loaded} == {fonts}
    assert all(path.is_file() for path in loaded)
    licence = (fonts / "OFL.txt").read_text()
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert "Be Vietnam Pro Project Authors" in licence


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_character_on_the_card_has_a_glyph_in_the_shipped_fonts(home, language):
    counter_bump(key=Figure.DEVICES_HANDED_OVER, area=commune("Bát Tràng"), delta=1234567)
    with translation.override(language):
        cards = [share_card.card("home"), share_card.card("results")]
    # Every Vietnamese letter with every tone, whatever an editor or a translation adds.
    vietnamese = "ăâđêôơưÁÀẢÃẠẮẰẲẴẶẤẦẨẪẬÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴĐ"
    text = PROGRAM + vietnamese + vietnamese.lower()
    text += "".join(
        c.title + c.subtitle + c.footer + "".join(v + lab for v, lab in c.figures) for c in cards
    )

    for weight in ("regular", "bold"):
        face = share_card.font(weight, 40)
        box = drawn(face, "\ue000")  # a private-use point: the face's "no glyph" box
        lacking = sorted(
            {char for char in text if not char.isspace() and drawn(face, char) in (box, None)}
        )
        assert lacking == [], weight
        assert drawn(face, "中") == box  # the check does see a missing glyph


def drawn(face, char: str) -> bytes | None:
    """The character as the card draws it, or None when nothing is drawn."""
    image = Image.new("L", (120, 120))
    ImageDraw.Draw(image).text((20, 20), char, font=face, fill=255)
    return image.tobytes() if image.getbbox() else None


@pytest.mark.parametrize(("language", "prefix"), [("vi", ""), ("en", "/en")])
def test_the_pages_offer_share_links_without_third_party_scripts(
    client, english_results, language, prefix
):
    for path in (f"{prefix}/", f"{prefix}/ket-qua/"):
        page_html = client.get(path).content.decode()
        address = quote(f"http://testserver{path}", safe="")

        assert f'href="https://www.facebook.com/sharer/sharer.php?u={address}"' in page_html
        assert f'href="https://sp.zalo.me/share_inline?url={address}"' in page_html
        assert f'value="http://testserver{path}"' in page_html  # the link, to copy by hand
        assert "data-copy-link" in page_html
        # The copy button's confirmation is read out by screen readers.
        assert 'role="status" aria-live="polite" data-copy-status' in page_html
        assert "js/share.js" in page_html
        assert not re.search(r"<script[^>]+src=\"(https?:)?//", page_html)
        assert "<iframe" not in page_html
    labels = {"vi": "Sao chép liên kết", "en": "Copy link"}
    assert labels[language] in page_html
