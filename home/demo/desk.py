"""Demo offers and support requests, made through the services like the rest: offers in
every status (one followed to a student's hands), and support requests at every point of the
24-hour clock — fresh, warned at 18 hours, escalated at 24, answered in time, answered late.
"""

import uuid
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from portal.models import Area, Offer, OfferStatus, School, Student, Team
from portal.models import StudentStatus as S
from portal.phones import phone_stored
from portal.services.devices import spec_check_record
from portal.services.handovers import handover_record
from portal.services.offers import offer_receive, offer_submit, offer_transition
from portal.services.support import (
    support_resolve,
    support_respond,
    support_submit,
    support_watch,
)

from .devices import BAD, GOOD, wiped
from .students import NAMESPACE, _signature


def _key(name: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, name)


def _person(mailbox: str):
    return get_user_model().objects.get(email=f"{mailbox}@demo.maytinhcu.vn")


def _commune(name: str) -> Area:
    """Gia Lâm's commune of 2021 (today's Bát Tràng is another unit of the same name)."""
    district = Area.objects.get(kind=Area.Kind.DISTRICT, name="Gia Lâm")
    return Area.objects.get(path__startswith=district.path, name=name, kind__in=Area.GRASSROOTS)


def _offer(name: str, fields: dict, items: list[dict], reference: str = "") -> Offer:
    defaults = {
        "donor_kind": Offer.DonorKind.PERSON,
        "email": "",
        "address": "",
        "handoff": Offer.Handoff.PICKUP,
        "dropoff_team": None,
        "preferred_time": "",
        "money_pledge_vnd": None,
        "naming": Offer.Naming.ANONYMOUS,
        "public_name": "",
        "note": "",
    }
    item_defaults = {
        "brand_model": "",
        "quantity": 1,
        "age_years": None,
        "condition": "works",
        "has_charger": True,
        "ram_gb": None,
        "os_version": "",
        "calls_work": "",
    }
    offer, _created = offer_submit(
        fields={**defaults, **fields, "phone": phone_stored(fields["phone"])},
        items=[{**item_defaults, **item} for item in items],
        form_key=_key(f"offer-{name}"),
        reference=reference,
    )
    return offer


def load_offers() -> None:
    leader = _person("totruong")
    bat_trang = _commune("Bát Tràng")
    _offer(
        "minh",
        {
            "donor_name": "Nguyễn Văn Minh",
            "phone": "0912345001",
            "email": "minh.nguyen@example.vn",
            "commune": bat_trang,
            "address": "Xóm 3, thôn Giang Cao",
            "preferred_time": "Chiều thứ Bảy",
            "naming": Offer.Naming.OTHER,
            "public_name": "Gia đình anh Minh (Bát Tràng)",
        },
        [
            {"kind": "laptop", "brand_model": "Dell Latitude E5470", "age_years": 6, "ram_gb": 4},
            {"kind": "sim", "brand_model": "Viettel 4G", "has_charger": False},
        ],
    )
    company = _offer(
        "gom-su",
        {
            "donor_kind": Offer.DonorKind.ORGANISATION,
            "donor_name": "Công ty TNHH Gốm sứ Giang Cao",
            "phone": "0243 876 5432",
            "commune": bat_trang,
            "handoff": Offer.Handoff.DROPOFF,
            "dropoff_team": Team.objects.get(kind=Team.Kind.YOUTH_IT, commune=bat_trang),
            "naming": Offer.Naming.NAME,
        },
        [
            {"kind": "phone", "brand_model": "Samsung Galaxy A10", "quantity": 3, "ram_gb": 2},
            {
                "kind": "phone",
                "brand_model": "Oppo A37",
                "ram_gb": Decimal(1),
                "os_version": "Android 5.1",
                "calls_work": "yes",
            },
        ],
    )
    if company.status == OfferStatus.NEW:
        offer_transition(actor=leader, offer=company, to=OfferStatus.CONTACTED, note="Đã gọi")
        offer_transition(
            actor=leader,
            offer=company,
            to=OfferStatus.PICKUP_SCHEDULED,
            pickup_at=timezone.now() + timedelta(days=2),
        )
    _offer(
        "quy",
        {
            "donor_name": "Lê Thị Hoa",
            "phone": "0987 654 321",
            "commune": _commune("Trâu Quỳ"),
            "address": "Ngõ 12 Ngô Xuân Quảng",
            "money_pledge_vnd": 2_000_000,
        },
        [],
    )
    _money_pledge()
    old = _offer(
        "may-cu",
        {"donor_name": "Trần Văn Tư", "phone": "0904 111 222", "commune": bat_trang},
        [{"kind": "desktop", "brand_model": "Máy đồng bộ Pentium 4", "age_years": 19}],
    )
    if old.status == OfferStatus.NEW:
        offer_transition(
            actor=leader,
            offer=old,
            to=OfferStatus.DECLINED,
            note="Máy quá cũ, không nâng cấp được; đã hướng dẫn mang đến điểm thu gom rác điện tử",
        )
    _followed_offer(leader, bat_trang)


