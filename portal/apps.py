from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The program's domain and the logged-in portal where volunteers, teachers and
    coordinators record their work."""

    name = "portal"
    verbose_name = _("Cổng tình nguyện viên")

    def ready(self):
        from config import lookups  # noqa: F401 — field__any_of, an id list as one parameter
        from portal import (
            checks,  # noqa: F401 — the deploy checks (Web Push keys)
            choice_labels,
            permission_cache,  # noqa: F401 — forgets kept permissions when they change
            receivers,  # noqa: F401 — ends other sessions when 2FA changes
            search,  # noqa: F401 — the fold functions on each new connection
        )

        choice_labels.install()
