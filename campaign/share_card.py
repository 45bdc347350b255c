"""The picture a shared link to the home or results page shows (1200 × 630, PNG): the
program's name and its current figures, in the page's language. An area's results have one
too (`area`): partners' websites that allow no frame show it instead of the widget.

The figures are the public ones (`portal.selectors.impact`, already cached until a counter
moves). A card is kept in the cache under a digest of everything drawn on it, so it is drawn
again only when a figure it shows (or its wording) changes, and a counter it does not show
leaves it alone. With the cache down it is drawn for every request: slower, still served.

The fonts are Be Vietnam Pro, shipped in campaign/fonts with their licence (SIL OFL 1.1):
a face made for Vietnamese, so every tone mark has its own glyph, and the same picture on
every machine whatever fonts it has.
"""

import functools
import hashlib
import io
import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from django.core.cache import cache
from django.utils import formats
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from portal.selectors import areas_map
from portal.selectors.impact import impact

FONTS = Path(__file__).resolve().parent / "fonts"
FONT_FILES = {"regular": "BeVietnamPro-Regular.ttf", "bold": "BeVietnamPro-Bold.ttf"}
WIDTH, HEIGHT = 1200, 630
# Bump when the drawing changes, so every kept card is drawn again.
DESIGN = 1
KEEP_SECONDS = 60 * 60 * 24  # a moved figure makes a new key well before this

BLUE, DARK, YELLOW, WHITE, PALE = "#0b4f9c", "#083c78", "#ffd666", "#ffffff", "#dce8f8"
MARGIN = 72

# The figures each card shows: a total of /api/impact.json and its label. The labels are the
# results page's own, so the card and the page say the same thing in both languages.
HANDED_OVER = ("devices_handed_over", gettext_noop("thiết bị đã trao tặng"))
REACHED = ("students_reached", gettext_noop("học sinh đã nhận thiết bị"))
CARDS = {
    "home": [
        HANDED_OVER,
        REACHED,
        ("communes_covered", gettext_noop("xã, thị trấn có tổ “Thanh niên IT”")),
    ],
    "results": [
        HANDED_OVER,
        REACHED,
        ("sims_given", gettext_noop("sim dữ liệu đã trao")),
        ("volunteer_hours", gettext_noop("giờ tình nguyện")),
    ],
    "area": [
        HANDED_OVER,
        REACHED,
        ("communes_covered", gettext_noop("xã, thị trấn có tổ “Thanh niên IT”")),
        ("volunteer_hours", gettext_noop("giờ tình nguyện")),
    ],
}


@dataclass(frozen=True)
class Card:
    kind: str
    title: str
    subtitle: str
    figures: tuple[tuple[str, str], ...]  # (value as shown, label)
    footer: str

    def digest(self) -> str:
        """Everything drawn, hashed: the same digest is the same picture."""
        drawn = [DESIGN, self.kind, self.title, self.subtitle, self.figures, self.footer]
        return hashlib.sha256(json.dumps(drawn, ensure_ascii=False).encode()).hexdigest()[:32]

    def alt(self) -> str:
        """The card in words, for `og:image:alt`: a screen reader hears what it shows."""
        shown = ", ".join(f"{value} {label}" for value, label in self.figures)
        return f"{self.title}: {shown}." if shown else self.title


def card(kind: str, area=None, chosen: str = areas_map.CURRENT) -> Card:
    """The card of one page (or of an area's results), in the active language, from the
    current public figures."""
    _body, _etag, payload = impact(chosen, area=area)
    totals = payload.get("totals", {})
    named = payload.get("area", "") if area is None else str(area)
    figures = []
    for key, label in CARDS[kind] if totals else []:
        if key == "communes_covered":
            value = f"{totals[key]}/{totals['communes_total']}"
        else:
            value = formats.number_format(totals[key], force_grouping=True)
        figures.append((value, _(label)))
    if kind == "home":
        subtitle = _("Máy cũ được sửa chữa, trao tặng học sinh %(area)s") % {"area": named}
    else:
        subtitle = _("Kết quả chương trình tại %(area)s") % {"area": named}
    return Card(
        kind=kind,
        title=_("Máy tính cũ – Tri thức mới"),
        subtitle=subtitle if named else "",
        figures=tuple(figures),
        footer=_("Số liệu trực tiếp từ các tổ IT của chương trình"),
    )


@functools.lru_cache(maxsize=16)
def font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    # The basic layout draws the same everywhere (libraqm or not): Vietnamese needs no
    # shaping once its text is composed (NFC), each toned letter being one glyph.
    return ImageFont.truetype(
        str(FONTS / FONT_FILES[weight]), size, layout_engine=ImageFont.Layout.BASIC
    )


def _fit(text: str, weight: str, size: int, width: int) -> ImageFont.FreeTypeFont:
    """The largest size up to `size` at which the text fits the width on one line."""
    while size > 20 and font(weight, size).getlength(text) > width:
        size -= 4
    return font(weight, size)


def _wrap(text: str, face: ImageFont.FreeTypeFont, width: int, lines: int) -> list[str]:
    words, wrapped = text.split(), [""]
    for word in words:
        trial = f"{wrapped[-1]} {word}".strip()
        if face.getlength(trial) <= width or not wrapped[-1]:
            wrapped[-1] = trial
        else:
            wrapped.append(word)
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1].rstrip(",.;:") + "…"
    return wrapped


def render(card: Card) -> bytes:
    """Draw the card: the name, a line about the page, a panel per figure, the source."""
    nfc = functools.partial(unicodedata.normalize, "NFC")
    image = Image.new("RGB", (WIDTH, HEIGHT), BLUE)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 14), fill=YELLOW)
    inner = WIDTH - 2 * MARGIN
    title = nfc(card.title)
    draw.text((MARGIN, 60), title, font=_fit(title, "bold", 64, inner), fill=WHITE)
    if card.subtitle:
        subtitle = nfc(card.subtitle)
        draw.text((MARGIN, 150), subtitle, font=_fit(subtitle, "regular", 34, inner), fill=PALE)
    if card.figures:
        gap = 24
        count = len(card.figures)
        panel = (inner - gap * (count - 1)) // count
        label_face = font("regular", 26 if count > 3 else 28)
        for index, (shown, label) in enumerate(card.figures):
            left = MARGIN + index * (panel + gap)
            draw.rounded_rectangle((left, 228, left + panel, 520), radius=18, fill=DARK)
            value = nfc(shown)
            # On one baseline, however much a long number had to shrink.
            face = _fit(value, "bold", 84, panel - 48)
            draw.text((left + 24, 330), value, font=face, fill=YELLOW, anchor="ls")
            for line_number, line in enumerate(_wrap(nfc(label), label_face, panel - 48, 3)):
                draw.text((left + 24, 370 + line_number * 38), line, font=label_face, fill=WHITE)
    footer = nfc(card.footer)
    draw.text((MARGIN, 556), footer, font=_fit(footer, "regular", 26, inner), fill=PALE)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def share_card_png(kind: str, area=None, chosen: str = areas_map.CURRENT) -> tuple[bytes, str]:
    """(PNG, ETag) of a page's card in the active language (an area's by the map chosen):
    kept until what it shows moves."""
    current = card(kind, area, chosen)
    digest = current.digest()
    key = f"share-card:{get_language()}:{digest}"
    png = cache.get(key)
    if png is None:
        png = render(current)
        cache.set(key, png, KEEP_SECONDS)
    return png, f'"{digest}"'
