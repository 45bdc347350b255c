"""What every portal list does the same way: a free-text search box and pages."""

from functools import reduce
from operator import or_

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

from portal.forms.numbers import MAX_ID
from portal.phones import phone_search_digits

PAGE_SIZE = 30


def search(
    request, queryset: QuerySet, *fields: str, phones: tuple[str, ...] = ()
) -> tuple[QuerySet, str]:
    """Filter by the `q` parameter (case-insensitive, any of the fields); return the query
    too, to show it back in the search box. A number typed the national way ("0912 345")
    finds the stored E.164 ("+84912345678") in the `phones` fields."""
    query = request.GET.get("q", "").strip()
    if query:
        matches = [Q(**{f"{f}__icontains": query}) for f in fields]
        if digits := phone_search_digits(query):
            matches += [Q(**{f"{f}__contains": digits}) for f in phones]
        queryset = queryset.filter(reduce(or_, matches))
    return queryset, query


def ids(request, name: str) -> list[int]:
    """The ids a page was asked for (?device=3&device=7). A value that is not ASCII digits
    is no id ("²" passes str.isdigit() but int() refuses it), nor is one beyond a bigint
    (PostgreSQL finds nothing for it, SQLite fails): both are left out."""
    values = request.GET.getlist(name)
    return [int(v) for v in values if v.isascii() and v.isdigit() and int(v) <= MAX_ID]


def paginate(request, queryset: QuerySet, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
