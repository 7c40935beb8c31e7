"""The filters of the sheltered-housing lists: one FilterSet per list that the page and the API both use."""

import django_filters
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from szansa.domain.housing import enums
from szansa.domain.housing.models import Apartment, MonthlyStatement, Stay
from szansa.lib.filters import StableOrderingFilter
from szansa.lib.text import fold

STAY_STATES = (
    ("current", _("current (takes its place today)")),
    ("planned", _("planned (begins later)")),
    ("ended", _("ended")),
)


class StayFilter(django_filters.FilterSet):
    """Stays: the list of stays page and /api/v1/stays/ (paged, never capped)."""

    q = django_filters.CharFilter(label=_("Resident or decision number"), method="filter_text")
    apartment = django_filters.NumberFilter(
        label=_("Apartment id"),
        field_name="place__room__apartment",
        help_text=_("Only the stays in this apartment."),
    )
    on = django_filters.DateFilter(
        label=_("Takes its place on"),
        method="filter_on",
        help_text=_("Only the stays that take their place on this day."),
    )
    state = django_filters.ChoiceFilter(label=_("Stay"), choices=STAY_STATES, method="filter_state")
    ordering = StableOrderingFilter(
        label=_("Sort by"),
        fields=(
            ("person__last_name", "resident"),
            ("place__room__apartment__name", "apartment"),
            ("decision_date", "decision_date"),
            ("occupied_from", "occupied_from"),
            ("occupied_to", "occupied_to"),
        ),
        field_labels={
            "person__last_name": _("resident"),
            "place__room__apartment__name": _("apartment"),
            "decision_date": _("decision date"),
            "occupied_from": _("from"),
            "occupied_to": _("until"),
        },
    )

    class Meta:
        model = Stay
        fields = ["q", "apartment", "on", "state"]

    def filter_text(self, queryset, name, value):
        """The decision number, or the resident's folded name containing every typed word."""
        value = value.strip()
        if not value:
            return queryset
        query = Q(decision_number__icontains=value)
        words = fold(value).split()
        if words:
            person = Q()
            for word in words:
                person &= Q(person__search_text__contains=word)
            query |= person
        return queryset.filter(query)

    def filter_on(self, queryset, name, value):
        return queryset.on(value)

    def filter_state(self, queryset, name, value):
        today = timezone.localdate()
        if value == "current":
            return queryset.on(today)
        if value == "planned":
            return queryset.filter(occupied_from__gt=today)
        if value == "ended":
            return queryset.filter(occupied_to__lt=today)
        return queryset


class ApartmentFilter(django_filters.FilterSet):
    """Apartments: the occupancy board (its apartments paged) and /api/v1/apartments/."""

    q = django_filters.CharFilter(label=_("Name or address"), method="filter_text")
    group_served = django_filters.ChoiceFilter(label=_("Group served"), choices=enums.ServedGroup.choices)
    open = django_filters.BooleanFilter(label=_("Only open apartments"), method="filter_open")
    ordering = StableOrderingFilter(
        label=_("Sort by"),
        fields=(
            ("name", "name"),
            ("town", "town"),
            ("opened_on", "opened_on"),
            ("usable_area", "usable_area"),
        ),
        field_labels={
            "name": _("name"),
            "town": _("town"),
            "opened_on": _("opened on"),
            "usable_area": _("usable area"),
        },
    )

    class Meta:
        model = Apartment
        fields = ["q", "group_served", "open"]

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(street__icontains=value) | Q(town__icontains=value)
        )

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        today = timezone.localdate()
        still_open = Q(closed_on__isnull=True) | Q(closed_on__gte=today)
        return queryset.filter(still_open) if value else queryset.exclude(still_open)


class StatementFilter(django_filters.FilterSet):
    """A stay's monthly fee statements on the stay's page (there is no API list of statements)."""

    month_from = django_filters.DateFilter(label=_("Month from"), field_name="month", lookup_expr="gte")
    month_to = django_filters.DateFilter(label=_("Month to"), field_name="month", lookup_expr="lte")
    unpaid = django_filters.BooleanFilter(label=_("Only not fully paid"), method="filter_unpaid")
    ordering = StableOrderingFilter(
        label=_("Sort by"),
        fields=(
            ("month", "month"),
            ("fee_due", "fee_due"),
            ("paid_amount", "paid_amount"),
        ),
        field_labels={"month": _("month"), "fee_due": _("fee due"), "paid_amount": _("amount paid")},
    )

    class Meta:
        model = MonthlyStatement
        fields = ["month_from", "month_to", "unpaid"]

    def filter_unpaid(self, queryset, name, value):
        if value is None:
            return queryset
        return (
            queryset.filter(paid_amount__lt=F("fee_due"))
            if value
            else queryset.filter(paid_amount__gte=F("fee_due"))
        )
