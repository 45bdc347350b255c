"""Search that folds Vietnamese, the one way for every search box (docs/developing.md, "Search").

People type on phones whose keyboards make accents slow: "sua chua" must find "sửa chữa",
"SỬA CHỮA" too, and "đ" is a "d". So the text searched and the query are both *folded*:
decomposed (NFD), combining marks dropped, đ/Đ made d, case folded. `fold()` does it in
Python; in the database the same fold is the SQL function `portal_fold(text)`:

- on PostgreSQL it is `lower(unaccent(text))`, created by migration portal 0016 as an
  IMMUTABLE wrapper (`unaccent()` itself is only STABLE, as its dictionary could change), so
  GIN trigram indexes can be built on `portal_fold(column)` and a search stays an index scan
  at a million devices;
- on SQLite (`make run` without a database) it is this module's `fold()`, registered on
  every new connection (`connection_created`). A registered function, not a folded column:
  nothing to keep up to date on save, and the queries are the same text on both databases.

Codes and phone numbers (asset codes, references, serials, phones) are compared *squeezed*:
folded, without spaces, dots, dashes, slashes or underscores (`portal_code(text)`), so
"lt 0004-2" finds "LT00042" and "0243 999 8888" finds "+842439998888".

Ranking: a record where a field holds the query exactly as typed (accents and all, any case)
comes first, then one where a field holds the folded query, then one that holds every folded
word somewhere. Only when nothing holds the query (PostgreSQL only) are the records merely
close to it found: trigram word similarity of at least `TRIGRAM_THRESHOLD`, for misspellings
("bat trng" finds "Bát Tràng"). Not alongside the others: a full name is close to thousands
of others once a list is long, and a search would read and rank them all.
"""

import re
import unicodedata
from functools import reduce
from operator import and_, or_

from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models import BooleanField, Case, F, Func, IntegerField, Q, QuerySet, Value, When
from django.db.models.lookups import Contains, Lookup, Regex
from django.dispatch import receiver

from portal.phones import phone_search_digits

# Word similarity (pg_trgm `word_similarity`, 0 to 1) a field needs with the query to be a
# close match. 0.5 lets one wrong or missing letter in a short word through ("bat trng" has
# 0.67 with "bát tràng", "lap top" 0.5 with "laptop") and keeps unrelated words out (they
# share no trigram: 0). Set per connection as `pg_trgm.word_similarity_threshold`, which is
# what the index-assisted operator `%>` compares against.
TRIGRAM_THRESHOLD = 0.5
# A query shorter than this (folded, in characters) has too few trigrams to be "close" to
# anything in particular: it is matched only as typed or folded.
TRIGRAM_MIN_LENGTH = 4
# A word shorter than a trigram is matched as a word of its own (`_holds`).
WHOLE_WORD_BELOW = 3
# What a code or a phone number may hold between its characters, as people type it.
CODE_SEPARATORS = re.compile(r"[\s./_\-]+")
MAX_QUERY_LENGTH = 100


def _unaccented(text: str) -> str:
    # Case folded first: a few letters fold to a letter and a mark ("İ" → "i̇"), which the
    # next step then drops, so folding twice gives what folding once gave.
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("đ", "d")


def fold(text: str | None) -> str:
    """Lower case, without accents, one space between words: "  Sửa  Chữa Đê" → "sua chua de".
    The spaces are tidied after the marks are dropped: a mark standing alone after a space
    (U+0898, say) would otherwise leave a space at the end, and folding twice would differ."""
    return " ".join(_unaccented(str(text or "")).split())


def fold_code(text: str | None) -> str:
    """A code or number as compared: folded, without separators ("LT-0004 2" → "lt00042")."""
    return CODE_SEPARATORS.sub("", fold(text))


# SQLite's portal_fold and portal_code: a stored value as PostgreSQL's functions give it,
# NULL stays NULL and the spaces are left as they are (only the query is tidied).
def _sqlite_fold(text):
    return None if text is None else _unaccented(str(text))


def _sqlite_code(text):
    return None if text is None else CODE_SEPARATORS.sub("", _unaccented(str(text)))


@receiver(connection_created)
def _prepare_connection(sender, connection, **kwargs):
    """SQLite: the fold functions in Python. PostgreSQL: the close-match threshold, for the
    session (one short query as a connection opens)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("portal_fold", 1, _sqlite_fold, deterministic=True)
        connection.connection.create_function("portal_code", 1, _sqlite_code, deterministic=True)
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # A placeholder until pg_trgm is loaded in the session, then its setting.
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)",
                [str(TRIGRAM_THRESHOLD)],
            )


class Fold(Func):
    """The folded text of a field, in the database (portal_fold, see above)."""

    function = "portal_fold"
    arity = 1


class FoldCode(Func):
    """The squeezed code of a field, in the database (portal_code, see above)."""

    function = "portal_code"
    arity = 1


class CloseTo(Func):
    """`field %> query`: the query's word similarity with some part of the field reaches
    the threshold. pg_trgm's operator, so the GIN trigram index on the field is used."""

    arg_joiner = " %%> "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def _contains(expression, text: str) -> Contains:
    # `LIKE '%text%'`, with % and _ in the text escaped; a trigram index serves it.
    return Contains(expression, text)


