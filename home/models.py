from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The front page of the campaign site: what the program is and how to take part.

    There is one per language, at the root of the site; every other public page lives
    below it.
    """

    intro = models.TextField(
        _("lời giới thiệu"),
        blank=True,
        help_text=_("Một hai câu ngắn dưới tên chương trình, đọc được trên điện thoại."),
    )
    body = RichTextField(_("nội dung"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("trang chủ")
        verbose_name_plural = _("trang chủ")
