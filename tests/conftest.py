import pytest
from django.core.cache import cache

from tests.factories import SuperuserFactory, UserFactory


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings, tmp_path):
    """Uploads go to a throwaway folder; rate limits and cached pages start empty."""
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def coordinator(db):
    """Runs the program district-wide; for now, the site's administrator."""
    return SuperuserFactory(last_name="Trần Thu", first_name="Hà")


@pytest.fixture
def editor(db):
    """Publishes pages in the Wagtail admin and nothing else."""
    return UserFactory(last_name="Lê Minh", first_name="Châu", groups=["Editors"])


@pytest.fixture
def volunteer(db):
    """A youth IT team member: the portal, no admin."""
    return UserFactory(last_name="Nguyễn Văn", first_name="An")
