"""What every portal list does the same way: a free-text search box and pages."""

from functools import reduce
from operator import or_

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

PAGE_SIZE = 30


def search(request, queryset: QuerySet, *fields: str) -> tuple[QuerySet, str]:
    """Filter by the `q` parameter (case-insensitive, any of the fields); return the query
    too, to show it back in the search box."""
    query = request.GET.get("q", "").strip()
    if query:
        queryset = queryset.filter(reduce(or_, (Q(**{f"{f}__icontains": query}) for f in fields)))
    return queryset, query


def paginate(request, queryset: QuerySet, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
