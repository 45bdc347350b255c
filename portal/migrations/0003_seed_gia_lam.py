"""Seed the area tree with Gia Lâm district (Hà Nội) and its 22 communes and towns of 2021,
as named in the program's plan. Paths follow treebeard's materialised-path format
(four base-36 digits per level)."""

from django.db import migrations

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

TOWNS = ["Trâu Quỳ", "Yên Viên"]
COMMUNES = [
    "Bát Tràng", "Cổ Bi", "Dương Hà", "Dương Quang", "Dương Xá", "Đa Tốn", "Đặng Xá",
    "Đình Xuyên", "Đông Dư", "Kiêu Kỵ", "Kim Lan", "Kim Sơn", "Lệ Chi", "Ninh Hiệp",
    "Phù Đổng", "Phú Thị", "Trung Mầu", "Văn Đức", "Yên Thường", "Yên Viên",
]


def step(number: int) -> str:
    digits = ""
    while number:
        number, remainder = divmod(number, len(ALPHABET))
        digits = ALPHABET[remainder] + digits
    return digits.rjust(4, "0")


def seed(apps, schema_editor):
    Area = apps.get_model("portal", "Area")
    if Area.objects.exists():
        return
    grassroots = [("town", name) for name in TOWNS] + [("commune", name) for name in COMMUNES]
    city_path = step(1)
    district_path = city_path + step(1)
    Area.objects.create(path=city_path, depth=1, numchild=1, name="Hà Nội", kind="city")
    Area.objects.create(
        path=district_path, depth=2, numchild=len(grassroots), name="Gia Lâm", kind="district"
    )
    Area.objects.bulk_create(
        Area(path=district_path + step(index), depth=3, numchild=0, name=name, kind=kind)
        for index, (kind, name) in enumerate(grassroots, start=1)
    )


def unseed(apps, schema_editor):
    apps.get_model("portal", "Area").objects.filter(path__startswith=step(1)).delete()


class Migration(migrations.Migration):
    dependencies = [("portal", "0002_places_teams_invitations_audit")]

    operations = [migrations.RunPython(seed, unseed)]
