"""The 2025 map of Hà Nội, from portal/data/hanoi_2025.json (written from the data package by
`manage.py area_data_file`, never by hand):

- a country root, "Việt Nam", above the provinces (the tree's roots move one level down);
- Hà Nội's official code and its 126 current communes and wards, valid from 1 July 2025;
- Gia Lâm district and its 22 communes and towns of 2021 closed on 1 July 2025, with their
  codes where the package still has them and links to the units they became (whole or part).

Paths are written by hand (historical models have no treebeard methods): four base-36 digits
per level, as in 0003.
"""

import json
import unicodedata
from datetime import date
from pathlib import Path

from django.db import migrations
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr

DATA = Path(__file__).resolve().parent.parent / "data" / "hanoi_2025.json"
TWO_LEVELS_FROM = date(2025, 7, 1)
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEP = 4
ROOT = "0001"
LEVELS = {"city": "province", "district": "district"}


def step(number: int) -> str:
    digits = ""
    while number:
        number, remainder = divmod(number, len(ALPHABET))
        digits = ALPHABET[remainder] + digits
    return digits.rjust(STEP, "0")


def squeeze(name: str) -> str:
    decomposed = unicodedata.normalize("NFD", name.casefold())
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).replace("đ", "d")
    return folded.replace(" ", "")


def forwards(apps, schema_editor):
    Area = apps.get_model("portal", "Area")
    AreaSuccessor = apps.get_model("portal", "AreaSuccessor")
    data = json.loads(DATA.read_text(encoding="utf-8"))

    # Every root moves under the country. In two steps, so no row's new path meets another
    # row's old one while the update runs.
    roots = Area.objects.filter(depth=1).count()
    Area.objects.update(path=Concat(Value("#"), F("path")), depth=F("depth") + 1)
    Area.objects.update(path=Concat(Value(ROOT), Substr("path", 2)))
    Area.objects.create(
        path=ROOT, depth=1, numchild=roots, name="Việt Nam", kind="country", level="country"
    )

    province = data["province"]
    city = Area.objects.filter(depth=2, kind="city", name=province["name"]).first()
    if city is None:
        city = Area.objects.create(
            path=ROOT + step(roots + 1), depth=2, numchild=0, name=province["name"], kind="city"
        )
        Area.objects.filter(path=ROOT).update(numchild=roots + 1)
    city.code = province["code"]
    city.level = "province"
    city.level_name = city.level_name or province["level_name"]
    city.save()

    first = city.numchild + 1
    Area.objects.bulk_create(
        Area(
            path=city.path + step(first + index),
            depth=city.depth + 1,
            numchild=0,
            name=unit["name"],
            kind=unit["kind"],
            level="commune",
            code=unit["code"],
            valid_from=TWO_LEVELS_FROM,
        )
        for index, unit in enumerate(data["communes"])
    )
    Area.objects.filter(pk=city.pk).update(numchild=first - 1 + len(data["communes"]))

    district = Area.objects.filter(
        path__startswith=city.path, kind="district", name=data["district"]["name"]
    ).first()
    if district is None:
        return
    Area.objects.filter(pk=district.pk).update(
        code=data["district"]["code"], valid_to=TWO_LEVELS_FROM
    )
    new = {
        area.code: area
        for area in Area.objects.filter(path__startswith=city.path, valid_from=TWO_LEVELS_FROM)
    }
    history = {(unit["kind"], unit["key"]): unit for unit in data["history"]}
    links = []
    for old in Area.objects.filter(path__startswith=district.path, depth=district.depth + 1):
        unit = history.get((old.kind, squeeze(old.name)))
        if unit is None:
            continue
        Area.objects.filter(pk=old.pk).update(code=unit["code"], valid_to=TWO_LEVELS_FROM)
        links += [
            AreaSuccessor(old=old, new=new[code], whole=whole) for code, whole in unit["successors"]
        ]
    AreaSuccessor.objects.bulk_create(links)


def backwards(apps, schema_editor):
    Area = apps.get_model("portal", "Area")
    apps.get_model("portal", "AreaSuccessor").objects.all().delete()
    Area.objects.filter(valid_from=TWO_LEVELS_FROM).delete()
    Area.objects.update(code="", valid_to=None)
    for city in Area.objects.filter(kind="city"):
        children = Area.objects.filter(path__startswith=city.path, depth=city.depth + 1)
        Area.objects.filter(pk=city.pk).update(numchild=children.count())
    Area.objects.filter(path=ROOT, kind="country").delete()
    Area.objects.update(path=Concat(Value("#"), Substr("path", STEP + 1)), depth=F("depth") - 1)
    Area.objects.update(path=Substr("path", 2))


class Migration(migrations.Migration):
    dependencies = [("portal", "0019_areas_over_time")]

    operations = [migrations.RunPython(forwards, backwards)]
