from django.db.models.signals import post_delete, post_save

from wagtail import hooks
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from campaign.models import ProgramSettings
from campaign.page_cache import figure_pages_clear, page_cache_clear
from portal.signals import figures_changed, public_content_changed


@hooks.register("before_serve_page")
def mark_page_cacheable(page, request, serve_args, serve_kwargs):
    """A page served to the public may be kept for the next anonymous visitor, once for
    each combination of the query parameters it reads."""
    if not getattr(request, "is_preview", False):
        request.page_cacheable = True
        request.page_query_parameters = getattr(page, "query_parameters", ())


for signal in (page_published, page_unpublished, post_page_move):
    signal.connect(page_cache_clear, dispatch_uid=f"page-cache-{signal}")
post_delete.connect(page_cache_clear, sender=Page, dispatch_uid="page-cache-delete")
# Every page shows the program settings (the header and the footer).
post_save.connect(page_cache_clear, sender=ProgramSettings, dispatch_uid="page-cache-settings")
# The standards and the teams directory come from the portal: its changes empty it too.
public_content_changed.connect(page_cache_clear, dispatch_uid="page-cache-portal")
# A counter moved (a handover, an intake…): the pages that show figures go, the others stay.
figures_changed.connect(figure_pages_clear, dispatch_uid="page-cache-figures")
