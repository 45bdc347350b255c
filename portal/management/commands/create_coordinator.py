"""The first coordinator of a new deployment (every later account comes by invitation)."""

from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q

from portal.models import Area
from portal.services.invitations import COORDINATORS_GROUP


class Command(BaseCommand):
    help = (
        "Create (or promote) a coordinator for an area, e.g. `create_coordinator "
        "huyendoan@hanoi.vn --area 'Hà Nội' --name 'Trần Thu Hà'`. The person then sets "
        "a password with “Quên mật khẩu?” on the sign-in page and enrols two-factor sign-in."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--area",
            required=True,
            help="the area's name, e.g. 'Hà Nội', or its statistics code where names repeat "
            "(the 2021 district Gia Lâm is 018, today's commune of that name has its own)",
        )
        parser.add_argument("--name", default="", help="family and given names")

    @transaction.atomic
    def handle(self, *args, email, area, name, **options):
        places = list(Area.objects.filter(Q(name=area) | Q(code=area)))
        if len(places) != 1:
            # A name the 2025 map reused (the district and the commune Gia Lâm): say which
            # units there are, so the operator can name one by its code.
            found = "; ".join(
                f"{place} (code {place.code or '-'}"
                + (f", until {place.valid_to:%d/%m/%Y})" if place.valid_to else ")")
                for place in places
            )
            raise CommandError(
                f"Expected one area named or coded {area!r}, found {len(places)}"
                + (f": {found}. Give its code." if places else ".")
            )
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
