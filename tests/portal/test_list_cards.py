"""A list card's link and date are worked out once and reused (`{% record_url %}`,
`|short_date`): each reads as Django's own `{% url %}` and `date:"SHORT_DATE_FORMAT"` write
it, in the reader's language and time zone, on every card. A device's card is rendered once
for what it shows (`{% kept_card %}`), and shows a change at once."""

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from django.template import engines
from django.test.signals import template_rendered
from django.urls import reverse
from django.utils import translation
from django.utils.autoreload import file_changed

from portal.models import Device, DeviceStatus
from portal.services.handovers import handover_return
from portal.templatetags.kept_cards import _frozen, _shown, _Unkeyable, kept_card
from tests.factories.devices import GOOD_LAPTOP, checked, received
from tests.factories.students import approved, handed_over

pytestmark = pytest.mark.django_db


def render(text: str, **context) -> str:
    loads = "{% load record_links short_dates %}"
    return engines["django"].from_string(loads + text).render(context)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_cards_link_is_the_address_url_gives_for_each_record(language):
    names = ["portal:device_detail", "portal:handover_detail", "portal:student_detail"]
    with translation.override(language):
        for name in names:
            for pk in (1, 42, 1_000_000):
                assert render("{% record_url name pk %}", name=name, pk=pk) == render(
                    "{% url name pk %}", name=name, pk=pk
                )


def test_a_cards_link_follows_the_readers_language():
    with translation.override("vi"):
        vietnamese = render("{% record_url 'portal:device_detail' 7 %}")
    with translation.override("en"):
        english = render("{% record_url 'portal:device_detail' 7 %}")
    assert vietnamese != english
    assert vietnamese.endswith("/7/")
    assert english.startswith("/en/")


@pytest.mark.parametrize(
    ("language", "moment", "shown"),
    [
        ("vi", date(2026, 3, 5), "05/03/2026"),
        # 23:30 UTC on the 30th is 06:30 on 1 December in Hà Nội: the card shows the local day.
        ("vi", datetime(2026, 11, 30, 23, 30, tzinfo=UTC), "01/12/2026"),
        ("en", datetime(2026, 11, 30, 23, 30, tzinfo=UTC), "01/12/2026"),
        ("vi", None, ""),
        ("vi", "", ""),
    ],
)
def test_a_cards_date_is_the_short_date_of_the_local_day(language, moment, shown):
    with translation.override(language):
        assert render("{{ moment|short_date }}", moment=moment) == shown
        assert render("{{ moment|short_date }}", moment=moment) == render(
            '{{ moment|date:"SHORT_DATE_FORMAT" }}', moment=moment
        )


def device_cards(response) -> list[str]:
    """Each card of a list, as its text reads."""
    page = BeautifulSoup(response.content, "html.parser")
    return [" ".join(card.get_text(" ").split()) for card in page.select("li.card")]


def cards_rendered(response) -> int:
    return [template.name for template in response.templates].count("portal/devices/card.html")


def test_a_device_card_is_rendered_once_for_what_it_shows(client, volunteer, team):
    """The device list is reloaded after every device a team works on: a card it has shown
    with the same values, language and time zone is not rendered again."""
    for _ in range(3):
        received(volunteer, team)
    client.force_login(volunteer)
    first = client.get(reverse("portal:device_list"))
    again = client.get(reverse("portal:device_list"))

    assert cards_rendered(first) == 3
    assert cards_rendered(again) == 0
    assert device_cards(again) == device_cards(first)
    assert len(device_cards(again)) == 3


def test_a_device_card_shows_its_new_status_team_and_check_at_once(client, volunteer, team):
    device = received(volunteer, team)
    client.force_login(volunteer)
    (before,) = device_cards(client.get(reverse("portal:device_list")))
    assert team.name in before

    team.name = "Đội hình sửa máy Bát Tràng"
    team.save()
    Device.objects.filter(pk=device.pk).update(status=DeviceStatus.CHECKING)
    (renamed,) = device_cards(client.get(reverse("portal:device_list")))
    assert "Đội hình sửa máy Bát Tràng" in renamed
    assert "Đang kiểm tra" in renamed

    checked(volunteer, device, replace(GOOD_LAPTOP, ram_gb=Decimal("0.5")))
    (failed,) = device_cards(client.get(reverse("portal:device_list") + "?queue=to_repair"))
    assert "RAM" in failed


