"""What a background job with a row (a list import, a progress report) shares: a sign of life
that its run leaves as it goes, and how many runs have started it. The recovery job and the
progress page read them (portal/services/jobs.py)."""

import math
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WatchedJob(models.Model):
    # Queued, started, progressed: whichever came last.
    heartbeat_at = models.DateTimeField(_("lần cuối có tiến triển"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0)

    class Meta:
        abstract = True

    @property
    def finished(self) -> bool:
        raise NotImplementedError

    @property
    def stalled(self) -> bool:
        """Unfinished and silent for JOB_STALLED_AFTER seconds: queued while the broker was
        down, its message lost, or its worker gone."""
        silent_since = timezone.now() - timedelta(seconds=settings.JOB_STALLED_AFTER)
        return not self.finished and self.heartbeat_at < silent_since


def recovery_minutes() -> int:
    """Within how many minutes a stalled job is queued again: silent for JOB_STALLED_AFTER,
    then found by the recovery job's next pass (what the progress page and the operator's
    guide promise)."""
    return math.ceil((settings.JOB_STALLED_AFTER + settings.JOB_RECOVERY_EVERY) / 60)
