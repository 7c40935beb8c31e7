"""Sorting of list pages and API lists: the columns shown, ties broken by primary key."""

import django_filters
from django_filters.constants import EMPTY_VALUES


class StableOrderingFilter(django_filters.OrderingFilter):
    """An OrderingFilter whose order ends with the primary key, so rows with equal values keep one order
    and a page in the database never repeats or skips a row."""

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        qs = super().filter(qs, value)
        return qs.order_by(*qs.query.order_by, "pk")