def test_a_device_card_is_in_the_readers_language(client, volunteer, team):
    received(volunteer, team)
    client.force_login(volunteer)
    (vietnamese,) = device_cards(client.get(reverse("portal:device_list")))
    with translation.override("en"):
        english_list = reverse("portal:device_list")
    (english,) = device_cards(client.get(english_list))
    assert "Mới tiếp nhận" in vietnamese
    assert "Just received" in english
    assert (
        "/en/"
        in BeautifulSoup(client.get(english_list).content, "html.parser").select_one("li.card a")[
            "href"
        ]
    )


def test_a_handover_card_is_kept_until_the_device_comes_back(
    client, volunteer, teacher, leader, school, team
):
    handover = handed_over(volunteer, approved(teacher, leader, school), team)
    client.force_login(volunteer)
    first = client.get(reverse("portal:handover_list"))
    again = client.get(reverse("portal:handover_list"))
    assert [t.name for t in first.templates].count("portal/handovers/card.html") == 1
    assert [t.name for t in again.templates].count("portal/handovers/card.html") == 0
    assert "đã thu hồi" not in device_cards(again)[0]

    handover_return(
        actor=volunteer, handover=handover, returned_on=handover.handed_on, reason="Chuyển trường"
    )
    (returned,) = device_cards(client.get(reverse("portal:handover_list")))
    assert "đã thu hồi" in returned


def test_a_card_is_keyed_by_any_value_a_row_holds_or_not_kept():
    """A JSON column's nested lists and dicts key a card by what they hold (1 is not true, a
    dict is not a list of pairs); a value no key can stand for leaves the card unkept, never
    kept under its address in memory."""
    same = {"b": [1, {"c": [2, 3]}], "a": None}
    assert _frozen(same) == _frozen({"a": None, "b": [1, {"c": [2, 3]}]})
    assert _frozen(same) != _frozen({"a": None, "b": [1, {"c": [2, 4]}]})
    assert _frozen([1]) != _frozen([True])
    assert _frozen({"a": 1}) != _frozen([["a", 1]])
    with pytest.raises(_Unkeyable):
        _frozen(memoryview(bytearray(b"x")))


def rendered_cards(action) -> int:
    """How many times a device card was rendered while `action` ran."""
    names = []

    def rendered(sender, template, **kwargs):
        names.append(template.name)

    template_rendered.connect(rendered)
    try:
        action()
    finally:
        template_rendered.disconnect(rendered)
    return names.count("portal/devices/card.html")


def test_a_card_that_reads_more_than_its_list_read_is_not_kept(volunteer, team):
    """Read without the columns it shows, a device's card loads them as it renders: it then
    depends on more than its key, so it is rendered each time, never kept stale."""
    device = received(volunteer, team, model_name="Máy đọc thiếu")
    partial = Device.objects.only("asset_code", "status", "team", "kind", "received_at")

    def show():
        kept_card("portal/devices/card.html", partial.select_related("team").get(pk=device.pk))

    assert rendered_cards(show) == 1
    assert rendered_cards(show) == 1


def test_a_card_with_prefetched_rows_pointing_back_is_keyed(volunteer, team):
    """Each prefetched event links back to its device: the key names the device there
    rather than reading it again, for ever."""
    device = received(volunteer, team)
    read = Device.objects.select_related("team", "latest_check").prefetch_related("events")

    shown = _shown(read.get(pk=device.pk))

    assert shown == _shown(read.get(pk=device.pk))
    assert "Máy thử" in kept_card("portal/devices/card.html", read.get(pk=device.pk))


def test_a_template_edited_under_make_run_is_rendered_anew(client, volunteer, team):
    received(volunteer, team)
    client.force_login(volunteer)
    client.get(reverse("portal:device_list"))

    file_changed.send(sender=None, file_path=Path("templates/portal/devices/card.html"))

    again = client.get(reverse("portal:device_list"))
    assert cards_rendered(again) == 1
