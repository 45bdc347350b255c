"""A list card's link and date are worked out once and reused (`{% record_url %}`,
`|short_date`): each reads as Django's own `{% url %}` and `date:"SHORT_DATE_FORMAT"` write
it, in the reader's language and time zone, on every card."""

from datetime import UTC, date, datetime

import pytest

from django.template import engines
from django.utils import translation

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
