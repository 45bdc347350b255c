"""The Celery application: configured from Django settings (CELERY_* names), tasks found in
each app's tasks.py, scheduled jobs in settings.CELERY_BEAT_SCHEDULE."""

import logging
import os

from celery import Celery
from celery.contrib.django.task import DjangoTask
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

logger = logging.getLogger(__name__)


class ResilientTask(DjangoTask):
    """A task that is never lost because the broker is down: if Redis cannot take it, it
    runs here and now instead (slower for the person waiting, but the e-mail leaves and the
    import or report is made). Entries are saved before tasks are sent, so a broker outage
    never costs a record."""

    def apply_async(self, args=None, kwargs=None, **options):
        if self.app.conf.task_always_eager:
            return super().apply_async(args, kwargs, **options)
        try:
            return super().apply_async(args, kwargs, retry=False, **options)
        except (OperationalError, RedisError, ConnectionError, OSError) as error:
            logger.warning("Broker unreachable (%s): running %s in this process", error, self.name)
            return self.apply(args, kwargs)


app = Celery("config", task_cls=ResilientTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
