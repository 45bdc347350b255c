from .audit import AuditEvent
from .checks import Repair, RepairAction, SpecCheck, SpecStandard
from .commendations import Commendation
from .counters import Counter, CounterDirty
from .devices import (
    ASSET_PREFIXES,
    Carrier,
    Device,
    DeviceEvent,
    DeviceKind,
    DevicePhoto,
    DeviceStatus,
    normalise_asset_code,
)
from .fund import Fund, FundEntry, Sale
from .handovers import FollowUp, Handover
from .hardware import CaptureToken, HardwareSnapshot, SnapshotSource
from .invitations import Invitation
from .notifications import Channel, Delivery, NoticePreference, PushSubscription
from .offers import Offer, OfferEvent, OfferItem, OfferStatus
from .people import User
from .placements import Placement
from .places import Area, AreaSuccessor, Cluster, School
from .reconcile import BankCredit, BankStatement
from .reports import Report
from .students import (
    CONSENT_FIELDS,
    Circumstance,
    ConsentPurpose,
    ConsentRecord,
    NeededDevice,
    Student,
    StudentAccess,
    StudentImport,
    StudentStatus,
)
from .support import SupportNote, SupportRequest, SupportStatus
from .targets import AreaTarget
from .teams import Membership, Team
from .training import TrainingSession
from .wipes import HOLDS_DATA, DataWipe, WipeMethod

__all__ = [
    "CaptureToken",
    "HardwareSnapshot",
    "SnapshotSource",
    "BankCredit",
    "BankStatement",
    "HOLDS_DATA",
    "DataWipe",
    "WipeMethod",
    "Channel",
    "Delivery",
    "NoticePreference",
    "PushSubscription",
    "AreaTarget",
    "Offer",
    "OfferEvent",
    "OfferItem",
    "OfferStatus",
    "SupportNote",
    "SupportRequest",
    "SupportStatus",
    "CONSENT_FIELDS",
    "Circumstance",
    "ConsentPurpose",
    "ConsentRecord",
    "FollowUp",
    "Handover",
    "NeededDevice",
    "Student",
    "StudentAccess",
    "StudentImport",
    "StudentStatus",
    "TrainingSession",
    "ASSET_PREFIXES",
    "Area",
    "AreaSuccessor",
    "Placement",
    "AuditEvent",
    "Carrier",
    "Cluster",
    "Commendation",
    "Counter",
    "CounterDirty",
    "Device",
    "DeviceEvent",
    "DeviceKind",
    "DevicePhoto",
    "DeviceStatus",
    "normalise_asset_code",
    "Fund",
    "FundEntry",
    "Invitation",
    "Membership",
    "Repair",
    "Report",
    "RepairAction",
    "Sale",
    "School",
    "SpecCheck",
    "SpecStandard",
    "Team",
    "User",
]
