"""Pages whose content is the portal's data, shown as it is now: the standards in force and
the directory of IT teams."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField

from campaign.blocks import StoryBlock
from portal.selectors import public

from .base import BasePage


class StandardsPage(BasePage):
    """The minimum technical standards, rendered from the portal's spec standards (the ones
    volunteers check against), so donors know what is accepted."""

    intro = models.TextField(_("lời giới thiệu"), blank=True)
    body = StreamField(
        StoryBlock(),
        verbose_name=_("nội dung thêm"),
        blank=True,
        help_text=_("Hiện dưới bảng tiêu chuẩn: hỏi đáp, kêu gọi…"),
    )

    content_panels = [*BasePage.content_panels, FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    template = "campaign/standards_page.html"

    class Meta:
        verbose_name = _("trang tiêu chuẩn thiết bị")
        verbose_name_plural = _("trang tiêu chuẩn thiết bị")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(public.standards_in_force())
        return context


class TeamsPage(BasePage):
    """Every commune and town with its IT teams and the contacts members agreed to publish;
    communes still without a team, and how to start one."""

    intro = models.TextField(_("lời giới thiệu"), blank=True)
    join_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("trang đăng ký tham gia"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Nơi gửi người muốn lập tổ ở xã chưa có tổ."),
    )

    content_panels = [*BasePage.content_panels, FieldPanel("intro"), FieldPanel("join_page")]
    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    template = "campaign/teams_page.html"
    query_parameters = ("q",)

    class Meta:
        verbose_name = _("trang danh bạ tổ IT")
        verbose_name_plural = _("trang danh bạ tổ IT")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        query = request.GET.get("q", "").strip()[:60]
        communes = public.teams_directory(query)
        context.update(
            query=query,
            communes=communes,
            uncovered=[entry.commune for entry in communes if not entry.covered],
        )
        return context
