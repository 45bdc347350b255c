"""Load the current provinces and communes of the country from the data package (Hà Nội's
come with the migrations). Safe to run again: a unit is found by its level and code among
the units in force, and only what is missing is added or renamed."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from config import cache_versions
from portal import access, areas_package
from portal.models import Area
from portal.models.places import TWO_LEVELS_FROM


def country() -> Area:
    found = Area.objects.filter(kind=Area.Kind.COUNTRY).order_by("path").first()
    return found or Area.add_root(name="Việt Nam", kind=Area.Kind.COUNTRY)


@transaction.atomic
def province_load(unit: areas_package.Unit, root: Area) -> tuple[Area, int]:
    """The province (found by code, or by name if it was made by hand without one) and its
    communes; returns it and how many units were added."""
    in_force = Area.objects.filter(valid_to__isnull=True)
    province = (
        in_force.filter(level=Area.Level.PROVINCE, code=unit.code).first()
        or in_force.filter(kind=Area.Kind.CITY, code="", name=unit.name).first()
    )
    added = 0
    if province is None:
        province = root.add_child(name=unit.name, kind=Area.Kind.CITY, code=unit.code)
        added += 1
    elif not province.get_parent():  # a province made as a root before the country
        province.move(root, "last-child")
        province.refresh_from_db()
    province.code, province.level_name = unit.code, province.level_name or unit.level_name
    province.save()
    existing = {
        area.code: area
        for area in in_force.filter(
            path__startswith=province.path, level=Area.Level.COMMUNE
        ).exclude(code="")
    }
    missing = []
    for commune in areas_package.communes(unit.code):
        found = existing.get(commune.code)
        if found is None:
            missing.append(commune)
        elif (found.name, found.kind) != (commune.name, commune.kind):
            found.name, found.kind = commune.name, commune.kind
            found.save()
    # Appended after the last child in one insert (treebeard's add_child is a query or more
    # a unit, minutes for the country), with the paths it would have given them.
    last = (
        Area.objects.filter(path__startswith=province.path, depth=province.depth + 1)
        .order_by("-path")
        .first()
    )
    step = int(last.path[-Area.steplen :], len(Area.alphabet)) if last else 0
    Area.objects.bulk_create(
        Area(
            path=Area._get_path(province.path, province.depth + 1, step + number),
            depth=province.depth + 1,
            numchild=0,
            name=commune.name,
            kind=commune.kind,
            level=Area.Level.COMMUNE,
            code=commune.code,
            valid_from=TWO_LEVELS_FROM,
        )
        for number, commune in enumerate(missing, start=1)
    )
    children = Area.objects.filter(path__startswith=province.path, depth=province.depth + 1)
    Area.objects.filter(pk=province.pk).update(numchild=children.count())
    return province, added + len(missing)


class Command(BaseCommand):
    help = "Load the current provinces and communes (all, or those whose codes are given)."

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="*", help="province codes, e.g. 01 48 79")

    def handle(self, *args, codes: list[str], **options):
        provinces = areas_package.provinces()
        unknown = set(codes) - {unit.code for unit in provinces}
        if unknown:
            raise CommandError(f"unknown province codes: {', '.join(sorted(unknown))}")
        root = country()
        for unit in provinces:
            if codes and unit.code not in codes:
                continue
            province, added = province_load(unit, root)
            self.stdout.write(f"{province}: {added} added ({areas_package.source()})")
        # Added in bulk, which sends no signal: the kept coverage of every area is stale.
        cache_versions.changed(access.TEAMS_AND_PLACES_VERSION_KEY)
