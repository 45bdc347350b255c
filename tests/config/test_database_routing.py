"""Reads that may be a moment old go to the read replica, the rest to the primary
(config/database_routing.py), tried against two real databases with different content.

The test settings give a second database (on PostgreSQL, test_<name>_replica on the same
server; on SQLite, a second in-memory one) migrated like the first. Here it is the replica:
each test writes one thing there and another on the primary, and the page or the report
shows which database it read."""

import pytest

from django.contrib.auth.models import AnonymousUser
from django.core import serializers
from django.db import connections, transaction
from django.urls import reverse

from wagtail.models import Page

from campaign.models import OfferPage
from config import outage
from config.database_routing import (
    PublicReadsFromReplicaMiddleware,
    primary_reads,
    reading_from,
    replica_reads,
)
from home.models import HomePage
from portal.figures import Figure as F
from portal.models import Counter, Offer, Report
from portal.models.counters import ALL_TIME
from portal.services.reports import report_build
from tests.campaign.test_desk_pages import offer_data

pytestmark = pytest.mark.django_db(databases=["default", "replica"])

ON_PRIMARY = "Lời chào trên cơ sở dữ liệu chính"
ON_REPLICA = "Lời chào trên bản sao"


@pytest.fixture(scope="module", autouse=True)
def _replica_copies_the_migrated_primary(django_db_setup, django_db_blocker):
    """The replica starts as a copy of the primary, as a new standby does: the whole
    database, copied by PostgreSQL (CREATE DATABASE … TEMPLATE) or by SQLite's backup."""
    primary, replica = connections["default"], connections["replica"]
    with django_db_blocker.unblock():
        if primary.vendor == "sqlite":
            primary.ensure_connection()
            replica.ensure_connection()
            primary.connection.backup(replica.connection)
        else:
            replica.close()
            primary.creation.clone_test_db(suffix="replica", verbosity=0)


@pytest.fixture
def replica(settings):
    """The second database as the read replica (settings.READ_REPLICA, as
    DATABASE_REPLICA_URL sets it), with the home page's intro different on each."""
    settings.READ_REPLICA = "replica"
    home = HomePage.objects.get()
    HomePage.objects.filter(pk=home.pk).update(intro=ON_PRIMARY)
    HomePage.objects.using("replica").filter(pk=home.pk).update(intro=ON_REPLICA)
    return home


def replicate(instance) -> None:
    """What streaming replication does for one row: it is on the replica too, as it is on
    the primary (every table of a page model's inheritance chain)."""
    rows = [
        model._base_manager.get(pk=instance.pk)
        for model in [*reversed(instance._meta.get_parent_list()), type(instance)]
    ]
    for row in serializers.deserialize("json", serializers.serialize("json", rows)):
        row.save(using="replica")


def test_a_visitor_not_signed_in_reads_public_pages_from_the_replica(client, replica):
    page = client.get("/").content.decode()

    assert ON_REPLICA in page
    assert ON_PRIMARY not in page


@pytest.mark.parametrize(
    ("method", "path", "public"),
    [
        ("GET", "/", True),
        ("HEAD", "/en/tin-tuc/", True),
        ("GET", "/api/impact.json", True),
        ("POST", "/ung-ho/", False),
        ("GET", "/portal/", False),
        ("GET", "/en/portal/devices/", False),
        ("GET", "/accounts/login/", False),
        ("GET", "/en/accounts/password/reset/", False),
        ("GET", "/admin/", False),
        ("GET", "/health/", False),
    ],
)
def test_which_requests_are_public_reads(rf, method, path, public):
    request = rf.generic(method, path)
    request.user = AnonymousUser()

    assert PublicReadsFromReplicaMiddleware._public_read(request) is public


def test_a_signed_in_person_reads_the_primary(client, replica, editor):
    client.force_login(editor)

    page = client.get("/").content.decode()

    assert ON_PRIMARY in page
    assert ON_REPLICA not in page


def test_without_a_replica_every_read_goes_to_the_one_database(client, replica, settings):
    settings.READ_REPLICA = None

    assert ON_PRIMARY in client.get("/").content.decode()


def test_the_portal_reads_the_primary(client, replica, volunteer, team):
    """The volunteer, their team and their membership exist on the primary only: the
    portal finds them, so it did not read the replica."""
    client.force_login(volunteer)

    page = client.get(reverse("portal:dashboard")).content.decode()

    assert team.name in page


