"""Where the program works: an area tree over time, clusters of communes (cụm đoàn) and
schools.

The tree is generic (materialised paths, as Wagtail's pages use), so another district or a
whole province joins by adding rows, not columns. Since 1 July 2025 Vietnam has two levels
(province → commune); the abolished districts stay in the tree with the communes of their
time, closed by `valid_to`, and `AreaSuccessor` says which current units each old one became.
Records keep the unit they were made under; `portal.areas_map` reads them by either map.
"""

from datetime import date

from treebeard.mp_tree import MP_Node

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The day the two-level local government began (Resolution 202/2025/QH15).
TWO_LEVELS_FROM = date(2025, 7, 1)


class Area(MP_Node):
    class Level(models.TextChoices):
        """The tier of government, whatever the unit is called (a ward and a town are both
        at the commune level)."""

        COUNTRY = "country", _("Quốc gia")
        PROVINCE = "province", _("Cấp tỉnh")
        DISTRICT = "district", _("Cấp huyện (đến 30/6/2025)")
        COMMUNE = "commune", _("Cấp xã")

    class Kind(models.TextChoices):
        COUNTRY = "country", _("Quốc gia")
        CITY = "city", _("Tỉnh / thành phố")
        DISTRICT = "district", _("Quận / huyện")
        TOWN = "town", _("Thị trấn")
        COMMUNE = "commune", _("Xã")
        WARD = "ward", _("Phường")
        SPECIAL_ZONE = "zone", _("Đặc khu")

    LEVEL_OF_KIND = {
        Kind.COUNTRY: Level.COUNTRY,
        Kind.CITY: Level.PROVINCE,
        Kind.DISTRICT: Level.DISTRICT,
        Kind.TOWN: Level.COMMUNE,
        Kind.COMMUNE: Level.COMMUNE,
        Kind.WARD: Level.COMMUNE,
        Kind.SPECIAL_ZONE: Level.COMMUNE,
    }

    # The levels where an IT team lives and a student is registered.
    GRASSROOTS = (Kind.TOWN, Kind.COMMUNE, Kind.WARD, Kind.SPECIAL_ZONE)

    # A city's or district's own level ("huyện", "quận", "thành phố"…): the kinds above
    # group them for access and figures, but its name on paper says which one it is.
    GENERIC = (Kind.COUNTRY, Kind.CITY, Kind.DISTRICT)
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
    # Derived from `kind` on save, so code that makes areas by kind stays right.
    level = models.CharField(_("cấp hành chính"), max_length=10, choices=Level.choices)
    code = models.CharField(
        _("mã đơn vị hành chính"),
        max_length=10,
        blank=True,
        help_text=_("Mã của Tổng cục Thống kê (nay là Cục Thống kê), ví dụ 01 cho Hà Nội."),
    )
    valid_from = models.DateField(_("có hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(
        _("hết hiệu lực từ"),
        null=True,
        blank=True,
        help_text=_("Ngày đơn vị không còn (sáp nhập, chia tách); để trống nếu còn."),
    )

    node_order_by: list[str] = []

    class Meta:
        verbose_name = _("địa bàn")
        verbose_name_plural = _("địa bàn")
        constraints = [
            # The statistics office reuses an abolished unit's code for a new one (old Đa
            # Tốn's 00577 is today's Bát Tràng), so a code is unique among current units only.
            models.UniqueConstraint(
                fields=["level", "code"],
                condition=Q(valid_to__isnull=True) & ~Q(code=""),
                name="area_current_code_unique",
            ),
        ]

    def save(self, *args, **kwargs):
        self.level = self.LEVEL_OF_KIND.get(self.kind, self.level)
        super().save(*args, **kwargs)

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day < self.valid_to
        )

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

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


class AreaSuccessor(models.Model):
    """One line of a reorganisation: the old unit went, whole or in part, into the new one.
    A unit split between several new ones has a part line to each."""

    old = models.ForeignKey(
        Area, verbose_name=_("đơn vị cũ"), on_delete=models.CASCADE, related_name="successors"
    )
    new = models.ForeignKey(
        Area, verbose_name=_("đơn vị mới"), on_delete=models.CASCADE, related_name="predecessors"
    )
    whole = models.BooleanField(_("toàn bộ"), default=True)

    class Meta:
        verbose_name = _("đơn vị kế thừa")
        verbose_name_plural = _("đơn vị kế thừa")
        constraints = [
            models.UniqueConstraint(fields=["old", "new"], name="area_successor_unique"),
        ]

    def __str__(self):
        return f"{self.old} → {self.new}"


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
