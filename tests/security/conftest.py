from tests.campaign.conftest import home  # noqa: F401 — the public pages hang below it
