"""Demo devices of every kind in every state the portal's work leads to, made through the
real services (so the events, checks, repairs, fund entries and counters are all consistent):
moves by hand through `device_transition`, liquidations through an approved sale. Handed-over
devices come with their students (the handover service), in home.demo.students."""

import uuid
from datetime import timedelta
from decimal import Decimal
from itertools import cycle

from django.utils import timezone

from portal import access, specs
from portal.models import HOLDS_DATA, Device, DeviceStatus, Fund, Team, WipeMethod
from portal.phones import phone_stored
from portal.services.devices import (
    device_intake,
    device_transition,
    repair_record,
    spec_check_record,
)
from portal.services.fund import fund_entry_record, sale_approve, sale_record
from portal.services.wipes import data_wipe_record

S = DeviceStatus
NAMESPACE = uuid.UUID("0b8a6e52-8f3e-4b7e-9a36-6d1f0e7c2a10")

MODELS = {
    "phone": [
        ("Samsung", "Galaxy A10"),
        ("Oppo", "A5s"),
        ("Xiaomi", "Redmi 7A"),
        ("Nokia", "5.1 Plus"),
    ],
    "tablet": [("Samsung", "Galaxy Tab A 8.0"), ("Apple", "iPad 5"), ("Lenovo", "Tab M8")],
    "laptop": [
        ("Dell", "Latitude E5430"),
        ("HP", "ProBook 440 G2"),
        ("Lenovo", "ThinkPad T420"),
        ("Asus", "X441U"),
    ],
    "desktop": [("Dell", "OptiPlex 3020"), ("HP", "Compaq 6200 Pro")],
    "sim": [("Viettel", "Sim học tập 4 GB/ngày"), ("VNPT", "Sim Vinaphone 2 GB/ngày")],
}
GOOD = {
    "phone": specs.Measurements(
        os_name="android",
        os_version="9",
        ram_gb=Decimal(3),
        free_storage_gb=Decimal(12),
        working_parts=frozenset({"speaker", "microphone", "webcam", "headphones"}),
        has_charger=True,
    ),
    "laptop": specs.Measurements(
        os_name="windows",
        os_version="10",
        cpu_model="Intel Core i3-3120M",
        cpu_ghz=Decimal("2.5"),
        ram_gb=Decimal(4),
        disk_gb=240,
        working_parts=frozenset({"screen", "keyboard", "speaker", "microphone", "webcam"}),
        has_charger=True,
        battery_good=True,
    ),
    "desktop": specs.Measurements(
        os_name="windows",
        os_version="10",
        cpu_model="Intel Pentium G3240",
        cpu_ghz=Decimal("3.1"),
        ram_gb=Decimal(4),
        disk_gb=500,
        working_parts=frozenset(
            {"monitor", "mouse", "keyboard", "headphones", "microphone", "webcam", "wifi"}
        ),
        uses_wireless=True,
    ),
}
GOOD["tablet"] = GOOD["phone"]
BAD = {
    "phone": specs.Measurements(
        os_name="android",
        os_version="4.2.2",
        ram_gb=Decimal(1),
        free_storage_gb=Decimal(3),
        working_parts=frozenset({"speaker"}),
        has_charger=False,
    ),
    "laptop": specs.Measurements(
        os_name="windows",
        os_version="7",
        cpu_model="Intel Celeron B815",
        cpu_ghz=Decimal("1.6"),
        ram_gb=Decimal(1),
        disk_gb=100,
        working_parts=frozenset({"screen", "keyboard", "speaker", "microphone", "webcam"}),
        has_charger=True,
        battery_good=False,
    ),
    "desktop": specs.Measurements(
        os_name="windows",
        os_version="XP",
        cpu_ghz=Decimal("0.8"),
        ram_gb=Decimal(1),
        disk_gb=80,
        working_parts=frozenset({"monitor", "keyboard"}),
        uses_wireless=True,
    ),
}
BAD["tablet"] = BAD["phone"]

# (kind, where it ends up); each is received by one of the demo teams in turn.
PLAN = [
    *[
        ("laptop", s)
        for s in (
            "received",
            "ready",
            "needs_repair",
            "repaired",
            "repaired",
            "ready",
            "unrepairable",
        )
    ],
    *[
        ("phone", s)
        for s in (
            "received",
            "received",
            "ready",
            "ready",
            "needs_repair",
            "repaired",
            "to_liquidate",
            "liquidated",
            "liquidated",
        )
    ],
    *[("tablet", s) for s in ("received", "ready", "needs_repair", "liquidated")],
    *[("desktop", s) for s in ("received", "ready", "needs_repair", "repaired", "to_liquidate")],
    *[("sim", s) for s in ("received", "ready", "ready", "ready")],
]
TEAMS = ["Bát Tràng", "Trâu Quỳ", "Cổ Bi", "Đa Tốn", "Cụm đoàn số 1"]
DONORS = [
    "Anh Trần Văn Minh",
    "Công ty TNHH Điện tử Gia Lâm",
    "Chị Lê Thu Trang",
    "Trường THPT Nguyễn Văn Cừ",
    "Viettel Gia Lâm",
    "",
]


# How each kind is wiped in the demo: the program's policy (the standards page says it).
WIPES = {
    "laptop": (WipeMethod.NIST_CLEAR, "nwipe 0.34 (một lượt ghi đè, có kiểm tra)"),
    "desktop": (WipeMethod.NIST_PURGE, "Lệnh Secure Erase của ổ SSD (hdparm 9.65)"),
    "phone": (WipeMethod.FACTORY_RESET, "Cài đặt gốc Android 12 (đã mã hoá)"),
    "tablet": (WipeMethod.FACTORY_RESET, "Cài đặt gốc iPadOS 15 (đã mã hoá)"),
}


