"""What every portal list does the same way: a free-text search box and pages."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from portal import search as searching
from portal.forms.numbers import MAX_ID

PAGE_SIZE = 30
# A list says "more than 10,000" past this many rows rather than counting them all: COUNT(*)
# reads every row on every page view, seconds at a million devices. Search narrows a list.
COUNT_CAP = 10_000
# A work queue's badge stops sooner: five of them are counted on every visit to the device
# list, and past a thousand devices waiting the figure no longer changes what anyone does
# next ("hơn 1.000"); counting to ten thousand in each was most of a coordinator's page at
# a million devices.
BADGE_CAP = 1_000


def counted(number: int, cap: int = COUNT_CAP) -> str:
    """A count as shown, grouped the Vietnamese way; past the cap, "more than" the cap."""
    if number > cap:
        return _("hơn %(count)s") % {"count": number_format(cap, force_grouping=True)}
    return number_format(number, force_grouping=True)


class CappedPaginator(Paginator):
    """Numbered pages over the first COUNT_CAP + 1 rows: its count stops there. The first
    page is read before anything is counted, one row more than it shows: when that row is
    not there, the list is the page, and nothing needs counting (a search that finds one
    device, a short list: one query, where counting read the matches a second time)."""

    def page(self, number) -> Page:
        if number not in (1, "1") or not isinstance(self.object_list, QuerySet):
            return super().page(number)
        rows = list(self.object_list[: self.per_page + 1])
        if len(rows) <= self.per_page:
            self.__dict__["count"] = len(rows)  # the cached_property, known without a query
        return self._get_page(rows[: self.per_page], 1, self)

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if isinstance(rows, QuerySet):
            # Unordered: which rows make up the first COUNT_CAP + 1 does not change how many.
            return rows.order_by()[: COUNT_CAP + 1].count()
        return len(rows)

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP

    @property
    def pages_text(self) -> str:
        """ "hơn 333" when capped (there are more pages than are numbered), else the number."""
        if self.capped:
            return _("hơn %(count)s") % {
                "count": number_format(COUNT_CAP // self.per_page, force_grouping=True)
            }
        return number_format(self.num_pages, force_grouping=True)


def search(
    request,
    queryset: QuerySet,
    *fields: str,
    codes: tuple[str, ...] = (),
    phones: tuple[str, ...] = (),
) -> tuple[QuerySet, str]:
    """Filter by the `q` parameter, folding Vietnamese ("sua chua" finds "Sửa chữa"; see
    portal/search.py) in the text `fields`; in `codes` (asset codes, references, serials)
    and `phones` without spaces, dots or dashes, so "0912 345" finds "+84912345678". Return
    the query too, to show it back in the search box. `paginate()` puts the best matches
    first."""
    query = request.GET.get("q", "").strip()
    return searching.search(queryset, query, fields, codes=codes, phones=phones), query


def ids(request, name: str) -> list[int]:
    """The ids a page was asked for (?device=3&device=7). A value that is not ASCII digits
    is no id ("²" passes str.isdigit() but int() refuses it), nor is one beyond a bigint
    (PostgreSQL finds nothing for it, SQLite fails): both are left out."""
    values = request.GET.getlist(name)
    return [int(v) for v in values if v.isascii() and v.isdigit() and int(v) <= MAX_ID]


def paginate(request, queryset: QuerySet, per_page: int = PAGE_SIZE) -> Page:
    """A numbered page; the count stops at COUNT_CAP (`CappedPaginator`)."""
    return CappedPaginator(searching.ranked(queryset), per_page).get_page(request.GET.get("page"))
