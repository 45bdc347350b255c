"""The campaign's general pages: a content page, sponsors, the honour roll, contact."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from campaign.blocks import StoryBlock
from portal.selectors import public

from .base import BasePage


class ContentPage(BasePage):
    """Any campaign page: the program, how to donate, the standards explained, a FAQ.
    Built from the shared blocks; can hold other content pages below it."""

    intro = models.TextField(_("lời giới thiệu"), blank=True)
    body = StreamField(StoryBlock(), verbose_name=_("nội dung"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    parent_page_types = ["home.HomePage", "campaign.ContentPage"]
    subpage_types = ["campaign.ContentPage"]
    template = "campaign/content_page.html"

    class Meta:
        verbose_name = _("trang nội dung")
        verbose_name_plural = _("trang nội dung")


class SponsorsPage(BasePage):
    """The organisations and people who give devices, SIMs, bandwidth or money."""

    intro = models.TextField(_("lời giới thiệu"), blank=True)

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        InlinePanel("sponsors", label=_("Nhà tài trợ")),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    template = "campaign/sponsors_page.html"

    class Meta:
        verbose_name = _("trang nhà tài trợ")
        verbose_name_plural = _("trang nhà tài trợ")


class Sponsor(Orderable):
    page = ParentalKey(SponsorsPage, on_delete=models.CASCADE, related_name="sponsors")
    name = models.CharField(_("tên"), max_length=150)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    support = models.CharField(_("đã hỗ trợ"), max_length=250, blank=True)
    url = models.URLField(_("trang web"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("logo"), FieldPanel("support"), FieldPanel("url")]

    def __str__(self):
        return self.name


class HonourRollPage(BasePage):
    """Units and people commended by the program, and donors who agreed to be named: those
    typed here, and those recorded in the portal with their consent."""

    intro = models.TextField(_("lời giới thiệu"), blank=True)

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        InlinePanel("entries", label=_("Tên trong bảng vinh danh")),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    template = "campaign/honour_roll_page.html"

    class Meta:
        verbose_name = _("trang vinh danh")
        verbose_name_plural = _("trang vinh danh")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Recorded in the portal: commendations and donors who agreed to be named.
        context["commendations"] = public.public_commendations()
        context["donors"] = public.named_donors()
        return context


class HonourEntry(Orderable):
    class Kind(models.TextChoices):
        UNIT = "unit", _("Tập thể")
        PERSON = "person", _("Cá nhân")
        DONOR = "donor", _("Nhà hảo tâm")

    page = ParentalKey(HonourRollPage, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("tên"), max_length=150)
    reason = models.CharField(_("thành tích"), max_length=250)
    awarded_on = models.DateField(_("ngày"), null=True, blank=True)

    panels = [
        FieldPanel("kind"),
        FieldPanel("name"),
        FieldPanel("reason"),
        FieldPanel("awarded_on"),
    ]

    def __str__(self):
        return self.name


class ContactPage(BasePage):
    """How to reach the program and join as a volunteer. The phone, e-mail and address are
    the program's settings (ProgramSettings), editable in one place."""

    intro = models.TextField(_("lời giới thiệu"), blank=True)
    body = StreamField(StoryBlock(), verbose_name=_("nội dung"), blank=True)

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    template = "campaign/contact_page.html"

    class Meta:
        verbose_name = _("trang liên hệ, tham gia")
        verbose_name_plural = _("trang liên hệ, tham gia")
