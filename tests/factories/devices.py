import uuid
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from portal import access, specs
from portal.models import DataWipe, WipeMethod
from portal.models.wipes import holds_data
from portal.services.devices import device_intake, device_transition, spec_check_record
from portal.services.fund import sale_record
from portal.services.wipes import data_wipe_record
from tests.factories.teams import MembershipFactory

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


def wiped(actor, device, *, verified_by=None, method=None, wiped_on=None):
    """The device's data wiped by the actor and checked by a second member of its team, as
    the program requires before a device holding data is ready, handed over or sold."""
    if method is None:
        method = WipeMethod.FACTORY_RESET if device.kind in ("phone", "tablet") else "nist_clear"
    return data_wipe_record(
        actor=actor,
        device=device,
        method=method,
        tool="nwipe 0.34" if method == WipeMethod.NIST_CLEAR else "Cài đặt gốc Android 12",
        wiped_on=wiped_on or timezone.localdate(),
        verified_by=verified_by or _second_person(actor, device),
    )


def _second_person(actor, device):
    """Another member of the device's team; one is added only if the team has none."""
    other = access.wipe_verifiers(device).exclude(pk=actor.pk).first()
    return other or MembershipFactory(team=device.team).person


def checked(actor, device, measurements, *, wipe=True):
    """A spec check through the real service; a device holding data is wiped first (unless
    `wipe` is False), so one that passes becomes ready."""
    if wipe and holds_data(device) and not DataWipe.objects.filter(device=device).exists():
        wiped(actor, device)
    spec_check_record(actor=actor, device=device, measurements=measurements)
    device.refresh_from_db()
    return device


def listed_for_sale(actor, team, *, wipe=True):
    """A phone that failed its check, judged unrepairable and put on the liquidation list by
    hand, as a volunteer does in the portal; only an approved sale liquidates it. Wiped
    (unless `wipe` is False), so its sale may be recorded."""
    phone = checked(actor, received(actor, team, kind="phone"), BROKEN_PHONE, wipe=wipe)
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
