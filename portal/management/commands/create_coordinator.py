"""The first coordinator of a new deployment (every later account comes by invitation)."""

from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal.models import Area
from portal.services.invitations import COORDINATORS_GROUP


class Command(BaseCommand):
    help = (
        "Create (or promote) a coordinator for an area, e.g. `create_coordinator "
        "huyendoan@gialam.vn --area 'Gia Lâm' --name 'Trần Thu Hà'`. The person then sets "
        "a password with “Quên mật khẩu?” on the sign-in page and enrols two-factor sign-in."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--area", required=True, help="the area's name, e.g. 'Gia Lâm'")
        parser.add_argument("--name", default="", help="family and given names")

    @transaction.atomic
    def handle(self, *args, email, area, name, **options):
        places = list(Area.objects.filter(name=area))
        if len(places) != 1:
            raise CommandError(f"Expected one area named {area!r}, found {len(places)}.")
        *family, given = name.split() or [""]
        user, created = get_user_model().objects.get_or_create(
            email=email.strip().lower(),
            defaults={"first_name": given, "last_name": " ".join(family)},
        )
        if created:
            user.set_unusable_password()  # chosen by the person, through the reset e-mail
        user.coordinated_area, user.is_active = places[0], True
        user.save()
        user.groups.add(Group.objects.get(name=COORDINATORS_GROUP))
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"primary": True, "verified": True}
        )
        verb = "Created" if created else "Promoted"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} coordinator {user.email} for {places[0]}. They set their password "
                "with “Quên mật khẩu?” at /accounts/login/."
            )
        )
