"""Where the program works: an area tree (city → district → commune/town), clusters of
communes (cụm đoàn) and schools.

The tree is generic (materialised paths, as Wagtail's pages use), so another district or a
whole province joins by adding rows, not columns.
"""

from treebeard.mp_tree import MP_Node

from django.db import models
from django.utils.translation import gettext_lazy as _


class Area(MP_Node):
    class Kind(models.TextChoices):
        CITY = "city", _("Tỉnh / thành phố")
        DISTRICT = "district", _("Quận / huyện")
        TOWN = "town", _("Thị trấn")
        COMMUNE = "commune", _("Xã")
        WARD = "ward", _("Phường")

    # The levels where an IT team lives and a student is registered.
    GRASSROOTS = (Kind.TOWN, Kind.COMMUNE, Kind.WARD)

    # A city's or district's own level ("huyện", "quận", "thành phố"…): the kinds above
    # group them for access and figures, but its name on paper says which one it is.
    GENERIC = (Kind.CITY, Kind.DISTRICT)
    # The Youth Union's committee of each level, as documents name it ("Huyện đoàn Gia Lâm").
    UNION = {
        "tỉnh": _("Tỉnh đoàn %(name)s"),
        "thành phố": _("Thành đoàn %(name)s"),
        "huyện": _("Huyện đoàn %(name)s"),
        "quận": _("Quận đoàn %(name)s"),
        "thị xã": _("Thị đoàn %(name)s"),
    }

    name = models.CharField(_("tên"), max_length=100)
    kind = models.CharField(_("cấp"), max_length=10, choices=Kind.choices)
    level_name = models.CharField(
        _("tên gọi của cấp"),
        max_length=30,
        blank=True,
        help_text=_("Như trong tên chính thức, viết thường: huyện, quận, thị xã, thành phố, tỉnh."),
    )
    cluster = models.ForeignKey(
        "portal.Cluster",
        verbose_name=_("cụm đoàn"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="communes",
    )

    node_order_by: list[str] = []

    class Meta:
        verbose_name = _("địa bàn")
        verbose_name_plural = _("địa bàn")

    def __str__(self):
        level = self.level_name or ("" if self.kind in self.GENERIC else self.get_kind_display())
        return f"{level[:1].upper()}{level[1:].lower()} {self.name}".strip()

    @property
    def youth_union_name(self) -> str:
        """The Youth Union committee of this area, as the 2021 plan names the organiser."""
        union = self.UNION.get(self.level_name.lower())
        if union:
            return union % {"name": self.name}
        named = str(self)  # "Xã Bát Tràng" → "Đoàn xã Bát Tràng"
        return _("Đoàn %(area)s") % {"area": f"{named[:1].lower()}{named[1:]}"}

    @property
    def province(self) -> "Area":
        """The province or centrally-run city this area is in (itself at that level): the
        place a report of the area is dated from."""
        if self.kind == self.Kind.CITY:
            return self
        return self.get_ancestors().filter(kind=self.Kind.CITY).first() or self

    @property
    def is_grassroots(self) -> bool:
        return self.kind in self.GRASSROOTS


class Cluster(models.Model):
    """A Youth-Union cluster (cụm đoàn): neighbouring communes sharing an IT support team."""

    name = models.CharField(_("tên"), max_length=100)
    district = models.ForeignKey(
        Area, verbose_name=_("quận / huyện"), on_delete=models.PROTECT, related_name="clusters"
    )

    class Meta:
        verbose_name = _("cụm đoàn")
        verbose_name_plural = _("cụm đoàn")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="cluster_unique_name"),
        ]

    def __str__(self):
        return self.name


class School(models.Model):
    class Level(models.TextChoices):
        PRIMARY = "primary", _("Tiểu học")
        LOWER_SECONDARY = "lower_secondary", _("Trung học cơ sở")
        INTER_LEVEL = "inter_level", _("Liên cấp Tiểu học – THCS")

    name = models.CharField(_("tên trường"), max_length=150)
    level = models.CharField(_("cấp học"), max_length=20, choices=Level.choices)
    commune = models.ForeignKey(
        Area,
        verbose_name=_("xã / thị trấn"),
        on_delete=models.PROTECT,
        related_name="schools",
        limit_choices_to={"kind__in": Area.GRASSROOTS},
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("trường học")
        verbose_name_plural = _("trường học")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "name"], name="school_unique_name"),
        ]

    def __str__(self):
        return self.name
