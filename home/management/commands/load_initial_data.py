from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from home.demo import (
    accounts,
    areas,
    changelog,
    desk,
    devices,
    guides,
    honours,
    pages,
    places,
    review,
    second_city,
    site,
    students,
)


class Command(BaseCommand):
    help = (
        "Build the demo site: home page content, clusters, schools and IT teams, one demo "
        "account per role (and a coordinator and a team leader in a second city, Huế), "
        "devices in every state, students (fictional) in every status "
        "with their handovers, training sessions, donor offers and support requests at "
        "every step, a month of the change log (exports and student records read "
        "included), and the public site's pages (news, stories with images, standards, "
        "teams, sponsors, honour roll, and a help page with a screenshot for each portal task) "
        "in Vietnamese and English; Hà Nội by its 2025 communes, with Gia Lâm's 22 communes "
        "of 2021 and their records under their old names. "
        "Safe to run again: it updates what exists and creates what is missing."
    )

    def handle(self, *args, **options):
        if not settings.DEMO_CONTENT_ALLOWED:
            raise CommandError(
                "Demo content is switched off here (DJANGO_DEMO_CONTENT is not set): it "
                "creates accounts with published passwords."
            )
        started = timezone.now()
        with transaction.atomic():
            home = pages.load()
            teams = places.load()
            created = accounts.load(teams)
            devices.load(teams, *accounts.demo_people("tinhnguyen", "dieuphoi"))
            # A second city's program in the same deployment (Huế), with its own accounts.
            created = [*created, *second_city.load()]
            students.load()
            desk.load()
            areas.load(*accounts.demo_people("dieuphoi"))
            honours.load()
            site.load(home)
            guides.load(home)
            review.load(home, *accounts.demo_people("bientap"))
            changelog.load(since=started)
        self.stdout.write(self.style.SUCCESS("Demo content is ready. Demo accounts:"))
        for account in created:
            self.stdout.write(f"  {account.role:<24} {account.email:<32} {account.password}")
