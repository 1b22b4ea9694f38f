"""`field__among=[ids]`: membership in a long list of ids, sent as one parameter.

Django's `__in` sends one bound parameter per value and prepares each in Python; for the
returns, which fetch thousands of children's records at a time, that preparation cost more than
PostgreSQL took to read the rows. `among` sends the list as one array (`= ANY(%s)`) on
PostgreSQL, and falls back to `IN (...)` elsewhere (SQLite, the demo database).

Pass a set or frozenset of ints: Django walks a list or tuple value element by element before
any lookup sees it, which for 10,000 ids costs as much as the query.
"""

from __future__ import annotations

from django.db.models import Field, ForeignKey, Lookup


class Among(Lookup):
    lookup_name = "among"
    prepare_rhs = False

    def get_prep_lookup(self):
        return [int(v) for v in self.rhs]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = list(self.rhs)
        if not values:
            return "1 = 0", list(lhs_params)  # nothing matches an empty list
        if connection.vendor == "postgresql":
            # One text parameter, split by the server: no per-element quoting in the driver.
            text = ",".join(str(v) for v in values)
            return f"{lhs} = ANY(string_to_array(%s, ',')::bigint[])", [*lhs_params, text]
        marks = ", ".join(["%s"] * len(values))
        return f"{lhs} IN ({marks})", [*lhs_params, *values]


Field.register_lookup(Among)
ForeignKey.register_lookup(Among)  # related fields keep their own lookup table
