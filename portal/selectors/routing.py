"""Which team a public request goes to, from where the person lives."""

from portal.models import Area, School, Team


def commune_team(commune: Area | None) -> Team | None:
    """The youth IT team of the commune, else the IT support team of its cluster."""
    if commune is None:
        return None
    teams = Team.objects.filter(is_active=True).order_by("pk")
    return (
        teams.filter(kind=Team.Kind.YOUTH_IT, commune=commune).first()
        or (commune.cluster_id and teams.filter(cluster=commune.cluster_id).first())
        or None
    )


def school_team(school: School | None) -> Team | None:
    if school is None:
        return None
    return (
        Team.objects.filter(is_active=True, kind=Team.Kind.TEACHER_IT, school=school)
        .order_by("pk")
        .first()
    )
