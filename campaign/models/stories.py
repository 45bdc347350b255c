"""Success stories, each linked to a handover recorded in the portal.

A story shows the child only while the guardian's consent to a public story stands, and then
only a given name (or an alias), the grade and the commune — never the full name. The check
is made when the page is shown, so a withdrawal takes effect at once; the withdrawal also
switches the story's flags off, republishes it and deletes a photo marked as showing the child
from the image library (campaign.signals)."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from portal.selectors import public

from .base import ArticlePage, BasePage

STORIES_PER_PAGE = 12


class StoryIndexPage(BasePage):
    """The success stories, newest first."""

    intro = models.TextField(_("lời giới thiệu"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["campaign.StoryPage"]
    max_count_per_parent = 1
    template = "campaign/story_index_page.html"
    query_parameters = ("page",)

    class Meta:
        verbose_name = _("trang danh sách câu chuyện")
        verbose_name_plural = _("trang danh sách câu chuyện")

    def stories(self):
        # Each card asks whether its photo may still be shown: the consent comes along.
        return (
            StoryPage.objects.child_of(self)
            .live()
            .select_related("image", "handover__student")
            .order_by("-date", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["page_obj"] = Paginator(self.stories(), STORIES_PER_PAGE).get_page(
            request.GET.get("page")
        )
        return context


class StoryPage(ArticlePage):
    """A device's journey to a student: who gave it, what the team did, what it changed."""

    image_shows_student = models.BooleanField(
        _("ảnh có hình học sinh"),
        default=False,
        help_text=_(
            "Chỉ khi phụ huynh đã đồng ý cho chụp ảnh. Nếu phụ huynh rút lại đồng ý, ảnh bị xoá "
            "hẳn khỏi thư viện ảnh (mọi cỡ ảnh), ở mọi trang đang dùng nó."
        ),
    )
    handover = models.ForeignKey(
        "portal.Handover",
        verbose_name=_("lần trao tặng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
        limit_choices_to={"returned_on__isnull": True},  # a returned device is no story
        help_text=_("Lần trao tặng mà câu chuyện kể lại (mã thiết bị · ngày · tổ)."),
    )
    show_student = models.BooleanField(
        _("nhắc đến học sinh"),
        default=False,
        help_text=_(
            "Chỉ khi phụ huynh đã đồng ý cho xuất hiện trong câu chuyện công khai. Trang chỉ "
            "hiện tên gọi (hoặc tên khác), lớp và xã — không bao giờ hiện họ tên đầy đủ."
        ),
    )
    student_alias = models.CharField(
        _("tên gọi khác"),
        max_length=30,
        blank=True,
        help_text=_("Để trống: dùng tên gọi của em (chữ cuối của họ tên)."),
    )
    content_panels = [
        *BasePage.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("handover"),
                FieldPanel("show_student"),
                FieldPanel("student_alias"),
            ],
            heading=_("Học sinh"),
        ),
        MultiFieldPanel(
            [FieldPanel("image"), FieldPanel("image_alt"), FieldPanel("image_shows_student")],
            heading=_("Ảnh"),
        ),
        FieldPanel("body"),
    ]
    parent_page_types = ["campaign.StoryIndexPage"]
    template = "campaign/story_page.html"

    class Meta:
        verbose_name = _("câu chuyện")
        verbose_name_plural = _("câu chuyện")

    def clean(self):
        super().clean()
        errors = {}
        if self.show_student and public.story_student(self.handover) is None:
            errors["show_student"] = _(
                "Phụ huynh chưa đồng ý cho em xuất hiện trong câu chuyện công khai: không thể "
                "nhắc đến học sinh."
            )
        if self.image_shows_student and not public.photo_consent(self.handover):
            errors["image_shows_student"] = _(
                "Phụ huynh chưa đồng ý cho chụp ảnh em: hãy chọn ảnh không có học sinh."
            )
        if errors:
            raise ValidationError(errors)

    def student(self):
        """The child as this page may show them now, or None."""
        return (
            public.story_student(self.handover, alias=self.student_alias)
            if self.show_student
            else None
        )

    def lead_image(self):
        """The lead image, unless it shows the child and photo consent no longer stands."""
        if self.image_shows_student and not public.photo_consent(self.handover):
            return None
        return self.image
