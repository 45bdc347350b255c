"""The one StreamField vocabulary every public page shares (StoryBlock). Each block renders
with its own template in templates/blocks/; blocks that show portal data (figures, the
standards, the teams) read it through portal.selectors.public at render time, so a page
never shows a stale copy."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageBlock

from campaign.page_cache import shows_figures
from portal.selectors import public

YOUTUBE = re.compile(r"(?:youtube\.com/(?:watch\?v=|embed/|shorts/)|youtu\.be/)([\w-]{11})")


def _library_image():
    """The oldest image of the library, shown in block previews (None while it is empty)."""
    image = get_image_model().objects.order_by("pk").first()
    if image is not None:
        image.contextual_alt_text, image.decorative = image.default_alt_text, False
    return image


def _preview_image() -> dict:
    return {"image": _library_image(), "caption": _("Đội Hỗ trợ IT nâng cấp một laptop cũ")}


def _preview_gallery() -> dict:
    return {"images": [_preview_image(), _preview_image()]}


def _preview_find_team() -> dict:
    from campaign.models import TeamsPage  # noqa: PLC0415 (the page models import these blocks)

    return {
        "heading": _("Tìm tổ IT gần nhà bạn"),
        "directory": TeamsPage.objects.live().first(),
    }


class CaptionedImageBlock(blocks.StructBlock):
    """An image with its alt text (or marked decorative) and an optional caption. The alt
    text is kept with the image where it is used: Wagtail's ImageBlock."""

    image = ImageBlock(label=_("ảnh"))
    caption = blocks.CharBlock(label=_("chú thích"), required=False)

    class Meta:
        icon = "image"
        label = _("Ảnh có chú thích")
        template = "blocks/image.html"
        description = _("Một ảnh, kèm mô tả cho người khiếm thị và chú thích.")
        preview_value = staticmethod(_preview_image)


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("lời trích"))
    author = blocks.CharBlock(label=_("người nói"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Trích dẫn")
        template = "blocks/quote.html"
        description = _("Một lời trích nổi bật, kèm tên người nói.")
        preview_value = {
            "text": _(
                "Một chiếc máy cũ nằm trong ngăn kéo có thể là cánh cửa đến lớp học của một em nhỏ."
            ),
            "author": _("Bí thư Huyện đoàn"),
        }


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("lời kêu gọi"))
    button = blocks.CharBlock(label=_("chữ trên nút"))
    page = blocks.PageChooserBlock(label=_("đến trang"), required=False)
    url = blocks.URLBlock(label=_("hoặc địa chỉ"), required=False)

    class Meta:
        icon = "pick"
        label = _("Kêu gọi hành động")
        template = "blocks/call_to_action.html"
        description = _("Một câu kêu gọi và một nút dẫn đến trang hay địa chỉ.")
        preview_value = {
            "text": _("Nhà bạn còn máy tính, điện thoại cũ?"),
            "button": _("Xem cách quyên góp"),
            "url": "#",
        }

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"page": ValidationError(_("Chọn một trang hoặc nhập địa chỉ."))}
            )
        return value


class FigureBlock(blocks.StructBlock):
    """A live figure of the program (district-wide), read from the portal's counters."""

    figure = blocks.ChoiceBlock(label=_("số liệu"), choices=public.BLOCK_FIGURES)
    label = blocks.CharBlock(
        label=_("chú thích"), required=False, help_text=_("Để trống: dùng tên số liệu.")
    )

    class Meta:
        icon = "table"
        label = _("Số liệu")
        template = "blocks/figure.html"
        description = _("Một con số của chương trình, luôn mới, lấy từ cổng tình nguyện viên.")
        preview_value = {"figure": "devices_handed_over", "label": ""}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["number"] = public.figure(value["figure"])
        shows_figures((parent_context or {}).get("request"))
        context["default_label"] = dict(public.BLOCK_FIGURES)[value["figure"]]
        return context


