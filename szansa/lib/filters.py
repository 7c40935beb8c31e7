"""Sorting of list pages and API lists: the columns shown, text in Polish order, ties broken by primary key.

The PostgreSQL cluster is initialised with the C locale (scripts/pg-throwaway.sh), so text sorts by code
point there ("Śliwa" after "Żak"). A text column the reader sorts by is therefore sorted with the ICU
collation "pl-x-icu" (docs/architecture.md, "Lists"); on SQLite (the demo), or when PostgreSQL was built
without ICU, it sorts as the database does."""

import django_filters
from django.core.exceptions import FieldDoesNotExist
from django.db import connections, models
from django.db.models import F
from django.db.models.functions import Collate
from django_filters.constants import EMPTY_VALUES

POLISH_COLLATION = "pl-x-icu"

_collation_present: dict[str, bool] = {}


def polish_collation(alias: str = "default") -> str | None:
    """The name of the Polish collation when the database has it, else None (asked once per database)."""
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return None
    if alias not in _collation_present:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_collation WHERE collname = %s", [POLISH_COLLATION])
            _collation_present[alias] = cursor.fetchone() is not None
    return POLISH_COLLATION if _collation_present[alias] else None


def _text_field(model, path: str) -> bool:
    """Whether `path` (e.g. "person__last_name") names a free-text column: a CharField or TextField
    without choices (a code from a list of choices keeps the database's order)."""
    field = None
    for part in path.split("__"):
        if model is None:
            return False
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        model = field.related_model
    return isinstance(field, models.CharField | models.TextField) and not field.choices


def polish_order(model, term: str, alias: str = "default"):
    """One ORDER BY term ("name" or "-name"): a text column in Polish order, anything else as it is."""
    path = term.lstrip("-")
    collation = polish_collation(alias)
    if collation is None or not _text_field(model, path):
        return term
    expression = Collate(F(path), collation)
    return expression.desc() if term.startswith("-") else expression.asc()


class StableOrderingFilter(django_filters.OrderingFilter):
    """An OrderingFilter whose order ends with the primary key, so rows with equal values keep one order
    and a page in the database never repeats or skips a row; text columns sort in Polish order."""

    def terms(self, value) -> list[str]:
        """The chosen columns as ORDER BY terms ("-name"); a subclass may add columns after them."""
        return [self.get_ordering_value(param) for param in value]

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        order = [polish_order(qs.model, term, qs.db) for term in self.terms(value)]
        return qs.order_by(*order, "pk")
