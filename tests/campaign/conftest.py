import pytest

from wagtail.images.models import Image
from wagtail.models import Site

from tests.factories.files import png


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