class FaqBlock(blocks.StructBlock):
    questions = blocks.ListBlock(
        blocks.StructBlock(
            [
                ("question", blocks.CharBlock(label=_("câu hỏi"))),
                (
                    "answer",
                    blocks.RichTextBlock(label=_("trả lời"), features=["bold", "link", "ol", "ul"]),
                ),
            ],
            label=_("câu hỏi"),
        ),
        label=_("các câu hỏi"),
    )

    class Meta:
        icon = "help"
        label = _("Hỏi đáp")
        template = "blocks/faq.html"
        description = _("Các câu hỏi thường gặp; người đọc bấm vào câu hỏi để xem trả lời.")
        preview_value = {
            "questions": [
                {
                    "question": _("Máy hỏng có nhận không?"),
                    "answer": _(
                        "<p>Có. Máy sửa được sẽ được sửa; máy không sửa được sẽ được thanh lý "
                        "để gây quỹ.</p>"
                    ),
                },
                {
                    "question": _("Dữ liệu cũ trong máy thì sao?"),
                    "answer": _("<p>Đội Hỗ trợ IT xoá sạch và cài lại máy trước khi trao.</p>"),
                },
            ]
        }


class VideoBlock(blocks.StructBlock):
    """A YouTube video, embedded from youtube-nocookie.com: nothing to fetch when the page
    is saved or shown, and no tracking cookie before the visitor presses play."""

    url = blocks.URLBlock(label=_("địa chỉ YouTube"))
    title = blocks.CharBlock(label=_("tên video"))

    class Meta:
        icon = "media"
        label = _("Video")
        template = "blocks/video.html"
        description = _("Một video YouTube, nhúng không cookie theo dõi.")
        preview_value = {"url": "https://youtu.be/", "title": _("Phóng sự về chương trình")}
        preview_template = "blocks/previews/video.html"

    def clean(self, value):
        value = super().clean(value)
        if not YOUTUBE.search(value["url"]):
            raise blocks.StructBlockValidationError(
                block_errors={"url": ValidationError(_("Hãy dán địa chỉ một video YouTube."))}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        found = YOUTUBE.search(value["url"] or "")
        context["video_id"] = found.group(1) if found else ""
        return context


class GalleryBlock(blocks.StructBlock):
    images = blocks.ListBlock(CaptionedImageBlock(), label=_("ảnh"), min_num=2)

    class Meta:
        icon = "image"
        label = _("Bộ ảnh")
        template = "blocks/gallery.html"
        description = _("Từ hai ảnh trở lên, xếp thành lưới; bấm vào ảnh để xem cỡ lớn.")
        preview_value = staticmethod(_preview_gallery)


class StandardsBlock(blocks.StaticBlock):
    """The minimum standards in force, from the portal's data (never retyped)."""

    class Meta:
        icon = "list-ul"
        label = _("Tiêu chuẩn thiết bị")
        admin_text = _("Hiện tiêu chuẩn kỹ thuật tối thiểu đang áp dụng.")
        template = "blocks/standards.html"
        description = admin_text
        preview_value = None

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context.update(public.standards_in_force())
        return context


class FindTeamBlock(blocks.StructBlock):
    """A search box that opens the teams directory at the commune typed."""

    heading = blocks.CharBlock(label=_("tiêu đề"), default=_("Tìm tổ IT gần nhà bạn"))
    directory = blocks.PageChooserBlock(
        label=_("trang danh bạ tổ IT"), page_type="campaign.TeamsPage"
    )

    class Meta:
        icon = "search"
        label = _("Tìm tổ IT")
        template = "blocks/find_team.html"
        description = _("Ô tìm kiếm mở danh bạ tổ IT ở xã, thị trấn người đọc gõ vào.")
        preview_value = staticmethod(_preview_find_team)


class TextBlock(blocks.RichTextBlock):
    """Rich text, with its preview in the class (block options would be copied into every
    migration of every page that uses it)."""

    class Meta:
        description = _("Đoạn văn, tiêu đề, danh sách và liên kết.")
        preview_value = _(
            "<h2>Chương trình làm gì?</h2><p>Tiếp nhận máy tính, điện thoại cũ, sửa chữa, "
            "nâng cấp và trao tặng học sinh có hoàn cảnh khó khăn.</p>"
        )


class StoryBlock(blocks.StreamBlock):
    text = TextBlock(
        label=_("Văn bản"),
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link"],
        template="blocks/text.html",
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    figure = FigureBlock()
    faq = FaqBlock()
    video = VideoBlock()
    gallery = GalleryBlock()
    standards = StandardsBlock()
    find_team = FindTeamBlock()

    class Meta:
        label = _("Nội dung")
