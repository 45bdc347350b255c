"""What every portal list does the same way: a free-text search box and pages."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from portal import search as searching
from portal.forms.numbers import MAX_ID

PAGE_SIZE = 30


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
    return Paginator(searching.ranked(queryset), per_page).get_page(request.GET.get("page"))
