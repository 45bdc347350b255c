import os
from contextlib import contextmanager

import pytest
from celery import signals
from celery.contrib.testing.worker import start_worker
from celery.fixups.django import DjangoFixup, DjangoWorkerFixup

from django.core.cache import cache
from django.utils import translation

from config.celery_app import app
from portal.models import Area, DevicePhoto, Handover, Membership, Report, School, StudentImport
from portal.storage import PrivateFileSystemStorage
from tests.factories import MembershipFactory, SchoolFactory, TeamFactory, UserFactory, commune
from tests.factories.signing_in import with_second_factor

# Every file field kept in the private storage: photos, acknowledgements, lists, reports.
PRIVATE_FILES = [
    (DevicePhoto, "image"),
    (Handover, "acknowledgement"),
    (StudentImport, "file"),
    (Report, "file"),
]


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings, tmp_path, monkeypatch):
    """Uploads (public and private) go to a throwaway folder; rate limits and cached pages
    start empty."""
    settings.MEDIA_ROOT = tmp_path / "media"
    private = PrivateFileSystemStorage(location=tmp_path / "private")
    for model, field in PRIVATE_FILES:
        monkeypatch.setattr(model._meta.get_field(field), "storage", private)
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _vietnamese_first(settings):
    """Each test starts in the site's language: a request under /en/ leaves English active in
    the thread, and the next test's reverse() would then give /en/ addresses."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def gia_lam(db):
    return Area.objects.get(kind=Area.Kind.DISTRICT, name="Gia Lâm")


@pytest.fixture
def team(db):
    """ "Our" team in the tests: the youth IT team of Bát Tràng."""
    return TeamFactory(name="Tổ Thanh niên IT xã Bát Tràng", commune=commune("Bát Tràng"))


@pytest.fixture
def other_team(db):
    """Someone else's team: the youth IT team of Cổ Bi."""
    return TeamFactory(name="Tổ Thanh niên IT xã Cổ Bi", commune=commune("Cổ Bi"))


@pytest.fixture
def coordinator(gia_lam):
    """Runs the program district-wide (has not enrolled two-factor authentication)."""
    return UserFactory(
        last_name="Trần Thu", first_name="Hà", coordinated_area=gia_lam, groups=["Điều phối viên"]
    )


@pytest.fixture
def program_coordinator(db):
    """Runs the whole deployment (every top of the area tree): the one who revises the
    program-wide minimum standards, which hold in every area."""
    tops = list(Area.get_root_nodes())
    person = UserFactory(
        last_name="Lê Chung", first_name="Minh", coordinated_area=tops[0], groups=["Điều phối viên"]
    )
    person.coordinated_areas.add(*tops)
    return person


@pytest.fixture
def leader(team):
    return MembershipFactory(
        team=team,
        role=Membership.Role.LEADER,
        person__last_name="Phạm Quốc",
        person__first_name="Bảo",
    ).person


@pytest.fixture
def volunteer(team):
    """A member of the Bát Tràng youth IT team."""
    return MembershipFactory(
        team=team, person__last_name="Nguyễn Văn", person__first_name="An"
    ).person


@pytest.fixture
def teacher(db):
    school = SchoolFactory(name="Trường THCS Bát Tràng", level="lower_secondary")
    team = TeamFactory(
        name="Tổ Giáo viên IT THCS Bát Tràng",
        kind="teacher_it",
        school=school,
        commune=school.commune,
    )
    return MembershipFactory(team=team, person__last_name="Đỗ Thị", person__first_name="Mai").person


@pytest.fixture
def school(teacher):
    """The teacher's school, in Bát Tràng: it proposes students."""
    return School.objects.get(name="Trường THCS Bát Tràng")


@pytest.fixture
def coordinator_2fa(coordinator, client):
    """The coordinator with an authenticator app, and `client` signed in as them in a
    session that gave it (two-factor sign-in counts per session): may see student data.
    The returned user carries the same fact for services and selectors called directly.
    A test that signs `client` in as someone else in between signs the coordinator back in
    with `with_second_factor(coordinator_2fa, client)`."""
    return with_second_factor(coordinator, client)


@pytest.fixture
def coordinator_password_only(coordinator):
    """The coordinator's own account (it has an authenticator app), for a session that
    signed in with the password alone (the access matrix and the bad-input sweep)."""
    return coordinator


@pytest.fixture
def other_volunteer(other_team):
    """A member of the Cổ Bi youth IT team: another commune's volunteer."""
    return MembershipFactory(
        team=other_team, person__last_name="Vũ Đức", person__first_name="Long"
    ).person


@pytest.fixture
def editor(db):
    """Writes pages in the Wagtail admin and submits them for a coordinator to approve."""
    return UserFactory(last_name="Lê Minh", first_name="Châu", groups=["Editors"])


