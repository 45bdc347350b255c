from django.core.management.base import BaseCommand

from portal.services.recount import counters_recount, maps_agree


class Command(BaseCommand):
    help = (
        "Recount every public figure from the records and repair any drift, now (the same "
        "work the weekly recount_all_counters job does; reconcile_counters recounts only the "
        "cells marked since its last run, every 15 minutes)."
    )

    def handle(self, *args, **options):
        drifts = counters_recount()
        for (key, area_id, period), was, now in drifts:
            self.stdout.write(f"  {key} · area {area_id} · {period}: {was} → {now}")
        self.stdout.write(self.style.SUCCESS(f"{len(drifts)} figure(s) repaired."))
        disagreements = maps_agree()
        for drift in disagreements:
            self.stdout.write(
                self.style.ERROR(
                    f"  {drift.area} · {drift.key}: counted {drift.counted}, by the 2021 "
                    f"communes {drift.by_2021}, by the current ones {drift.current}"
                )
            )
        if not disagreements:
            self.stdout.write(self.style.SUCCESS("The 2021 and current maps give the same totals."))
