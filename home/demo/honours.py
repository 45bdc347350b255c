"""Demo commendations, recorded by the coordinator: one team and one volunteer, both
agreeing to be named (so the honour roll shows them), and one person who did not."""

import uuid
from datetime import date

from django.contrib.auth import get_user_model

from portal.models import Team
from portal.services.commendations import commendation_record

from .students import NAMESPACE

COMMENDATIONS = [
    ("team", "Bát Tràng", "district_union", "Trao tặng nhiều thiết bị nhất năm 2026", True),
    ("person", "tinhnguyen", "praise", "Sửa chữa, nâng cấp hơn 20 máy", True),
    ("person", "totruong", "district_union", "Hỗ trợ kỹ thuật đúng hẹn 24 giờ", False),
]


def load() -> None:
    User = get_user_model()
    coordinator = User.objects.get(email="dieuphoi@demo.maytinhcu.vn")
    for kind, who, level, reason, public in COMMENDATIONS:
        if kind == "team":
            subject = {"team": Team.objects.get(kind="youth_it", commune__name=who), "person": None}
        else:
            person = User.objects.get(email=f"{who}@demo.maytinhcu.vn")
            subject = {"team": None, "person": person}
        commendation_record(
            actor=coordinator,
            fields={
                **subject,
                "level": level,
                "reason": reason,
                "awarded_on": date(2026, 11, 1),
                "show_publicly": public,
            },
            form_key=uuid.uuid5(NAMESPACE, f"commendation-{who}"),
        )
