from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Locale, Page
from wagtail.search import index

from campaign.blocks import StoryBlock
from portal.search import fold

FOLDED = {"folded_text", "folded_title"}


def _texts(value) -> list[str]:
    """A search field's value as text: a string, or a StreamField's list of strings."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(item) for item in value if item]
    return [str(value)]


class BasePage(Page):
    """What every public page has: a card for sharing (Open Graph / Twitter) and search.

    `social_image` and `search_description` make the card a link shows on Facebook and
    Zalo; without them the page's own lead image and intro are used, then the site's."""

    social_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh khi chia sẻ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Ảnh ngang (1200 × 630) hiện khi chia sẻ lên Facebook, Zalo."),
    )

    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel([FieldPanel("social_image")], heading=_("Chia sẻ")),
    ]
    # Beside the page's own words, the same words folded ("sửa chữa" → "sua chua"), so a
    # query typed without accents finds them on both search backends (PostgreSQL's and
    # SQLite's full text); the site search folds the query too (campaign/search.py). The
    # title folded for autocomplete, which the Wagtail admin's page search uses.
    search_fields = [
        *Page.search_fields,
        index.SearchField("folded_text"),
        index.AutocompleteField("folded_title"),
    ]
    # The query parameters the page reads (`?page=2`, `?tag=…`). The page cache keeps a copy
    # per combination of their values and ignores any other parameter (campaign/page_cache).
    query_parameters: tuple[str, ...] = ()
    # A page whose shared link shows a picture of the current figures (campaign/share_card)
    # names its card here; the others share their own image or the site's.
    share_card: str | None = None

    class Meta:
        abstract = True

    def folded_title(self) -> str:
        return fold(self.title)

    def folded_text(self) -> str:
        """Every word the page is searched by (its own search fields: title, intro, body…),
        folded."""
        words: list[str] = []
        for field in self.get_search_fields():
            if isinstance(field, index.SearchField) and field.field_name not in FOLDED:
                words.extend(_texts(field.get_value(self)))
        return fold(" ".join(words))

    def lead_image(self):
        """The image a list card and the page open with (None when there is none)."""
        return getattr(self, "image", None)

    def share_image(self):
        return self.social_image or self.lead_image()

    def share_text(self) -> str:
        """The page's description, for search engines and the shared card: its search
        description, else its intro, else "" (the templates then say the program's line).

        A translation starts as a copy of the Vietnamese page: a text still identical to the
        original's was not translated yet and is skipped, so an English card never speaks
        Vietnamese."""
        return self._share_text

    @cached_property
    def _share_text(self) -> str:
        texts = [self.search_description, getattr(self, "intro", "")]
        copied = self._untranslated_texts()
        return next((text for text in texts if text and text not in copied), "")

    def _untranslated_texts(self) -> set[str]:
        default = Locale.get_default()
        if self.locale_id == default.pk:
            return set()
        original = self.get_translation_or_none(default)
        if original is None:
            return set()
        return {original.search_description, getattr(original, "intro", "")} - {""}


class ArticlePage(BasePage):
    """A dated page with a summary, a lead image and a body: news articles and stories."""

    date = models.DateField(_("ngày"), default=timezone.localdate)
    intro = models.TextField(
        _("tóm tắt"), help_text=_("Một hai câu, hiện trong danh sách và khi chia sẻ.")
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh đầu bài"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(_("mô tả ảnh"), max_length=200, blank=True)
    body = StreamField(StoryBlock(), verbose_name=_("nội dung"))

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    subpage_types: list[str] = []

    class Meta:
        abstract = True