@pytest.fixture
def outsider(db):
    """Has an account but belongs to no team and holds no role."""
    return UserFactory(last_name="Người", first_name="Ngoài")


def require_or_skip(variable: str, reason: str):
    """Skip with the reason on a laptop; fail in CI, where REQUIRE_* is set and a skipped
    check would hide a broken part."""
    if os.environ.get(variable):
        pytest.fail(f"{reason} ({variable} is set, so this must run)")
    pytest.skip(reason)


@pytest.fixture
def celery_worker(settings):
    """A real Celery worker, in a thread of this process, consuming the Redis broker that
    REDIS_URL names; tasks queued during the test travel through Redis to it."""
    if not settings.REDIS_URL:
        require_or_skip("REQUIRE_WORKER", "needs REDIS_URL: a real worker needs a real broker")
    with thread_worker():
        yield app


@contextmanager
def thread_worker(**options):
    """A real Celery worker in a thread of this process, on the broker configured now
    (`queues=[…]`: only those; every queue otherwise)."""
    django_fixup = next(fixup for fixup in app._fixups if isinstance(fixup, DjangoFixup))
    saved = app.conf.task_always_eager, django_fixup.worker_fixup
    # A worker told its queues narrows the app's own list of queues to consume, and a later
    # worker told none would inherit it: put it back as it was.
    consume_from = app.amqp.queues._consume_from
    app.conf.task_always_eager = False
    django_fixup.worker_fixup = _ThreadWorkerFixup(app)
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, shutdown_timeout=20, **options
        ):
            yield
    finally:
        django_fixup.worker_fixup.uninstall()
        app.conf.task_always_eager, django_fixup.worker_fixup = saved
        app.amqp.queues._consume_from = consume_from


class _ThreadWorkerFixup(DjangoWorkerFixup):
    """Celery's Django fixup for a worker in a thread of the test process.

    At start-up the stock fixup closes the database connections it finds, because a forked
    worker inherits its parent's; here they are the test's own connection, in the middle of
    its transaction. Per-task connection handling (in the worker's thread) is kept.
    """

    def install(self):
        signals.task_prerun.connect(self.on_task_prerun)
        signals.task_postrun.connect(self.on_task_postrun)
        return self

    def uninstall(self):
        signals.task_prerun.disconnect(self.on_task_prerun)
        signals.task_postrun.disconnect(self.on_task_postrun)


def pytest_report_header(config):
    """Say at the top of every run which real services the suite is using."""
    from django.conf import settings

    database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    broker = app.conf.broker_url if settings.REDIS_URL else "none (tasks run eagerly)"
    return [
        f"database: {database}; cache: {settings.CACHES['default']['BACKEND']}; broker: {broker}"
    ]


@pytest.fixture(scope="session")
def _migrated_data(django_db_setup):
    """What the migrations put in the test database (home page, site, areas, groups), as
    Django serialised it when it created the database."""
    from django.db import connection

    return connection._test_serialized_contents


@pytest.fixture
def live_database(_migrated_data, transactional_db, django_db_serialized_rollback):
    """A database whose writes are committed (for a live server or several threads), with
    the migrated data in place. A transactional test flushes the database when it ends.
    Django puts the migrated data back through `serialized_rollback` (asked for here, as by
    every transactional test: a flush without it re-creates content types and permissions
    under new ids, and on SQLite the next test's restore of the old ones then collides), but
    not once Playwright's sync API has switched the context the database connection lives in.
    So when the data is missing, empty the database and put it back.

    Rows put back keep their ids but PostgreSQL's sequences do not follow: they are moved
    past the restored rows, or the next page or area created would reuse id 1."""
    from django.apps import apps
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection

    from wagtail.models import Site

    if not Site.objects.exists():
        call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
        connection.creation.deserialize_db_from_string(_migrated_data)
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(statement)


@pytest.fixture
def sms_gateway(settings):
    """A fake SMS provider on 127.0.0.1 (tests/sms_gateway_server.py), with the settings
    pointing at it: eSMS by default; a test sets SMS_GATEWAY = "webhook" for the other."""
    from tests.sms_gateway_server import FakeGateway

    gateway = FakeGateway().start()
    settings.SMS_GATEWAY = "esms"
    settings.SMS_API_URL = gateway.url
    settings.SMS_API_KEY = "key-123"
    settings.SMS_API_SECRET = "secret-456"  # noqa: S105 — a test value
    settings.SMS_BRANDNAME = "MAYTINHCU"
    settings.SMS_ASCII_ONLY = True
    settings.SMS_SANDBOX = False
    settings.SMS_TIMEOUT_SECONDS = 1
    yield gateway
    gateway.stop()
