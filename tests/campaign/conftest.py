import pytest

from django.utils import timezone

from wagtail.images.models import Image
from wagtail.models import Site

from campaign.models import NewsIndexPage, NewsPage
from portal.services.students import consent_record
from tests.factories.files import png
from tests.factories.students import approved, handed_over


@pytest.fixture
def home(db):
    """The Vietnamese home page the migration creates."""
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def picture(db):
    return Image.objects.create(title="Ảnh thử", file=png(name="anh.png", size=(1600, 1000)))


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def news_with_articles(home):
    """A news list with twelve articles, "Bài số 0" to "Bài số 11" (one a day from
    1 October 2026), of which "Bài số 3" alone is tagged "tài trợ"."""
    news = publish(home, NewsIndexPage(title="Tin tức", slug="tin-tuc"))
    for number in range(12):
        article = NewsPage(
            title=f"Bài số {number}",
            slug=f"bai-{number}",
            intro="Tóm tắt",
            date=f"2026-10-{number + 1:02d}",
            body=[{"type": "text", "value": "<p>Nội dung</p>"}],
        )
        if number == 3:
            article.tags.add("tài trợ")
        publish(news, article)
    return news


@pytest.fixture
def handover(teacher, school, leader, team):
    """A laptop handed over to Nguyễn Thị Lan, whom a story may tell about."""
    student = approved(teacher, leader, school, full_name="Nguyễn Thị Lan")
    return handed_over(leader, student, team)


def consent(leader, handover, purpose, granted):
    """The guardian's answer for one purpose, recorded as the portal records it."""
    consent_record(
        actor=leader,
        student=handover.student,
        purpose=purpose,
        granted=granted,
        collected_on=timezone.localdate(),
    )
    handover.student.refresh_from_db()


@pytest.fixture
def unreachable_cache(settings):
    """The production cache backend pointed at a Redis that refuses every connection."""
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
