"""Help for the portal's volunteers, teachers and coordinators (“Hướng dẫn”), one page per
task. The portal links each of its screens to the page of its task by the page's `task`
key (portal/help.py; campaign/help.py finds the pages), never by address, so editors may
rename, move or rewrite a page and the links follow."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from campaign.blocks import StoryBlock
from portal.help import HelpTask

from .base import BasePage


class HelpIndexPage(BasePage):
    """“Hướng dẫn”: the list of help pages for the portal's tasks."""

    intro = models.TextField(_("lời giới thiệu"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    search_fields = [*BasePage.search_fields, index.SearchField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["campaign.HelpPage"]
    max_count_per_parent = 1
    template = "campaign/help_index_page.html"

    class Meta:
        verbose_name = _("trang danh sách hướng dẫn")
        verbose_name_plural = _("trang danh sách hướng dẫn")

    def help_pages(self):
        return HelpPage.objects.child_of(self).live().order_by("path")


class HelpPage(BasePage):
    """How to do one task in the portal, step by step, with screenshots: short sentences,
    the words on the portal's buttons, one image per step that needs one (with its
    description). The portal's screen for the task links here, in the reader's language;
    keep one page per task in each language (the translation of this page)."""

    task = models.CharField(
        _("việc"),
        max_length=20,
        choices=HelpTask.choices,
        help_text=_("Màn hình của việc này trong cổng thông tin sẽ dẫn tới trang này."),
    )
    intro = models.TextField(
        _("lời giới thiệu"), blank=True, help_text=_("Một câu: việc này là gì, ai làm.")
    )
    body = StreamField(StoryBlock(), verbose_name=_("các bước"), blank=True)

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("task"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("task"),
    ]
    parent_page_types = ["campaign.HelpIndexPage"]
    subpage_types: list[str] = []
    template = "campaign/help_page.html"

    class Meta:
        verbose_name = _("trang hướng dẫn")
        verbose_name_plural = _("trang hướng dẫn")

    def clean(self):
        super().clean()
        # Two pages for one task in one language: the portal could link only one of them.
        twins = HelpPage.objects.filter(task=self.task, locale_id=self.locale_id)
        if self.pk:
            twins = twins.exclude(pk=self.pk)
        if self.task and twins.exists():
            raise ValidationError(
                {"task": _("Đã có trang hướng dẫn cho việc này; hãy sửa trang đó.")}
            )
