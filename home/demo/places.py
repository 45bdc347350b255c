"""Demo clusters, schools and IT teams across Gia Lâm, leaving some communes without a youth
IT team so the coverage target shows a gap."""

from portal.models import Area, Cluster, School, Team
from portal.phones import phone_stored

CLUSTERS = {
    "Cụm đoàn số 1": [
        "Trâu Quỳ",
        "Đa Tốn",
        "Kiêu Kỵ",
        "Bát Tràng",
        "Kim Lan",
        "Văn Đức",
        "Đông Dư",
    ],
    "Cụm đoàn số 2": [
        "Cổ Bi",
        "Dương Xá",
        "Dương Quang",
        "Phú Thị",
        "Đặng Xá",
        "Kim Sơn",
        "Lệ Chi",
    ],
    "Cụm đoàn số 3": [
        "Yên Viên",
        "xã Yên Viên",
        "Yên Thường",
        "Đình Xuyên",
        "Ninh Hiệp",
        "Phù Đổng",
        "Trung Mầu",
        "Dương Hà",
    ],
}

SCHOOLS = [
    ("Trường Tiểu học Bát Tràng", School.Level.PRIMARY, "Bát Tràng"),
    ("Trường THCS Bát Tràng", School.Level.LOWER_SECONDARY, "Bát Tràng"),
    ("Trường Tiểu học Trâu Quỳ", School.Level.PRIMARY, "Trâu Quỳ"),
    ("Trường THCS Trâu Quỳ", School.Level.LOWER_SECONDARY, "Trâu Quỳ"),
    ("Trường Tiểu học Cổ Bi", School.Level.PRIMARY, "Cổ Bi"),
    ("Trường THCS Ninh Hiệp", School.Level.LOWER_SECONDARY, "Ninh Hiệp"),
    ("Trường Tiểu học Yên Viên", School.Level.PRIMARY, "Yên Viên"),
    ("Trường THCS Đa Tốn", School.Level.LOWER_SECONDARY, "Đa Tốn"),
]

# Communes with an active "Thanh niên IT" team; Lệ Chi's has stopped working.
YOUTH_TEAMS = [
    "Trâu Quỳ",
    "Bát Tràng",
    "Cổ Bi",
    "Đa Tốn",
    "Kiêu Kỵ",
    "Dương Xá",
    "Ninh Hiệp",
    "Phù Đổng",
    "Đặng Xá",
    "Kim Sơn",
    "Yên Thường",
    "Đình Xuyên",
    "Phú Thị",
]
INACTIVE_YOUTH_TEAMS = ["Lệ Chi"]
TEACHER_TEAMS = ["Trường THCS Bát Tràng", "Trường Tiểu học Trâu Quỳ", "Trường THCS Ninh Hiệp"]


def commune(name: str) -> Area:
    """A commune or town of Gia Lâm by name. "Yên Viên" is both a town and a commune: the
    bare name means the town, "xã Yên Viên" the commune."""
    district = Area.objects.get(kind=Area.Kind.DISTRICT, name="Gia Lâm")
    grassroots = Area.objects.filter(path__startswith=district.path, kind__in=Area.GRASSROOTS)
    if name.startswith("xã "):
        return grassroots.get(kind=Area.Kind.COMMUNE, name=name.removeprefix("xã "))
    return grassroots.filter(name=name).order_by("path").first()


def youth_team_name(area: Area) -> str:
    return f"Tổ Thanh niên IT {area.get_kind_display().lower()} {area.name}"


def load() -> dict[str, Team]:
    district = Area.objects.get(kind=Area.Kind.DISTRICT, name="Gia Lâm")
    for cluster_name, commune_names in CLUSTERS.items():
        cluster, _ = Cluster.objects.get_or_create(name=cluster_name, district=district)
        Area.objects.filter(pk__in=[commune(name).pk for name in commune_names]).update(
            cluster=cluster
        )
    for name, level, commune_name in SCHOOLS:
        School.objects.get_or_create(
            name=name, defaults={"level": level, "commune": commune(commune_name)}
        )

    teams = {}
    for name in YOUTH_TEAMS + INACTIVE_YOUTH_TEAMS:
        area = commune(name)
        teams[name], _ = Team.objects.update_or_create(
            name=youth_team_name(area),
            defaults={
                "kind": Team.Kind.YOUTH_IT,
                "commune": area,
                "is_active": name not in INACTIVE_YOUTH_TEAMS,
                "meeting_place": f"Nhà văn hóa {area.get_kind_display().lower()} {area.name}",
                "public_phone": phone_stored("0243 827 " + str(1000 + area.pk)[-4:]),
            },
        )
    for school_name in TEACHER_TEAMS:
        school = School.objects.get(name=school_name)
        teams[school_name], _ = Team.objects.update_or_create(
            name=f"Tổ Giáo viên IT {school_name.removeprefix('Trường ')}",
            defaults={"kind": Team.Kind.TEACHER_IT, "school": school, "commune": school.commune},
        )
    for cluster in Cluster.objects.filter(district=district):
        teams[cluster.name], _ = Team.objects.update_or_create(
            name=f"Đội Hỗ trợ IT {cluster.name.lower()}",
            defaults={"kind": Team.Kind.IT_SUPPORT, "cluster": cluster, "commune": None},
        )
    return teams
