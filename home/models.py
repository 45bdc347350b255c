from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from campaign.blocks import StoryBlock
from campaign.models import BasePage, NewsPage, StoryPage


class HomePage(BasePage):
    """The front page of the campaign site: what the program is, its figures, the latest
    stories and news, and how to take part.

    There is one per language, at the root of the site; every other public page lives
    below it.
    """

    intro = models.TextField(
        _("lời giới thiệu"),
        blank=True,
        help_text=_("Một hai câu ngắn dưới tên chương trình, đọc được trên điện thoại."),
    )
    sections = StreamField(
        StoryBlock(),
        verbose_name=_("các khối"),
        blank=True,
        help_text=_("Số liệu, kêu gọi, tìm tổ IT, văn bản… hiện dưới lời giới thiệu."),
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        FieldPanel("sections"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("intro"),
        index.SearchField("sections"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "campaign.ContentPage",
        "campaign.ImpactPage",
        "campaign.OpenFundPage",
        "campaign.NewsIndexPage",
        "campaign.StoryIndexPage",
        "campaign.StandardsPage",
        "campaign.TeamsPage",
        "campaign.SponsorsPage",
        "campaign.HonourRollPage",
        "campaign.ContactPage",
        "campaign.OfferPage",
        "campaign.SupportPage",
        "campaign.HelpIndexPage",
    ]
    max_count_per_parent = 1
    share_card = "home"

    class Meta:
        verbose_name = _("trang chủ")
        verbose_name_plural = _("trang chủ")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        below = {"locale": self.locale}
        context["stories"] = (
            StoryPage.objects.live()
            .descendant_of(self)
            .filter(**below)
            .select_related("image", "handover__student")
            .order_by("-date")[:3]
        )
        context["news"] = (
            NewsPage.objects.live().descendant_of(self).filter(**below).order_by("-date")[:3]
        )
        return context
