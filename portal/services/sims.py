from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal.models import Device, DeviceKind, DeviceStatus, Membership
from portal.tasks import send_rendered_email


@transaction.atomic
def sims_warn_expiring(*, days: int = 14) -> int:
    today = timezone.localdate()
    sims = list(
        Device.objects.select_for_update()
        .filter(
            kind=DeviceKind.SIM,
            status=DeviceStatus.HANDED_OVER,
            valid_until__range=(today, today + timedelta(days=days)),
            expiry_warning_sent_on__isnull=True,
        )
        .select_related("team")
        .order_by("valid_until")
    )
    by_team = defaultdict(list)
    for sim in sims:
        by_team[sim.team].append(sim)
    for team, team_sims in by_team.items():
        memberships = team.memberships.select_related("person").filter(person__is_active=True)
        leaders = [m.person.email for m in memberships if m.role == Membership.Role.LEADER]
        recipients = leaders or [m.person.email for m in memberships]
        if not recipients:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            context = {"team": team, "sims": team_sims, "days": days}
            subject = render_to_string("portal/email/sims_expiring_subject.txt", context).strip()
            body = render_to_string("portal/email/sims_expiring_message.txt", context)
        send_rendered_email.delay_on_commit(
            subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
            body=body,
            to=recipients,
            from_email=settings.DEFAULT_FROM_EMAIL,
        )
    Device.objects.filter(pk__in=[sim.pk for sim in sims]).update(expiry_warning_sent_on=today)
    return len(sims)
