"""Write the area data the migrations ship (portal/data/hanoi_2025.json) from the data
package, so the shipped list is the package's, not typed by hand. Run it again after the
package is upgraded and review the diff."""

import json
from dataclasses import asdict
from pathlib import Path

from django.core.management.base import BaseCommand

from portal import areas_package

OUT = Path(__file__).resolve().parents[2] / "data" / "hanoi_2025.json"
PROVINCE = "01"  # Hà Nội
DISTRICT = "Gia Lâm"  # the program's district of 2021


class Command(BaseCommand):
    help = "Regenerate portal/data/hanoi_2025.json (Hà Nội's current units, Gia Lâm's history)."

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, default=OUT)

    def handle(self, *args, out: Path, **options):
        province = next(p for p in areas_package.provinces() if p.code == PROVINCE)
        district, history = areas_package.district_history(PROVINCE, DISTRICT)
        data = {
            "source": areas_package.source(),
            "province": asdict(province),
            "communes": [asdict(unit) for unit in areas_package.communes(PROVINCE)],
            "district": asdict(district),
            "history": [asdict(unit) for unit in history],
        }
        out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        self.stdout.write(f"{out}: {len(data['communes'])} units, {len(history)} old ones")
