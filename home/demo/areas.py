"""The demo on the 2025 map: Hà Nội's current communes come with the migrations, Gia Lâm's
22 communes of 2021 keep their names and records. The coordinator has placed the records of
the communes that were split (as the portal's "Xếp vào xã mới" page does), all but Đông Dư's,
left for the list to show a commune still waiting."""

from portal.models import Area
from portal.selectors.areas_map import PLACEABLE, succession
from portal.services.placements import records_place

# Old commune → the current unit the demo coordinator placed its records in.
PLACED = {
    "Trâu Quỳ": "Gia Lâm",
    "Đa Tốn": "Bát Tràng",
    "Bát Tràng": "Bát Tràng",
    "Cổ Bi": "Gia Lâm",
    "Đặng Xá": "Thuận An",
    "Phú Thị": "Thuận An",
    "Kim Sơn": "Gia Lâm",
}


def load(coordinator) -> None:
    district = Area.objects.get(kind=Area.Kind.DISTRICT, name="Gia Lâm")
    steps = succession()
    for old in district.get_children():
        if old.name not in PLACED:
            continue
        parts = Area.objects.filter(pk__in=steps.parts(old.pk), name=PLACED[old.name])
        for model in PLACEABLE:
            records_place(actor=coordinator, old_unit=old, model=model, area=parts.get())
