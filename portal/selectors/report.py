"""The figures of a progress report, read from the counter rows of each month (which the
reconciliation job keeps equal to the records) — so a year's report costs a few queries a
month, whatever the size of the tables. No student is named: these are counts."""

from collections.abc import Callable

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Area, Counter, DeviceKind, Student, StudentStatus, Team
from portal.models.handovers import MONTHLY_TARGET
from portal.selectors.support import promise_from

KINDS = list(DeviceKind.values)

# The report's lines, in the order the plan lists its work.
LINES = [
    ("devices_received", _("Thiết bị tiếp nhận")),
    *[(f"devices_received:{kind}", label) for kind, label in DeviceKind.choices],
    ("devices_checked", _("Thiết bị đã kiểm tra")),
    *[(f"devices_checked:{kind}", label) for kind, label in DeviceKind.choices],
    ("devices_passed", _("Thiết bị đạt tiêu chuẩn")),
    ("devices_repaired", _("Thiết bị đã sửa chữa, nâng cấp")),
    *[(f"devices_repaired:{kind}", label) for kind, label in DeviceKind.choices],
    ("devices_handed_over", _("Thiết bị đã trao tặng")),
    *[(f"devices_handed_over:{kind}", label) for kind, label in DeviceKind.choices],
    ("sims_given", _("Sim dữ liệu đã trao")),
    ("students_verified", _("Học sinh được xác minh")),
    ("students_reached", _("Học sinh được trao thiết bị")),
    ("training_sessions", _("Buổi hướng dẫn, đào tạo")),
    ("people_trained", _("Lượt người được hướng dẫn, đào tạo")),
    ("volunteer_minutes", _("Thời gian tình nguyện (phút)")),
    ("support_requests", _("Yêu cầu hỗ trợ kỹ thuật")),
    ("support_kept", _("Yêu cầu được liên hệ trong 24 giờ")),
    ("support_breached", _("Yêu cầu quá 24 giờ")),
    ("devices_liquidated", _("Thiết bị bán thanh lý")),
    ("fund_raised_vnd", _("Quỹ: thu (đồng)")),
    ("fund_spent_vnd", _("Quỹ: chi (đồng)")),
]
KEYS = [key for key, _label in LINES]
COMMUNE_KEYS = [
    "devices_received",
    "devices_handed_over",
    "students_reached",
    "support_requests",
    "training_sessions",
]


def months_between(first: str, last: str) -> list[str]:
    """ "2026-10", "2026-12" → ["2026-10", "2026-11", "2026-12"]."""
    year, month = map(int, first.split("-"))
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def report_figures(
    area: Area, months: list[str], progress: Callable[[int], None] | None = None
) -> dict:
    """Everything a report shows, as plain JSON-ready data."""
    communes = list(
        Area.objects.filter(path__startswith=area.path, kind__in=Area.GRASSROOTS).order_by("name")
    )
    teams = list(
        Team.objects.filter(
            Q(commune__path__startswith=area.path)
            | Q(cluster__district__path__startswith=area.path),
            is_active=True,
        ).order_by("kind", "name")
    )
    totals = dict.fromkeys(KEYS, 0)
    histogram: dict[str, int] = {}
    by_commune = {commune.pk: dict.fromkeys(COMMUNE_KEYS, 0) for commune in communes}
    by_team = {team.pk: {"handed_over": 0, "kept": 0, "breached": 0} for team in teams}
    team_keys = {
        f"team_{what}:{team.pk}": (team.pk, field)
        for team in teams
        for what, field in (
            ("handed_over", "handed_over"),
            ("support_kept", "kept"),
            ("support_breached", "breached"),
        )
    }
    for done, month in enumerate(months, start=1):
        rows = Counter.objects.filter(
            Q(area=area) | Q(area__in=by_commune, key__in=COMMUNE_KEYS), period=month
        ).values_list("key", "area_id", "value")
        for key, area_id, value in rows:
            if area_id != area.pk:
                by_commune[area_id][key] += value
            elif key in totals:
                totals[key] += value
            elif key.startswith("support_response_hour:"):
                histogram[key] = histogram.get(key, 0) + value
            elif key in team_keys:
                team, field = team_keys[key]
                by_team[team][field] += value
        if progress:
            progress(done)
    promise = promise_from({**histogram, **totals})
    covered = {team.commune_id for team in teams if team.kind == Team.Kind.YOUTH_IT}
    target = MONTHLY_TARGET * len(months)
    return {
        "area": str(area),
        "area_name": area.name,
        "first_month": months[0],
        "last_month": months[-1],
        "months": len(months),
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "lines": [
            # A line with a kind ("devices_received:laptop") details the line above it.
            {"key": key, "label": str(label), "value": totals[key], "sub": ":" in key}
            for key, label in LINES
        ],
        "support": {"percent": promise.percent, "median_hours": promise.median_hours},
        "verified_list": Student.objects.filter(
            commune__path__startswith=area.path,
            status__in=[StudentStatus.VERIFIED, StudentStatus.APPROVED, StudentStatus.SERVED],
        ).count(),
        "coverage": {"covered": len(covered), "total": len(communes)},
        "communes": [
            {"name": commune.name, "covered": commune.pk in covered, **by_commune[commune.pk]}
            for commune in communes
        ],
        "teams": [
            {
                "name": team.name,
                "kind": team.get_kind_display(),
                **by_team[team.pk],
                # The plan's "at least 2 devices a month" is the youth teams' target.
                "target": target if team.kind == Team.Kind.YOUTH_IT else None,
                "met": by_team[team.pk]["handed_over"] >= target
                if team.kind == Team.Kind.YOUTH_IT
                else None,
            }
            for team in teams
        ],
        "target_per_team_month": MONTHLY_TARGET,
        "district_target": target * sum(1 for t in teams if t.kind == Team.Kind.YOUTH_IT),
    }
