"""Placing records of a split unit in the current unit they belong to."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from config import cache_versions
from portal import access
from portal.models import Area, Placement, User
from portal.selectors.areas_map import PLACEABLE, succession
from portal.services.counters import figures_changed_announce


@transaction.atomic
def records_place(
    *,
    actor: User,
    old_unit: Area,
    model: type[Model],
    area: Area,
    record_ids: list[int] | None = None,
) -> int:
    """Place the records of `model` made under the split `old_unit` (those given, or all
    not yet placed) in `area`, one of the units it was split into. Placing again moves
    them. Returns how many were placed."""
    if not access.may_place_records(actor, old_unit):
        raise PermissionDenied
    if model not in PLACEABLE:
        raise ValidationError(_("Loại hồ sơ này không xếp theo xã."))
    if area.pk not in succession().parts(old_unit.pk):
        raise ValidationError(
            _("%(area)s không nhận phần nào của %(old)s.") % {"area": area, "old": old_unit}
        )
    ct = ContentType.objects.get_for_model(model)
    records = model._default_manager.filter(**{PLACEABLE[model]: old_unit.pk})
    if record_ids is not None:
        records = records.filter(pk__in=record_ids)
    else:
        placed = Placement.objects.filter(content_type=ct).values("object_id")
        records = records.exclude(pk__in=placed)
    ids = list(records.values_list("pk", flat=True))
    Placement.objects.bulk_create(
        [Placement(content_type=ct, object_id=pk, area=area, placed_by=actor) for pk in ids],
        update_conflicts=True,
        unique_fields=["content_type", "object_id"],
        update_fields=["area", "placed_by", "placed_at"],
    )
    # The figures by commune on today's map read the placements: pages showing them go stale,
    # and so does the kept coverage (a bulk write sends no signal to portal/receivers.py).
    transaction.on_commit(figures_changed_announce)
    cache_versions.changed(access.TEAMS_AND_PLACES_VERSION_KEY)
    return len(ids)
