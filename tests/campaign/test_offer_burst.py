"""A burst of 200 offers sent at once to the public form, on PostgreSQL with real
concurrent transactions: 160 different donors and 40 repeats of forms already sent (a
double-tap, a retry after a timeout). Every offer is saved once, none twice."""

import random
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from django.db import connection
from django.test import Client

from campaign.models import OfferPage
from portal.models import Offer, OfferItem
from tests.campaign.conftest import publish
from tests.campaign.test_desk_pages import form_key, offer_data

DONORS, REPEATS, THREADS = 160, 40, 16


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_200_offers_sent_at_once_lose_none_and_double_none(live_database, home, team, settings):
    if connection.vendor != "postgresql":
        pytest.skip("real concurrent transactions need PostgreSQL; CI runs this there")
    settings.PUBLIC_FORM_RATE_LIMIT = (10_000, 60)  # one test machine plays every donor
    page = publish(home, OfferPage(title="Ủng hộ thiết bị", slug="ung-ho"))
    html = Client().get(page.url).content.decode()
    forms = []
    for number in range(DONORS):
        data = offer_data(html, donor_name=f"Nhà hảo tâm {number:03d}")
        data["form_key"] = form_key(Client().get(page.url).content.decode())
        forms.append(data)
    sends = forms + random.Random(8).sample(forms, REPEATS)  # noqa: S311 — a shuffle, no secret
    random.Random(2026).shuffle(sends)  # noqa: S311
    start = threading.Barrier(THREADS)
    local = threading.local()

    def send(data):
        if not hasattr(local, "client"):
            local.client = Client()
            start.wait()  # every thread starts sending at the same moment
        try:
            response = local.client.post(page.url, data)
            return data["form_key"], response.status_code, response.get("Location", "")
        finally:
            connection.close()

    began = time.perf_counter()
    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(send, sends))
    seconds = time.perf_counter() - began

    assert [status for _key, status, _where in results].count(302) == DONORS + REPEATS
    offers = {str(offer.form_key): offer for offer in Offer.objects.all()}
    assert len(offers) == DONORS  # none lost, none doubled
    assert {data["form_key"] for data in forms} == set(offers)
    assert len({offer.reference for offer in offers.values()}) == DONORS
    assert OfferItem.objects.count() == 2 * DONORS
    for key, _status, where in results:  # a repeat lands on the same offer's page
        assert re.search(rf"/theo-doi/{offers[key].reference}/", where)
    print(f"\n{DONORS + REPEATS} sends on {THREADS} threads in {seconds:.1f} s")
