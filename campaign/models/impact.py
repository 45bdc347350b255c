from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel

from campaign.charts import chart
from campaign.page_cache import shows_figures
from portal.models import DeviceKind
from portal.selectors import areas_map, public
from portal.selectors.impact import impact

from .base import BasePage

Figure = public.Figure
# The stages of the chart, with the short names its bars have room for.
STAGES = [
    (Figure.DEVICES_RECEIVED, _("Tiếp nhận")),
    (Figure.DEVICES_CHECKED, _("Đã kiểm tra")),
    (Figure.DEVICES_REPAIRED, _("Đã sửa chữa, nâng cấp")),
    (Figure.DEVICES_PASSED, _("Đạt tiêu chuẩn")),
    (Figure.DEVICES_HANDED_OVER, _("Đã trao tặng")),
    (Figure.DEVICES_LIQUIDATED, _("Đã thanh lý gây quỹ")),
]


class ImpactPage(BasePage):
    """The program's results in charts: handovers per month against the plan's target,
    devices by kind and by stage, and every commune — drawn from the live figures, with a
    table behind each chart."""

    intro = models.TextField(_("lời giới thiệu"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    share_card = "results"
    template = "campaign/impact_page.html"
    # The communes by today's map, or by the 2021 one the plan was written on.
    query_parameters = (areas_map.MAP_PARAM,)

    class Meta:
        verbose_name = _("trang kết quả")
        verbose_name_plural = _("trang kết quả")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        shows_figures(request)
        chosen = areas_map.map_choice(request.GET.get(areas_map.MAP_PARAM))
        _body, _etag, figures = impact(chosen)
        context.update(
            chosen_map=chosen,
            maps=list(areas_map.MAPS.items()),
            map_param=areas_map.MAP_PARAM,
        )
        if not figures:
            return context
        totals = figures["totals"]
        months = figures["months"]
        context.update(
            figures=figures,
            totals=totals,
            per_month=chart(
                [
                    (row["month"][5:] + "/" + row["month"][:4], row["devices_handed_over"])
                    for row in months
                ],
                target=figures["this_month"]["target"],
            ),
            by_kind=chart(
                [
                    (DeviceKind(kind).label, count)
                    for kind, count in figures[f"{Figure.DEVICES_RECEIVED}_by_kind"].items()
                ]
            ),
            by_stage=chart([(label, totals[key]) for key, label in STAGES]),
            communes=figures["communes"],
            unplaced=figures.get("unplaced"),
            teams=figures["teams"],
        )
        return context
