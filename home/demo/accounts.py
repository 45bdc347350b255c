"""Demo accounts, one per role, with published passwords (demo databases only), and team
members without a password who fill the team pages."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from portal.models import Area, Membership, Team
from portal.phones import phone_stored

DEMO_PASSWORD = "giadinh-gialam-2021"
COORDINATORS_GROUP = "Điều phối viên"


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    last_name: str
    first_name: str
    teams: tuple[tuple[str, str], ...] = ()  # (team key from places.load(), membership role)
    coordinator: bool = False
    groups: tuple[str, ...] = ()
    is_superuser: bool = False
    password: str | None = DEMO_PASSWORD


LEADER, MEMBER = Membership.Role.LEADER, Membership.Role.MEMBER

DEMO_ACCOUNTS = [
    DemoAccount(
        role="điều phối viên",
        email="dieuphoi@demo.maytinhcu.vn",
        last_name="Trần Thu",
        first_name="Hà",
        coordinator=True,
        groups=(COORDINATORS_GROUP,),
    ),
    DemoAccount(
        role="tổ trưởng",
        email="totruong@demo.maytinhcu.vn",
        last_name="Phạm Quốc",
        first_name="Bảo",
        teams=(("Bát Tràng", LEADER),),
    ),
    DemoAccount(
        role="tình nguyện viên",
        email="tinhnguyen@demo.maytinhcu.vn",
        last_name="Nguyễn Văn",
        first_name="An",
        teams=(("Bát Tràng", MEMBER), ("Cụm đoàn số 1", MEMBER)),
    ),
    DemoAccount(
        role="giáo viên",
        email="giaovien@demo.maytinhcu.vn",
        last_name="Đỗ Thị",
        first_name="Mai",
        teams=(("Trường THCS Bát Tràng", LEADER),),
    ),
    DemoAccount(
        role="biên tập viên",
        email="bientap@demo.maytinhcu.vn",
        last_name="Lê Minh",
        first_name="Châu",
        groups=("Editors",),
    ),
    DemoAccount(
        role="quản trị kỹ thuật",
        email="quantri@demo.maytinhcu.vn",
        last_name="Vũ Đức",
        first_name="Long",
        is_superuser=True,
    ),
]

# Members who never sign in to the demo: they make the team pages look lived-in.
TEAM_MEMBERS = [
    ("Hoàng Thị", "Lan", "Trâu Quỳ", LEADER),
    ("Bùi Văn", "Hùng", "Trâu Quỳ", MEMBER),
    ("Ngô Thị", "Hồng", "Cổ Bi", LEADER),
    ("Đặng Minh", "Tuấn", "Đa Tốn", LEADER),
    ("Trịnh Văn", "Nam", "Kiêu Kỵ", LEADER),
    ("Lý Thị", "Thu", "Dương Xá", LEADER),
    ("Phan Văn", "Đức", "Ninh Hiệp", LEADER),
    ("Mai Thị", "Hoa", "Phù Đổng", MEMBER),
    ("Dương Văn", "Khánh", "Đặng Xá", LEADER),
    ("Vương Thị", "Yến", "Kim Sơn", LEADER),
    ("Tạ Quang", "Vinh", "Yên Thường", LEADER),
    ("Cao Thị", "Ngọc", "Đình Xuyên", LEADER),
    ("Lâm Văn", "Phúc", "Phú Thị", LEADER),
    ("Kiều Thị", "Trang", "Lệ Chi", LEADER),
    ("Đinh Công", "Sơn", "Cụm đoàn số 1", LEADER),
    ("Chu Văn", "Thắng", "Cụm đoàn số 2", LEADER),
    ("Hà Thị", "Linh", "Trường Tiểu học Trâu Quỳ", LEADER),
]


def demo_person(
    email, last_name, first_name, *, password, is_superuser=False, coordinated_area=None
):
    User = get_user_model()
    user, _ = User.objects.update_or_create(
        email=email,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "is_superuser": is_superuser,
            "is_staff": is_superuser,
            "is_active": True,
            "coordinated_area": coordinated_area,
        },
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save(update_fields=["password"])
    # Demo addresses count as verified, so the accounts can sign in at once.
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"primary": True, "verified": True}
    )
    return user


def load(teams: dict[str, Team]) -> list[DemoAccount]:
    district = Area.objects.get(kind=Area.Kind.DISTRICT, name="Gia Lâm")
    for account in DEMO_ACCOUNTS:
        user = demo_person(
            account.email,
            account.last_name,
            account.first_name,
            password=account.password,
            is_superuser=account.is_superuser,
            coordinated_area=district if account.coordinator else None,
        )
        user.groups.set(Group.objects.filter(name__in=account.groups))
        for team_key, role in account.teams:
            Membership.objects.update_or_create(
                team=teams[team_key],
                person=user,
                defaults={"role": role, "contact_is_public": True},
            )
    for number, (last_name, first_name, team_key, role) in enumerate(TEAM_MEMBERS, start=1):
        user = demo_person(
            f"thanhvien{number}@demo.maytinhcu.vn", last_name, first_name, password=None
        )
        user.phone = phone_stored(f"09{number:02d} 123 456")
        user.save(update_fields=["phone"])
        Membership.objects.update_or_create(
            team=teams[team_key],
            person=user,
            defaults={"role": role, "contact_is_public": number % 3 != 0},
        )
    return DEMO_ACCOUNTS


def demo_people(*mailboxes: str) -> list:
    """Demo accounts by the part of their address before "@"."""
    User = get_user_model()
    return [User.objects.get(email=f"{mailbox}@demo.maytinhcu.vn") for mailbox in mailboxes]
