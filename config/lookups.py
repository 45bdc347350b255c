"""`field__any_of=[ids]`: "one of these ids" as a single array parameter on PostgreSQL
(`field = ANY(%s)`), where `__in` sends one parameter per id (`IN (%s, %s, …)`).

A coordinator's scope names every area inside theirs (a city's 150) in each queue branch and
badge of a device list: about a thousand parameters a page, each prepared by Django and
quoted by psycopg, which keeps the parsing of no query with more than 50 of them. That cost
the page more than the database took to answer it. PostgreSQL plans `IN (…)` as `= ANY(…)`
itself, so the plan is the same. Elsewhere (SQLite in development) it is `__in`; a subquery
on the right is `__in` everywhere."""

from django.db.models import Field, ForeignObject
from django.db.models.lookups import In


@ForeignObject.register_lookup  # a relation keeps lookups of its own, not Field's
@Field.register_lookup
class AnyOf(In):
    lookup_name = "any_of"

    def as_postgresql(self, compiler, connection):
        if not self.rhs_is_direct_value():
            return super().as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*lhs_params, [v for v in self.rhs if v is not None])