def _followed_offer(leader, bat_trang: Area) -> None:
    """A laptop and a tablet from a donor: received, checked, the laptop handed to a pupil."""
    offer = _offer(
        "thu-ha",
        {
            "donor_name": "Phạm Thu Hà",
            "phone": "0913 222 333",
            "email": "thuha.pham@example.vn",
            "commune": bat_trang,
            "address": "Thôn Bát Tràng",
            "naming": Offer.Naming.NAME,
        },
        [
            {"kind": "laptop", "brand_model": "Lenovo ThinkPad T440", "age_years": 8, "ram_gb": 4},
            {"kind": "tablet", "brand_model": "Samsung Galaxy Tab A", "condition": "faulty"},
        ],
    )
    if offer.status != OfferStatus.NEW:
        return
    items = list(offer.items.all())
    laptop, tablet = offer_receive(
        actor=leader, offer=offer, quantities={item.pk: item.quantity for item in items}
    )
    wiped(laptop, leader)
    spec_check_record(actor=leader, device=laptop, measurements=GOOD["laptop"])
    spec_check_record(actor=leader, device=tablet, measurements=BAD["tablet"])
    student = Student.objects.get(
        full_name="Mai Văn Khánh", school=School.objects.get(name="Trường THCS Bát Tràng")
    )
    if student.status == S.APPROVED:
        team = laptop.team
        handover_record(
            actor=leader,
            student=student,
            device=laptop,
            sim=None,
            team=team,
            handed_on=timezone.localdate(),
            place=team.meeting_place,
            follow_up_on=timezone.localdate() + timedelta(days=30),
            guidance_given=True,
            acknowledgement=(_signature(), "image/png"),
            form_key=_key(f"handover-offer-{offer.pk}"),
        )


# (name, hours ago, answered after, resolved after, commune, school, category, description)
REQUESTS = [
    (
        "Nguyễn Thị Lan",
        2,
        None,
        None,
        "Bát Tràng",
        None,
        "internet",
        "Máy tính bảng của con không bắt được Wi-Fi nhà, điện thoại vẫn vào mạng bình thường.",
    ),
    (
        "Đỗ Thị Én",
        20,
        None,
        None,
        "Bát Tràng",
        "Trường THCS Bát Tràng",
        "apps",
        "Em không vào được lớp học trên Zoom, máy báo lỗi âm thanh.",
    ),
    (
        "Vũ Văn Sơn",
        30,
        None,
        None,
        "Trâu Quỳ",
        None,
        "power",
        "Điện thoại sạc không vào pin từ hôm qua.",
    ),
    (
        "Phạm Văn Long",
        72,
        2,
        5,
        "Bát Tràng",
        None,
        "slow",
        "Laptop chạy rất chậm, mở trình duyệt mất vài phút.",
    ),
    (
        "Hoàng Thị Thu",
        120,
        30,
        34,
        "Bát Tràng",
        None,
        "account",
        "Quên mật khẩu tài khoản học trực tuyến của con.",
    ),
]


# The code the demo bank statement (home/demo/statements/vietcombank_sao_ke_demo.xlsx) carries
# in a transfer's memo: uploaded on Sổ quỹ → Đối chiếu sao kê ngân hàng, it credits this
# pledge once, and a second credit without a code waits under "Khoản chưa khớp".
DEMO_PLEDGE_CODE = "UH-5TK9-HN26"


def _money_pledge() -> None:
    _offer(
        "chuyen-khoan",
        {
            "donor_name": "Phạm Thu Trang",
            "phone": "0913 246 810",
            "email": "trang.pham@example.vn",
            "commune": _commune("Bát Tràng"),
            "money_pledge_vnd": 500_000,
            "naming": Offer.Naming.NAME,
        },
        [],
        # A demo code fixed in advance (a real one is drawn at random), so the statement
        # matches it and the donor's confirmation e-mail gives it.
        reference=DEMO_PLEDGE_CODE,
    )


def load_support() -> None:
    now = timezone.now()
    leader = _person("totruong")
    worker = _person("thanhvien1")
    for number, (name, ago, answered, resolved, where, school, category, text) in enumerate(
        REQUESTS
    ):
        received = now - timedelta(hours=ago)
        request, created = support_submit(
            fields={
                "requester": "parent",
                "name": name,
                "phone": phone_stored(f"09780000{number:02d}"),
                "email": "",
                "channel": "zalo" if number % 2 else "phone",
                "commune": _commune(where),
                "school": School.objects.filter(name=school).first(),
                "asset_code": "",
                "category": category,
                "description": text,
            },
            form_key=_key(f"support-{name}"),
            now=received,
        )
        actor = leader if where == "Bát Tràng" else worker
        if created and answered is not None:
            support_respond(
                actor=actor,
                request=request,
                text="Đã gọi điện, hẹn xem máy",
                now=received + timedelta(hours=answered),
            )
            support_resolve(
                actor=actor,
                request=request,
                resolution="Đã hướng dẫn qua Zalo, máy dùng bình thường",
                now=received + timedelta(hours=resolved),
            )
    # What the watchdog would have done by now: warn at 18 hours, escalate at 24.
    support_watch(now=now)


def load() -> None:
    load_offers()
    load_support()
