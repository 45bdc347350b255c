"""What the whole site says about the program: its tagline, footer, organisers, contact
details and start date. Editable in the admin (Settings → Chương trình) rather than written
into the templates.

The texts are Vietnamese. The English site shows the catalogue's translation of a text when
there is one (the defaults have theirs) and the text itself otherwise."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

# Marked for the catalogue so the English site keeps translating the defaults.
DEFAULT_TAGLINE = gettext_noop("Gia Lâm · Sóng và máy tính cho em")
DEFAULT_FOOTER = gettext_noop(
    "Chương trình “Máy tính cũ – Tri thức mới”, thuộc Chương trình “Sóng và máy tính cho em”."
)
DEFAULT_ORGANISERS = "\n".join(
    [
        gettext_noop("Huyện đoàn Gia Lâm"),
        gettext_noop("Phòng Giáo dục và Đào tạo huyện Gia Lâm"),
    ]
)
DEFAULT_PLACE = gettext_noop("Gia Lâm, Hà Nội")
DEFAULT_START_DATE = datetime.date(2021, 10, 5)


@register_setting(icon="site")
class ProgramSettings(BaseGenericSetting):
    tagline = models.CharField(
        _("khẩu hiệu"),
        max_length=120,
        default=DEFAULT_TAGLINE,
        help_text=_("Dòng nhỏ dưới tên chương trình, ở đầu mọi trang."),
    )
    footer = models.CharField(
        _("dòng giới thiệu cuối trang"), max_length=250, default=DEFAULT_FOOTER
    )
    organisers = models.TextField(
        _("đơn vị đồng tổ chức"),
        default=DEFAULT_ORGANISERS,
        help_text=_("Mỗi đơn vị một dòng."),
    )
    place = models.CharField(
        _("địa bàn"), max_length=120, default=DEFAULT_PLACE, help_text=_("Huyện, thành phố.")
    )
    start_date = models.DateField(_("ngày bắt đầu chương trình"), default=DEFAULT_START_DATE)
    phone = models.CharField(_("điện thoại liên hệ"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail liên hệ"), blank=True)
    address = models.CharField(_("địa chỉ liên hệ"), max_length=250, blank=True)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("tagline"),
                FieldPanel("footer"),
                FieldPanel("organisers"),
                FieldPanel("place"),
                FieldPanel("start_date"),
            ],
            heading=_("Chương trình"),
        ),
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("email"), FieldPanel("address")],
            heading=_("Liên hệ"),
            help_text=_("Hiện trên trang liên hệ."),
        ),
    ]

    class Meta:
        verbose_name = _("thông tin chương trình")
        verbose_name_plural = _("thông tin chương trình")

    def organiser_list(self) -> list[str]:
        return [line.strip() for line in self.organisers.splitlines() if line.strip()]
