"""The open fund: every đồng the program received and spent, by month and by what it
bought, with the balance and the entries as a spreadsheet anyone may download."""

import csv
import io

from django.db import models
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from campaign.page_cache import shows_figures
from portal.selectors.fund import open_fund_entries, open_fund_figures

from .base import BasePage


class OpenFundPage(RoutablePageMixin, BasePage):
    """Money in by month, money out by what it bought, the balance, and the ledger as CSV
    (at so-thu-chi/, a .csv download). Kept in the page cache like the results page, until the ledger moves."""

    intro = models.TextField(_("lời giới thiệu"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    template = "campaign/open_fund_page.html"

    class Meta:
        verbose_name = _("trang quỹ minh bạch")
        verbose_name_plural = _("trang quỹ minh bạch")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        shows_figures(request)
        context["fund"] = open_fund_figures()
        return context

    @path("so-thu-chi/", name="entries")
    def entries_csv(self, request):
        shows_figures(request)
        buffer = io.StringIO()
        buffer.write("\ufeff")  # so Excel reads the Vietnamese as UTF-8
        csv.writer(buffer).writerows(open_fund_entries())
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="quy-thu-chi.csv"'
        return response
