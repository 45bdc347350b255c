"""Where a record of a split unit belongs on today's map, when its own data cannot say.

A record keeps the unit it was made under. When that unit went in parts to several new ones
(old Đa Tốn to Bát Tràng and Gia Lâm), the record is shown under the new unit a coordinator
placed it in; until then it is listed for them to place, never dropped from the figures.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .places import Area


class Placement(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    area = models.ForeignKey(
        Area, verbose_name=_("xã / phường mới"), on_delete=models.PROTECT, related_name="+"
    )
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    placed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("xếp vào xã mới")
        verbose_name_plural = _("xếp vào xã mới")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="placement_one_per_record"
            ),
        ]

    def __str__(self):
        return f"{self.content_type.model} #{self.object_id} → {self.area}"