def _holds(expression, word: str) -> Lookup:
    """The folded field holds the word: anywhere in it, or, for a word shorter than
    `WHOLE_WORD_BELOW`, as a word of its own (between spaces). "an" is a whole given name;
    inside other words it is in half the names of a list ("Thanh", "Lan", "Xuân"), and, with
    no trigram to look up, `LIKE '%an%'` read every row (0.3 s at 100 000 students), where
    the pattern " an " is two trigrams of the index."""
    if len(word) >= WHOLE_WORD_BELOW:
        return _contains(expression, word)
    return Regex(expression, f"(^| ){re.escape(word)}( |$)")


def search(
    queryset: QuerySet,
    query: str,
    fields: tuple[str, ...] = (),
    *,
    codes: tuple[str, ...] = (),
    phones: tuple[str, ...] = (),
) -> QuerySet:
    """The records of `queryset` (already scoped to what the user may see: this only
    narrows it) that match the query in any of the text `fields`, the `codes` or the
    `phones`, annotated with `search_rank` (0 best) for `ranked()`. An empty query changes
    nothing."""
    query = query.strip()[:MAX_QUERY_LENGTH]
    folded = fold(query)
    if not folded:
        return queryset
    squeezed, digits = fold_code(query), phone_search_digits(query)
    # Codes and numbers: squeezed, as typed or dialled.
    coded = [_contains(FoldCode(F(name)), squeezed) for name in codes if squeezed]
    coded += [_contains(FoldCode(F(name)), digits) for name in phones if digits]
    # A field holds the folded query.
    whole = [_holds(Fold(F(name)), folded) for name in fields]
    # Every folded word is in some field ("nguyen an" finds "Nguyễn Văn An").
    typed = folded.split()
    words = [
        reduce(or_, [_holds(Fold(F(name)), word) for name in fields])
        for word in typed
        if fields  # none when a list is searched by its codes alone (no second factor)
    ]
    near = [reduce(and_, words)] if len(words) > 1 else []
    # A field that holds the whole query holds each of its words too, unless its first or
    # last word is short (matched only as a word of its own: "an nguyen" is in "Lan
    # Nguyễn", "an" is not). Then the filter needs no condition of its own for the whole
    # query, only the rank does: one trigram scan fewer in each query of the search.
    implied = bool(near) and min(len(typed[0]), len(typed[-1])) >= WHOLE_WORD_BELOW
    found = [*coded, *([] if implied else whole), *near]
    # Close to a field (PostgreSQL): misspelt or cut words, looked for only when nothing
    # holds the query (one EXISTS more, from the indexes). Among thousands of "Nguyễn Văn …"
    # every full name is close to thousands of others: matching them too made each search
    # read and rank the whole list, slower the longer it grew.
    # A single word with a digit in it (a code, a serial, a phone or model number) is looked
    # up as typed: numbers are not misspelt, and asking first whether anything held one
    # scanned the codes' index twice (a code shares most of its trigrams with every other:
    # 6 ms a scan at a million devices).
    if (
        fields
        and connections[queryset.db].vendor == "postgresql"
        and len(folded) >= TRIGRAM_MIN_LENGTH
        and not (len(typed) == 1 and any(character.isdigit() for character in folded))
        and not (found and queryset.filter(reduce(or_, found)).exists())
    ):
        found = [CloseTo(Fold(F(name)), Value(folded)) for name in fields]
    if not found:
        return queryset.none()
    # Only the folded conditions filter: each has its trigram index, so PostgreSQL can
    # combine them (a bitmap OR). The query as typed only ranks: whatever holds it holds
    # its folded form too.
    exact = [Q(**{f"{name}__icontains": query}) for name in fields]
    return queryset.filter(reduce(or_, found)).annotate(
        search_rank=Case(
            *[When(q, then=Value(0)) for q in [*exact, *coded]],
            *[When(q, then=Value(1)) for q in whole],
            *[When(q, then=Value(2)) for q in near],
            default=Value(3),
            output_field=IntegerField(),
        )
    )


def ranked(queryset: QuerySet) -> QuerySet:
    """A searched queryset ordered best match first, then in its own order (the list's
    selector decides that one, after the search)."""
    if "search_rank" not in queryset.query.annotations:
        return queryset
    own = queryset.query.order_by or queryset.model._meta.ordering or ("pk",)
    return queryset.order_by("search_rank", *own)
