from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from django import db
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone


@shared_task(autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def send_rendered_email(
    *, subject: str, body: str, to: list[str], from_email: str, html_body: str | None = None
) -> int:
    """Deliver an e-mail that was rendered in the request. Retried when the mail server
    is unreachable; returns how many messages were sent."""
    message = EmailMultiAlternatives(subject, body, from_email, to)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    return message.send()


@shared_task(bind=True, max_retries=settings.NOTICE_MAX_RETRIES)
def deliver_notice(self, delivery_pk: int) -> object:
    """Send one notice (a row of the delivery log), at most once. A passing failure (the mail
    server down, the gateway busy) is tried again later, waiting twice as long each time, and
    after the last try the delivery is FAILED with the error kept; a permanent one (an
    address that does not exist) fails at once."""
    from portal.services.notify import delivery_attempt

    retries = self.request.retries
    outcome = delivery_attempt(delivery_pk=delivery_pk, last_try=retries >= self.max_retries)
    if outcome == "retry":
        retry = self.retry(countdown=settings.NOTICE_RETRY_SECONDS * 2**retries, throw=False)
        # Run here (eagerly, or in the web process while the broker is down), the retry is
        # handed back to Celery's apply(), which runs it again at once; a worker raises it.
        if self.request.is_eager:
            return retry
        raise retry
    return outcome


@shared_task
def release_held_notices() -> int:
    """Every few minutes: send the notices held through the quiet hours once morning came."""
    from portal.services.notify import deliveries_release

    return deliveries_release()


@shared_task
def remind_follow_ups() -> int:
    """Each morning: tell the teams of the check-ins falling due (once per check-in)."""
    from portal.services.handovers import follow_ups_remind

    return follow_ups_remind()


@shared_task
def clear_expired_sessions() -> int:
    """Daily: forget sessions that have expired, so a lost phone's old session is gone."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@shared_task
def reconcile_counters() -> int:
    """Every 15 minutes: recount the cells (area × month) whose figures moved since the last
    run, repair drift there. Idempotent. Returns how many figures were wrong."""
    from portal.services.recount import counters_recount_marked

    return _recounted(counters_recount_marked)


@shared_task
def recount_all_counters() -> int:
    """Weekly (and on demand): recount every figure from the records, repair drift anywhere,
    marked or not. Idempotent: a second run finds nothing to repair. Then proves the 2021
    and current maps give the same totals (a disagreement is logged as an error)."""
    from portal.services.recount import counters_recount, maps_agree

    repaired = _recounted(counters_recount)
    maps_agree()
    return repaired


def _recounted(recount) -> int:
    from portal.services.counters import figures_changed_announce

    drifts = len(recount())
    # Also after an outage of the cache, when a stale copy of the figures (the endpoint's,
    # a cached page's) may have outlived the changes that should have cleared it.
    figures_changed_announce()
    return drifts


@shared_task
def warn_expiring_sims(days: int = 14) -> int:
    """Daily: tell each team which SIMs it gave to students expire within `days`, once per
    SIM, so the student is not cut off mid-term. Returns how many SIMs were reported."""
    from portal.services.sims import sims_warn_expiring

    return sims_warn_expiring(days=days)


# Imports and reports are not run inside the request when Redis cannot take them: they can
# be long, and their row lets the recovery job queue them again once Redis is back.
@shared_task(
    bind=True,
    runs_here_if_unqueued=False,
    soft_time_limit=settings.IMPORT_SOFT_TIME_LIMIT,
    time_limit=settings.IMPORT_TIME_LIMIT,
)
def import_students(self, import_pk: int) -> str:
    """Check and import a school's uploaded list (progress is on the import's row). Only
    the row's number travels through the broker, never a child's data. An import that runs
    past its time limit stops, saves nothing and says so, rather than holding the worker."""
    from portal.models import StudentImport
    from portal.services.student_import import import_run, import_stop_timed_out

    job = StudentImport.objects.select_related("school__commune", "uploaded_by").get(pk=import_pk)
    try:
        return import_run(job).status
    except SoftTimeLimitExceeded:
        # The limit may have struck in the middle of a query, leaving the connection waiting
        # for an answer nobody reads: the import's end is written on a fresh one.
        db.connection.close()
        # The limit the message carried (the sender's settings), which is the one enforced.
        seconds = self.request.soft_time_limit or settings.IMPORT_SOFT_TIME_LIMIT
        return import_stop_timed_out(job, seconds=seconds).status


@shared_task
def anonymise_students() -> int:
    """Daily: erase the identity of students whose record has served its purpose for the
    retention period. Idempotent: a record is anonymised once."""
    from portal.services.students import students_anonymise

    return students_anonymise()


@shared_task
def watch_support_requests() -> dict:
    """Every five minutes: the 24-hour support watchdog (warnings at 18 hours, escalations
    and breaches at 24). Idempotent: each warning and escalation happens once per request."""
    from portal.services.support import support_watch

    return support_watch()


@shared_task(runs_here_if_unqueued=False)
def build_report(report_pk: int) -> str:
    """Build a coordinator's progress report (progress on its row). Safe to run again."""
    from portal.models import Report
    from portal.services.reports import report_build

    return report_build(Report.objects.select_related("area").get(pk=report_pk)).status


@shared_task
def recover_stalled_jobs() -> int:
    """Every minute: queue again the imports and reports left stalled (queued while Redis was
    down, a message lost, a worker gone) that no worker holds. Returns how many."""
    from portal.services.jobs import jobs_recover

    return jobs_recover()


@shared_task
def reconcile_statement(statement_pk: int) -> str:
    """Post a bank statement's credits to the fund (monthly reconciliation). Safe to run
    twice: a statement already posted is left as it is, and each bank reference posts once."""
    from portal.services.reconcile import statement_post

    return statement_post(statement_pk=statement_pk).status
