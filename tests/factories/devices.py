import uuid
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from portal import specs
from portal.services.devices import device_intake, device_transition, spec_check_record
from portal.services.fund import sale_record

GOOD_LAPTOP = specs.Measurements(
    os_name="windows",
    os_version="10",
    cpu_ghz=Decimal("1.6"),
    ram_gb=Decimal(4),
    disk_gb=240,
    working_parts=frozenset({"screen", "keyboard", "speaker", "microphone", "webcam"}),
    has_charger=True,
    battery_good=True,
)
BROKEN_PHONE = specs.Measurements(
    os_name="android", os_version="4.2", ram_gb=Decimal(1), free_storage_gb=Decimal(2)
)


def received(actor, team, kind="laptop", **fields):
    """A device received through the real intake service."""
    if kind == "sim":
        fields = {
            "carrier": "viettel",
            "data_gb_per_day": Decimal(4),
            "valid_until": timezone.localdate() + timedelta(days=200),
            **fields,
        }
    return device_intake(
        actor=actor,
        team=team,
        fields={"kind": kind, "model_name": "Máy thử", **fields},
        intake_key=uuid.uuid4(),
    )


def checked(actor, device, measurements):
    spec_check_record(actor=actor, device=device, measurements=measurements)
    device.refresh_from_db()
    return device


def listed_for_sale(actor, team):
    """A phone that failed its check, judged unrepairable and put on the liquidation list by
    hand, as a volunteer does in the portal; only an approved sale liquidates it."""
    phone = checked(actor, received(actor, team, kind="phone"), BROKEN_PHONE)
    device_transition(actor=actor, device=phone, to="unrepairable", note="Hỏng main")
    device_transition(actor=actor, device=phone, to="to_liquidate")
    phone.refresh_from_db()
    return phone


def sale_recorded(actor, device, **fields):
    """The team's record of a sale of a device listed for liquidation, awaiting approval."""
    return sale_record(
        actor=actor,
        device=device,
        **{
            "buyer_name": "Người mua",
            "buyer_phone": "",
            "price_vnd": 100_000,
            "sold_on": date(2026, 11, 1),
            **fields,
        },
    )
