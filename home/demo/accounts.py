"""Demo accounts, one per role, with published passwords (demo databases only)."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

DEMO_PASSWORD = "giadinh-gialam-2021"


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    last_name: str
    first_name: str
    is_superuser: bool = False
    groups: tuple[str, ...] = ()
    password: str = DEMO_PASSWORD


DEMO_ACCOUNTS = [
    DemoAccount(
        role="điều phối viên (quản trị)",
        email="dieuphoi@demo.maytinhcu.vn",
        last_name="Trần Thu",
        first_name="Hà",
        is_superuser=True,
    ),
    DemoAccount(
        role="biên tập viên",
        email="bientap@demo.maytinhcu.vn",
        last_name="Lê Minh",
        first_name="Châu",
        groups=("Editors",),
    ),
    DemoAccount(
        role="tình nguyện viên",
        email="tinhnguyen@demo.maytinhcu.vn",
        last_name="Nguyễn Văn",
        first_name="An",
    ),
]


def load() -> list[DemoAccount]:
    User = get_user_model()
    for account in DEMO_ACCOUNTS:
        user, _ = User.objects.update_or_create(
            email=account.email,
            defaults={
                "first_name": account.first_name,
                "last_name": account.last_name,
                "is_superuser": account.is_superuser,
                "is_staff": account.is_superuser,
                "is_active": True,
            },
        )
        user.set_password(account.password)
        user.save(update_fields=["password"])
        user.groups.set(Group.objects.filter(name__in=account.groups))
        # Demo addresses count as verified, so the accounts can sign in at once.
        EmailAddress.objects.update_or_create(
            user=user, email=account.email, defaults={"primary": True, "verified": True}
        )
    return DEMO_ACCOUNTS
