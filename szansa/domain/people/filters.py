"""The filters of the people lists: one FilterSet that the page and the API both use."""

import django_filters
from django.utils.translation import gettext_lazy as _

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
