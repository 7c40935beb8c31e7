"""The filters of the people lists: one FilterSet that the page and the API both use."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from szansa.domain.people.access import scope_persons
from szansa.domain.people.models import Household, Person
from szansa.lib.filters import StableOrderingFilter


class HouseholdFilter(django_filters.FilterSet):
    """Households: the household list page and /api/v1/households/ (needs `request`). The name search
    looks only at the members the reader may see (the registry search's folded rule,
    PersonQuerySet.search), so a household is never found by a member it does not show."""

    q = django_filters.CharFilter(label=_("Member's name or PESEL"), method="filter_member")
    multi_problem_family = django_filters.BooleanFilter(label=_("Multi-problem family"))
    ordering = StableOrderingFilter(
        label=_("Sort by"),
        fields=(("size", "size"), ("created_at", "created_at")),
        field_labels={"size": _("members"), "created_at": _("created at")},
    )

    class Meta:
        model = Household
        fields = ["q", "multi_problem_family"]

    def filter_member(self, queryset, name, value):
        if not value.strip():
            return queryset
        members = scope_persons(Person.objects.all(), self.request.user).search(value)
        return queryset.filter(pk__in=members.values("household_id"))


class NameOrderingFilter(StableOrderingFilter):
    """Sorting by the last name sorts by the first name next, as the registry lists people; unsorted, the
    registry lists by name too, in Polish order (lib.filters; the index of migration 0007 serves it)."""

    def terms(self, value):
        order = []
        for term in super().terms(value):
            order.append(term)
            if term.lstrip("-") == "last_name":
                order.append(term.replace("last_name", "first_name"))
        return order

    def filter(self, qs, value):
        return super().filter(qs, value if value not in EMPTY_VALUES else ["name"])


class PersonFilter(django_filters.FilterSet):
    """The sorting of the person list: the registry page and /api/v1/persons/ (`ordering`). The search
    and the team, situation and caseload filters stay the selector's (people.selectors.person_list),
    so that a name or PESEL is posted, never put in a URL."""

    ordering = NameOrderingFilter(
        label=_("Sort by"),
        fields=(
            ("last_name", "name"),
            ("pesel", "pesel"),
            ("birth_date", "birth_date"),
            ("town", "town"),
            ("responsible_worker__team__name", "team"),
        ),
        field_labels={
            "last_name": _("name"),
            "pesel": _("PESEL"),
            "birth_date": _("birth date"),
            "town": _("town"),
            "responsible_worker__team__name": _("team"),
        },
    )

    class Meta:
        model = Person
        fields: list[str] = []
