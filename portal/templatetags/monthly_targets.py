"""The box of the month's handovers against the targets, at the head of the dashboard and
the handover list (`{% monthly_targets_box %}`): read and rendered once for each person, day
and language, then kept until what it shows changes (the versions of
`portal.selectors.students`: a team, a person, a place, a handover or a target). Reading the
figures was a sixth of those pages, and a city coordinator's box lists every team of the
city; "" for someone with no youth team and no area."""

from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from config import cache_versions
from portal import access
from portal.selectors.students import (
    HANDOVERS_AND_TARGETS_VERSION_KEY,
    TARGETS_TIMEOUT,
    monthly_targets,
)

register = template.Library()


@register.simple_tag(takes_context=True)
def monthly_targets_box(context) -> str:
    user, today = context["request"].user, timezone.localdate()
    key = f"monthly-targets:{user.pk}:{today.isoformat()}:{get_language()}"
    versions = (access.TEAMS_AND_PLACES_VERSION_KEY, HANDOVERS_AND_TARGETS_VERSION_KEY)
    version, box = cache_versions.kept(versions, key)
    if box is None:
        targets = monthly_targets(user, today)
        shown = targets.teams or targets.district_handed_over is not None
        box = (
            render_to_string("portal/components/monthly_targets.html", {"targets": targets})
            if shown
            else ""
        )
        cache_versions.keep(key, version, box, timeout=TARGETS_TIMEOUT)
    return mark_safe(box)  # noqa: S308 — rendered above by the template engine, escaped there
