"""The national list of administrative units and the 2025 conversion, read from the data
files of the `vietnamadminunits` package (pinned in requirements.txt; docs/areas.md says why
this one).

Only its data files are read (a SQLite file and a JSON file): importing the package itself
would load its address parser and geocoder, which the portal does not use. Two maps:

- `admin_units`: today's 34 provinces and their communes and wards (since 1 July 2025);
- `admin_units_legacy`: the 63 provinces with their districts and communes as they stood
  just before, each unit naming in `wardAlias` the communes merged into it earlier, so the
  program's 2021 communes (Đình Xuyên, Dương Hà…) are found through the unit they joined.

The conversion (`converter_2025.json`) says for each old unit which new unit it went to
whole, or the new units it was split between.
"""

import json
import re
import sqlite3
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path

from portal.search import fold

PACKAGE = "vietnamadminunits"

# The unit's type, as the package spells it, → Area.Kind and the key's prefix.
KINDS = {
    "Phường": ("ward", "phuong"),
    "Xã": ("commune", "xa"),
    "Thị trấn": ("town", "thitran"),
    "Đặc khu": ("zone", "dackhu"),
}


# "Yên Viên (Thị trấn)": the package tells apart a town and a commune of the same name so.
TWIN = re.compile(r" \(.*\)$")


@dataclass
class Unit:
    code: str
    name: str
    kind: str
    level_name: str = ""


@dataclass
class OldUnit:
    """A commune or town of the old map, with the current units it became."""

    key: str  # folded short name, no spaces: "dinhxuyen" (the package spells merged ones so)
    kind: str
    code: str = ""  # only for units that still stood just before July 2025
    name: str = ""  # idem
    successors: list[tuple[str, bool]] = field(default_factory=list)  # (new code, whole)


def source() -> str:
    return f"{PACKAGE} {version(PACKAGE)}"


def _data() -> Path:
    spec = find_spec(PACKAGE)  # finds the folder without running the package's imports
    if spec is None or not spec.submodule_search_locations:
        raise LookupError(f"{PACKAGE} is not installed (pip install -r requirements.txt)")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _rows(sql: str, *params: str) -> list[sqlite3.Row]:
    with sqlite3.connect(f"file:{_data() / 'dataset.db'}?mode=ro", uri=True) as db:
        db.row_factory = sqlite3.Row
        return db.execute(sql, params).fetchall()


def squeeze(name: str) -> str:
    """ "Đình Xuyên" → "dinhxuyen": how the package keys a unit."""
    return fold(name).replace(" ", "")


def _split_type(full: str) -> tuple[str, str]:
    """ "Thành phố Hà Nội" → ("thành phố", "Hà Nội")."""
    for level_name in ("Thành phố", "Tỉnh", "Huyện", "Quận", "Thị xã"):
        if full.startswith(level_name + " "):
            return level_name.lower(), full[len(level_name) + 1 :]
    return "", full


def provinces() -> list[Unit]:
    rows = _rows("SELECT DISTINCT provinceCode, province FROM admin_units ORDER BY provinceCode")
    units = []
    for row in rows:
        level_name, name = _split_type(row["province"])
        units.append(Unit(row["provinceCode"], name, "city", level_name))
    return units


def communes(province_code: str) -> list[Unit]:
    """Today's communes, wards and special zones of a province, by code."""
    rows = _rows(
        "SELECT DISTINCT wardCode, wardShort, wardType FROM admin_units"
        " WHERE provinceCode = ? ORDER BY wardCode",
        province_code,
    )
    return [
        Unit(row["wardCode"], TWIN.sub("", row["wardShort"]), KINDS[row["wardType"]][0])
        for row in rows
    ]


@cache
def _conversion() -> dict:
    return json.loads((_data() / "converter_2025.json").read_text(encoding="utf-8"))


def district_history(province_code: str, district_name: str) -> tuple[Unit, list[OldUnit]]:
    """An abolished district and its old communes, each with the current units it went to."""
    rows = _rows(
        "SELECT * FROM admin_units_legacy WHERE provinceCode = ? AND districtShort = ?"
        " ORDER BY wardCode",
        province_code,
        district_name,
    )
    if not rows:
        raise LookupError(f"no district {district_name!r} in province {province_code}")
    level_name, name = _split_type(rows[0]["district"])
    district = Unit(rows[0]["districtCode"], name, "district", level_name)
    province_key = rows[0]["provinceKey"]
    new_key = next(
        new for new, old in _conversion()["DICT_PROVINCE"].items() if province_key in old
    )
    whole = _conversion()["DICT_PROVINCE_WARD_NO_DIVIDED"].get(new_key, {})
    split = _conversion()["DICT_PROVINCE_WARD_DIVIDED"].get(new_key, {})
    codes = {
        row["wardKey"]: row["wardCode"]
        for row in _rows("SELECT wardKey, wardCode FROM admin_units WHERE provinceKey = ?", new_key)
    }
    old_units = []
    for row in rows:
        old_key = f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey']}"
        went = [(codes[new], True) for new, olds in whole.items() if old_key in olds]
        went += [(codes[part["newWardKey"]], False) for part in split.get(old_key, [])]
        if not went:
            raise LookupError(f"{old_key} has no successor in the conversion")
        kind, _prefix = KINDS[row["wardType"]]
        name = TWIN.sub("", row["wardShort"])
        old_units.append(OldUnit(squeeze(name), kind, row["wardCode"], name, went))
        # Communes merged into this one earlier (named in its aliases) went where it went,
        # but only as a part of it when it was split: the package cannot say which part.
        for alias in json.loads(row["wardAlias"] or "[]"):
            for other_kind, other_prefix in KINDS.values():
                if alias.startswith(other_prefix) and alias != row["wardKey"]:
                    merged = alias.removeprefix(other_prefix)
                    old_units.append(OldUnit(merged, other_kind, successors=list(went)))
                    break
    return district, old_units