def test_the_public_figures_are_built_from_the_primary(client, replica, gia_lam):
    """They are kept in the cache until the next change: a copy built from a replica a
    moment behind would stay wrong until then."""
    Counter.objects.create(key=F.DEVICES_RECEIVED, area=gia_lam, period=ALL_TIME, value=41)
    Counter.objects.using("replica").create(
        key=F.DEVICES_RECEIVED, area=gia_lam, period=ALL_TIME, value=7
    )

    figures = client.get(reverse("impact")).json()

    assert figures["totals"][F.DEVICES_RECEIVED] == 41


def test_a_donor_reads_the_offer_just_sent_from_the_primary(client, replica):
    """The offer exists on the primary only (the replica has not caught up): its tracking
    page still shows it, so the desk pages did not read the replica."""
    offer_page = OfferPage(title="Ủng hộ thiết bị", slug="ung-ho")
    replica.add_child(instance=offer_page)
    replicate(offer_page)
    replicate(Page.objects.get(pk=replica.pk))  # the home page's tree row: it has a child now
    form = client.get(offer_page.url).content.decode()

    sent = client.post(offer_page.url, offer_data(form), follow=True)

    offer = Offer.objects.get()
    assert not Offer.objects.using("replica").exists()
    assert offer.reference in sent.content.decode()
    assert sent.redirect_chain[-1][0].startswith(offer_page.url + "theo-doi/" + offer.reference)


def test_a_report_reads_its_figures_from_the_replica_and_saves_on_the_primary(
    replica, gia_lam, coordinator
):
    for database, value in (("default", 3), ("replica", 5)):
        Counter.objects.using(database).create(
            key=F.DEVICES_HANDED_OVER, area=gia_lam, period="2026-10", value=value
        )
    report = Report.objects.create(
        area=gia_lam,
        first_month="2026-10",
        last_month="2026-10",
        requested_by=coordinator,
        months_total=1,
    )

    report_build(report)

    saved = Report.objects.get(pk=report.pk)  # on the primary: the report lives there
    handed_over = {line["key"]: line["value"] for line in saved.data["lines"]}
    assert saved.status == Report.Status.DONE
    assert saved.months_done == 1
    assert handed_over[F.DEVICES_HANDED_OVER] == 5
    assert not Report.objects.using("replica").exists()


def intro() -> str:
    return HomePage.objects.get().intro


def test_after_a_write_the_rest_of_the_request_reads_the_primary(replica, gia_lam):
    with replica_reads():
        before = intro()
        Counter.objects.create(key=F.DEVICES_RECEIVED, area=gia_lam, period=ALL_TIME, value=1)
        after = intro()

    assert (before, after) == (ON_REPLICA, ON_PRIMARY)


def test_a_report_keeps_reading_the_replica_after_writing_its_progress(replica, gia_lam):
    with replica_reads(sticky=False):
        Counter.objects.create(key=F.DEVICES_RECEIVED, area=gia_lam, period=ALL_TIME, value=1)

        assert intro() == ON_REPLICA


def test_reads_inside_a_transaction_go_to_the_primary(replica):
    with replica_reads():
        outside = intro()
        with transaction.atomic():
            inside = intro()
        again = intro()

    assert (outside, inside, again) == (ON_REPLICA, ON_PRIMARY, ON_REPLICA)


def test_primary_reads_inside_a_replica_scope(replica):
    with replica_reads():
        with primary_reads():
            forced = intro()
        assert reading_from() == "replica"

    assert (forced, intro()) == (ON_PRIMARY, ON_PRIMARY)


def test_sessions_are_never_read_from_the_replica(replica):
    from django.contrib.sessions.models import Session

    with replica_reads():
        assert Session.objects.all().db == "default"
        assert HomePage.objects.all().db == "replica"


def test_a_replica_that_cannot_be_reached_leaves_the_reads_on_the_primary(
    client, replica, monkeypatch
):
    """The replica's machine is gone: the public page is served from the primary, and the
    next requests do not wait for the replica again (config/outage.py)."""
    unreachable = connections["replica"]
    if unreachable.vendor == "sqlite":
        pytest.skip("an in-memory SQLite database cannot be made unreachable")
    # Gone, as Django leaves a connection it found broken at a request's start (inside the
    # test's transaction close() keeps the object, so it is dropped here).
    unreachable.close()
    monkeypatch.setattr(unreachable, "connection", None)
    monkeypatch.setitem(unreachable.settings_dict, "PORT", 1)  # nothing listens on port 1
    monkeypatch.setattr(outage, "_failed_at", {})

    first = client.get("/").content.decode()
    again = client.get("/").content.decode()

    assert ON_PRIMARY in first
    assert ON_PRIMARY in again
    assert outage.recently_failed("postgres://127.0.0.1:1")
