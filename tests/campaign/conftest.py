import pytest

from django.utils import timezone

from wagtail.images.models import Image
from wagtail.models import Site

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
