"""The demo's second city, Huế: a program of its own in the same deployment, beside Hà
Nội's, with a coordinator, a volunteer, a youth IT team and a few devices. Each coordinator
sees only their city in the portal, and each city's results have their own address
(/ket-qua/ha-noi/, /ket-qua/hue/)."""

import uuid

from django.contrib.auth.models import Group

from home.demo.accounts import COORDINATORS_GROUP, LEADER, DemoAccount, demo_person
from home.demo.devices import GOOD, wiped
from portal.models import Area, Device, Membership, Team
from portal.services.devices import device_intake, spec_check_record

CITY = "Huế"
# Two wards of the 2025 map; the team works in the first.
WARDS = ["Thuận Hóa", "Phú Xuân"]
TEAM = "Tổ Thanh niên IT phường Thuận Hóa"
NAMESPACE = uuid.UUID("5d1e2f0a-7c44-4a51-9e0b-3b2f6a8c9d17")
DEVICES = [("laptop", "Dell", "Latitude E6430"), ("laptop", "HP", "ProBook 440 G2")]
DEVICES += [("phone", "Samsung", "Galaxy A10"), ("tablet", "Apple", "iPad Air 2")]

ACCOUNTS = [
    DemoAccount(
        role="điều phối viên Huế",
        email="dieuphoi.hue@demo.maytinhcu.vn",
        last_name="Nguyễn Thị",
        first_name="Hương",
        coordinator=True,
        groups=(COORDINATORS_GROUP,),
    ),
    DemoAccount(
        role="tổ trưởng Huế",
        email="totruong.hue@demo.maytinhcu.vn",
        last_name="Lê Văn",
        first_name="Quang",
        teams=((TEAM, LEADER),),
    ),
]


def _city() -> Area:
    city = Area.objects.filter(kind=Area.Kind.CITY, name=CITY).first()
    if city is None:
        # Beside Hà Nội under the country (the migrations make it), as load_areas puts it.
        country = Area.objects.filter(kind=Area.Kind.COUNTRY).order_by("path").first()
        city = (
            country.add_child(name=CITY, kind=Area.Kind.CITY, level_name="thành phố")
            if country
            else Area.add_root(name=CITY, kind=Area.Kind.CITY, level_name="thành phố")
        )
    for name in WARDS:
        if not city.get_children().filter(name=name).exists():
            city.add_child(name=name, kind=Area.Kind.WARD)
            city.refresh_from_db()  # treebeard counts the children on the row
    return city


def load() -> list[DemoAccount]:
    city = _city()
    ward = city.get_children().get(name=WARDS[0])
    team, _ = Team.objects.update_or_create(
        name=TEAM,
        defaults={
            "kind": Team.Kind.YOUTH_IT,
            "commune": ward,
            "is_active": True,
            "meeting_place": "Nhà văn hóa phường Thuận Hóa",
        },
    )
    people = {}
    for account in ACCOUNTS:
        person = demo_person(
            account.email,
            account.last_name,
            account.first_name,
            password=account.password,
            coordinated_area=city if account.coordinator else None,
        )
        person.groups.set(Group.objects.filter(name__in=account.groups))
        for _team, role in account.teams:
            Membership.objects.update_or_create(
                team=team, person=person, defaults={"role": role, "contact_is_public": True}
            )
        people[account.email] = person
    leader = people[ACCOUNTS[1].email]
    for number, (kind, brand, model) in enumerate(DEVICES, start=1):
        key = uuid.uuid5(NAMESPACE, f"device-{number}")
        if Device.objects.filter(intake_key=key).exists():
            continue
        device = device_intake(
            actor=leader,
            team=team,
            fields={
                "kind": kind,
                "brand": brand,
                "model_name": model,
                "serial": f"HUE{number:04d}",
                "has_charger": True,
                "condition_notes": "Máy cũ, đã qua sử dụng",
            },
            intake_key=key,
        )
        if number <= len(DEVICES) // 2:  # half are checked and ready to hand over
            # The team's only member wipes; the city's coordinator checks.
            wiped(device, leader, people[ACCOUNTS[0].email])
            spec_check_record(actor=leader, device=device, measurements=GOOD[kind])
    return ACCOUNTS
