"""The spec standards as the portal shows them: the one in force for each kind of device,
and the versions it replaced."""

from django.db.models import QuerySet

from portal.models import SpecStandard


def current_standards() -> QuerySet[SpecStandard]:
    return SpecStandard.objects.current()


def superseded_standards() -> QuerySet[SpecStandard]:
    return SpecStandard.objects.filter(is_current=False).select_related("created_by")
