from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignConfig(AppConfig):
    """The public side: outreach pages, news, stories and the forms the public fills in."""

    name = "campaign"
    verbose_name = _("Trang chiến dịch")

    def ready(self):
        from campaign import signals  # noqa: F401 — connects the consent listener
        from campaign.help import help_page_urls
        from portal.help import register_finder

        # The portal's screens link to the help pages through this (portal/help.py says why).
        register_finder(help_page_urls)
