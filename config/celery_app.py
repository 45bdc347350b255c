"""The Celery application: configured from Django settings (CELERY_* names), tasks found in
each app's tasks.py, scheduled jobs in settings.CELERY_BEAT_SCHEDULE."""

import functools
import logging
import os

from celery import Celery
from celery.contrib.django.task import DjangoTask

from django.db import transaction

from config import outage

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

logger = logging.getLogger(__name__)


class ResilientTask(DjangoTask):
    """A task that is never lost because the broker is down: if Redis cannot take it, it
    runs here and now instead (slower for the person waiting, but the e-mail leaves).

    A task whose work is watched by a row (an import, a report: `runs_here_if_unqueued =
    False`) is not run in the request; its row stays "queued" and the recovery job queues
    it again once the broker is back (portal/services/jobs.py).

    After a failure the broker is left alone for a moment (config/outage.py): a Redis that
    hangs holds one request for one timeout, not every task for its own.

    Entries are saved before tasks are sent, so a broker outage never costs a record, and
    tasks queued on commit are registered `robust`: whatever goes wrong after the commit is
    logged, never turned into an error page for an entry that is saved, and never skips the
    hooks after it."""

    runs_here_if_unqueued = True

    def apply_async(self, args=None, kwargs=None, **options):
        if self.app.conf.task_always_eager:
            return super().apply_async(args, kwargs, **options)
        broker = self.app.conf.broker_url
        if not outage.recently_failed(broker):  # a hung Redis costs one timeout, not one a task
            try:
                return super().apply_async(args, kwargs, retry=False, **options)
            except Exception as error:  # noqa: BLE001 - any failure to enqueue: not sent
                outage.failed(broker)
                logger.warning("Broker unreachable (%r): %s not sent", error, self.name)
        if not self.runs_here_if_unqueued:
            return None  # the recovery job queues it again once the broker is back
        return self.apply(args, kwargs)

    def delay_on_commit(self, *args, **kwargs) -> None:
        transaction.on_commit(functools.partial(self.delay, *args, **kwargs), robust=True)

    def apply_async_on_commit(self, *args, **kwargs) -> None:
        transaction.on_commit(functools.partial(self.apply_async, *args, **kwargs), robust=True)


app = Celery("config", task_cls=ResilientTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
