"""Commendations recorded by coordinators, the leaderboard the logs make, and the public
honour roll showing only those who agreed to be named."""

import re
from datetime import date

import pytest

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.html import escape

from wagtail.models import Site

from campaign.models import HonourRollPage
from portal.models import Commendation
from portal.services.commendations import commendation_record
from portal.services.offers import offer_receive
from tests.campaign.conftest import publish
from tests.factories.desk import offered
from tests.factories.devices import GOOD_LAPTOP, checked, received
from tests.factories.teams import commune

pytestmark = pytest.mark.django_db


@pytest.fixture
def honour_roll(db):
    home = Site.objects.get(is_default_site=True).root_page.specific
    return publish(home, HonourRollPage(title="Vinh danh", slug="vinh-danh"))


def commend(coordinator, **fields):
    return commendation_record(
        actor=coordinator,
        fields={
            "team": None,
            "person": None,
            "level": "district_union",
            "reason": "Tích cực sửa chữa thiết bị",
            "awarded_on": date(2026, 11, 1),
            "show_publicly": False,
            **fields,
        },
    )


def test_the_honour_roll_names_only_those_who_agreed(
    client, coordinator, volunteer, leader, team, honour_roll
):
    commend(coordinator, person=volunteer, show_publicly=True, reason="Trao 10 máy")
    commend(coordinator, person=leader, show_publicly=False, reason="Không muốn nêu tên")
    commend(coordinator, team=team, show_publicly=True, reason="Tổ xuất sắc")

    page = client.get(honour_roll.url).content.decode()

    assert str(volunteer) in page
    assert "Trao 10 máy" in page
    assert str(leader) not in page
    assert "Không muốn nêu tên" not in page
    assert team.name in page
    assert "Giấy khen của Huyện đoàn" in page


def test_donors_who_agreed_are_named_once_their_gift_arrives(client, volunteer, team, honour_roll):
    named = offered(commune("Bát Tràng"), naming="other", public_name="Gia đình anh Minh")
    offered(commune("Bát Tràng"), naming="anonymous", donor_name="Ẩn Danh Thật")
    offered(commune("Bát Tràng"), naming="name", donor_name="Chưa Gửi Đồ")  # not arrived yet
    offer_receive(actor=volunteer, offer=named, quantities={named.items.get().pk: 1})

    page = client.get(honour_roll.url).content.decode()

    assert "Gia đình anh Minh" in page
    assert "Ẩn Danh Thật" not in page
    assert "Chưa Gửi Đồ" not in page


def test_a_commendation_is_for_a_unit_or_a_person_and_only_a_coordinator_records_it(
    client, coordinator, volunteer, team
):
    client.force_login(coordinator)
    page = client.get(reverse("portal:commendation_list")).content.decode()
    key = page.split('name="form_key" value="')[1].split('"')[0]
    data = {
        "form_key": key,
        "team": team.pk,
        "person": volunteer.pk,
        "level": "praise",
        "reason": "Hai người một lúc",
        "awarded_on": "2026-11-01",
    }

    both = client.post(reverse("portal:commendation_list"), data)
    data.pop("person")
    client.post(reverse("portal:commendation_list"), data)
    client.post(reverse("portal:commendation_list"), data)  # sent twice

    assert "Chọn một tập thể hoặc một cá nhân" in both.content.decode()
    assert Commendation.objects.get().team == team
    with pytest.raises(PermissionDenied):
        commend(volunteer, team=team)
    assert Commendation.objects.count() == 1


def test_the_leaderboard_ranks_by_the_work_the_logs_show(
    client, coordinator, volunteer, leader, team, other_team
):
    for _ in range(3):
        checked(volunteer, received(volunteer, team), GOOD_LAPTOP)
    received(coordinator, other_team)
    client.force_login(coordinator)

    page = client.get(reverse("portal:leaderboard")).content.decode()

    assert page.index(team.name) < page.index(other_team.name)
    # Three intakes (15 min) and three checks (30 min) by the volunteer: six tasks and
    # 2,25 hours, shown to a tenth with the Vietnamese decimal comma.
    row = re.search(
        rf'<th scope="row">{re.escape(escape(str(volunteer)))}</th>\s*<td>(\d+)</td>\s*<td>([^<]+)</td>',
        page,
    )
    assert row, "the volunteer has no row of their own"
    assert row.groups() == ("6", "2,2")
