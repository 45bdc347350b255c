from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import formats
from django.utils.translation import gettext as _

from portal import access, specs
from portal.models import Area, AreaTarget, AuditEvent, SpecStandard, User
from portal.services.audit import audit_record
from portal.signals import announce_public_change


@transaction.atomic
def standard_revise(*, actor: User, current: SpecStandard, fields: dict) -> SpecStandard:
    """Save the edited standard (`fields`: the thresholds that change) as a new version; the
    old one stays, marked superseded, so past checks still say what they were judged against."""
    if not access.can_revise_program_standards(actor):
        raise PermissionDenied
    current = SpecStandard.objects.select_for_update().get(pk=current.pk)
    if all(getattr(current, name) == value for name, value in fields.items()):
        return current  # a re-sent form (double tap, back button) makes no new version
    SpecStandard.objects.filter(pk=current.pk).update(is_current=False)
    revised = current  # a copy of the version it replaces, saved as a new row
    for name, value in fields.items():
        setattr(revised, name, value)
    revised.pk, revised._state.adding = None, True
    # Versions count per kind across the program and the areas that raise it.
    latest = SpecStandard.objects.filter(kind=current.kind).aggregate(Max("version"))
    revised.version = latest["version__max"] + 1
    revised.is_current = True
    revised.created_by = actor
    revised.save()
    announce_public_change()
    return revised


# What an area may raise, and how two values of it compare: versions by their numbers.
RAISABLE = {
    "min_android": specs.parse_version,
    "min_ios": specs.parse_version,
    "min_ram_gb": None,
    "recommended_ram_gb": None,
    "min_free_storage_gb": None,
    "min_cpu_ghz": None,
    "min_disk_gb": None,
    "min_data_gb_per_day": None,
    "min_validity_months": None,
}


def _below_program(program: SpecStandard, fields: dict) -> dict[str, str]:
    """The fields set lower than the program-wide minimum, with the message for each."""
    mistakes = {}
    for name, key in RAISABLE.items():
        value, floor = fields.get(name), getattr(program, name)
        if value in (None, "") or floor in (None, ""):
            continue
        if key:  # a version: no number in it at all counts as lower than any
            value, floor = key(value) or (), key(floor) or ()
        if value < floor:
            mistakes[name] = _(
                "Không được thấp hơn mức tối thiểu chung của chương trình (%(minimum)s). "
                "Địa bàn chỉ có thể nâng tiêu chuẩn, không hạ."
            ) % {"minimum": formats.localize(getattr(program, name))}
    return mistakes


@transaction.atomic
def area_standard_raise(*, actor: User, area: Area, kind: str, fields: dict) -> SpecStandard:
    """Save an area's raised minimums for one kind (`fields`: the thresholds, blank where the
    area keeps the program's) as a new version of its raise; devices received inside the
    area are judged against the strictest of it and everything above it. Never below the
    program-wide minimum: refused with a message per field, nothing saved."""
    if not access.can_raise_standards_in(actor, area):
        raise PermissionDenied
    # The program's row is locked first by every change of this kind, so versions are
    # numbered one at a time.
    program = SpecStandard.objects.select_for_update().get(
        kind=kind, area__isnull=True, is_current=True
    )
    if mistakes := _below_program(program, fields):
        raise ValidationError(mistakes)
    current = SpecStandard.objects.filter(kind=kind, area=area, is_current=True).first()
    if current and all(getattr(current, name) == value for name, value in fields.items()):
        return current  # a re-sent form (double tap, back button) makes no new version
    if current:
        SpecStandard.objects.filter(pk=current.pk).update(is_current=False)
    latest = SpecStandard.objects.filter(kind=kind).aggregate(Max("version"))
    raised = SpecStandard.objects.create(
        kind=kind,
        area=area,
        version=latest["version__max"] + 1,
        created_by=actor,
        **fields,
    )
    audit_record(
        action=AuditEvent.Action.STANDARD_RAISED,
        actor=actor,
        area=area.name,
        area_code=area.code,
        kind=kind,
        version=raised.version,
    )
    return raised


@transaction.atomic
def area_target_set(*, actor: User, area: Area, monthly_per_team: int) -> AreaTarget:
    """Set how many devices each team of the area should hand over a month (its own areas
    below without their own take it too)."""
    if not access.can_raise_standards_in(actor, area):
        raise PermissionDenied
    target, created = AreaTarget.objects.select_for_update().get_or_create(
        area=area, defaults={"monthly_per_team": monthly_per_team}
    )
    before = None if created else target.monthly_per_team
    if before == monthly_per_team:
        return target  # sent again: nothing changes, nothing logged
    target.monthly_per_team = monthly_per_team
    target.save(update_fields=["monthly_per_team"])
    audit_record(
        action=AuditEvent.Action.TARGET_SET,
        actor=actor,
        area=area.name,
        area_code=area.code,
        before=before,
        after=monthly_per_team,
    )
    return target