def wiped(device: Device, actor, verifier=None) -> None:
    """Record the wipe of a device holding data, checked by a second person (another member
    of its team unless `verifier` is given): every demo device that goes out has one."""
    if device.kind not in HOLDS_DATA or hasattr(device, "wipe"):
        return
    verifier = verifier or access.wipe_verifiers(device).exclude(pk=actor.pk).first()
    method, tool = WIPES[device.kind]
    data_wipe_record(
        actor=actor,
        device=device,
        method=method,
        tool=tool,
        wiped_on=timezone.localdate(),
        verified_by=verifier,
    )


def _sim_check(device) -> specs.Measurements:
    return specs.Measurements(
        data_gb_per_day=device.data_gb_per_day, valid_until=device.valid_until
    )


def _walk(device: Device, target: str, actor, coordinator, number: int) -> None:
    kind = device.kind
    good = _sim_check(device) if kind == "sim" else GOOD[kind]
    if target == "received":
        return
    if (
        target in ("needs_repair", "repaired", "unrepairable", "to_liquidate", "liquidated")
        and kind != "sim"
    ):
        spec_check_record(actor=actor, device=device, measurements=BAD[kind])
        if target == "repaired":
            repair_record(
                actor=actor,
                device=device,
                fields={
                    "actions": [
                        "ram_upgraded",
                        "disk_upgraded",
                        "os_installed",
                        "software_installed",
                    ],
                    "parts_used": "RAM 4 GB, SSD 240 GB"
                    if kind in ("laptop", "desktop")
                    else "Pin mới",
                    "parts_cost_vnd": 650_000 if kind in ("laptop", "desktop") else 180_000,
                },
            )
            wiped(device, actor, coordinator if actor != coordinator else None)
            spec_check_record(actor=actor, device=device, measurements=good)
        if target in ("unrepairable", "to_liquidate", "liquidated"):
            device_transition(
                actor=actor, device=device, to=S.UNREPAIRABLE, note="Hỏng bo mạch, không đáng sửa"
            )
        if target in ("to_liquidate", "liquidated"):
            device_transition(actor=actor, device=device, to=S.TO_LIQUIDATE)
        if target in ("to_liquidate", "liquidated"):
            wiped(device, actor, coordinator if actor != coordinator else None)
        if target == "liquidated":
            sale = sale_record(
                actor=actor,
                device=device,
                buyer_name="Cửa hàng sửa chữa Minh Phát",
                buyer_phone=phone_stored("0988 111 222"),
                price_vnd=150_000 + 50_000 * (number % 4),
                sold_on=timezone.localdate() - timedelta(days=number),
            )
            sale_approve(actor=coordinator, sale=sale)
        return
    wiped(device, actor, coordinator if actor != coordinator else None)
    spec_check_record(actor=actor, device=device, measurements=good)


def load(teams: dict[str, Team], volunteer, coordinator) -> int:
    """Create the demo devices that do not exist yet; return how many were made."""
    made = 0
    models = {kind: cycle(choices) for kind, choices in MODELS.items()}
    team_cycle, donors = cycle(TEAMS), cycle(DONORS)
    for number, (kind, target) in enumerate(PLAN, start=1):
        key = uuid.uuid5(NAMESPACE, f"device-{number}")
        team, donor = teams[next(team_cycle)], next(donors)
        brand, model = next(models[kind])
        if Device.objects.filter(intake_key=key).exists():
            continue
        fields = {
            "kind": kind,
            "brand": brand,
            "model_name": model,
            "donor_name": donor,
            "has_charger": kind != "sim",
            "condition_notes": "Máy cũ, đã qua sử dụng",
        }
        if kind == "sim":
            fields.update(
                carrier=brand.lower(),
                data_gb_per_day=Decimal(4 if brand == "Viettel" else 2),
                valid_from=timezone.localdate(),
                valid_until=timezone.localdate() + timedelta(days=180),
                sponsor=f"{brand} Gia Lâm",
                brand="",
            )
        else:
            fields["serial"] = f"SN{number:04d}-{brand[:2].upper()}"
        actor = volunteer if team.memberships.filter(person=volunteer).exists() else coordinator
        device = device_intake(actor=actor, team=team, fields=fields, intake_key=key)
        _walk(device, target, actor, coordinator, number)
        made += 1
    fund = Fund.objects.get(area__name="Gia Lâm")
    if not fund.entries.filter(kind="cash_donation").exists():
        for amount, text in (
            (5_000_000, "Đoàn viên Công an huyện ủng hộ"),
            (2_000_000, "Hội Phụ nữ xã Bát Tràng ủng hộ"),
        ):
            fund_entry_record(
                actor=coordinator,
                fund=fund,
                kind="cash_donation",
                amount_vnd=amount,
                description=text,
                occurred_on=timezone.localdate() - timedelta(days=20),
            )
        # Something spent, so the open fund page shows money going out too.
        fund_entry_record(
            actor=coordinator,
            fund=fund,
            kind="parts",
            amount_vnd=850_000,
            description="RAM 8 GB và ổ SSD 240 GB cho laptop cũ",
            occurred_on=timezone.localdate() - timedelta(days=10),
        )
    return made
