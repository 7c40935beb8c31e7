"""The filters of the outcome list: one FilterSet that the page and /api/v1/outcomes/ both use."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from szansa.domain.projects.filters import ProjectChoiceFilter
from szansa.domain.support import enums
from szansa.domain.support.models import Outcome
from szansa.domain.work.filters import text_or_person
from szansa.lib.filters import StableOrderingFilter
from szansa.lib.text import fold


def person_named(queryset, value: str, person: str):
    """Rows whose person's folded name contains every typed word (the registry search's rule)."""
    words = fold(value.strip()).split()
    if not words:
        return queryset
    query = Q()
    for word in words:
        query &= Q(**{f"{person}__search_text__contains": word})
    return queryset.filter(query)


class IdFilter(django_filters.NumberFilter):
    """A record named by its id: a whole number, else the filter is refused."""

    field_class = forms.IntegerField


class OutcomeFilter(django_filters.FilterSet):
    """Outcomes: the outcome list page and /api/v1/outcomes/."""

    q = django_filters.CharFilter(label=_("Participant or evidence"), method="filter_text")
    project = ProjectChoiceFilter(field_name="participant__project")
    participant = IdFilter(label=_("Participant (id)"), field_name="participant_id")
    kind = django_filters.ChoiceFilter(label=_("Outcome"), choices=enums.OutcomeKind.choices)
    achieved_from = django_filters.DateFilter(
        label=_("Achieved from"), field_name="achieved_on", lookup_expr="gte"
    )
    achieved_to = django_filters.DateFilter(
        label=_("Achieved to"), field_name="achieved_on", lookup_expr="lte"
    )
    ordering = StableOrderingFilter(
        label=_("Sort by"),
        fields=(
            ("achieved_on", "achieved_on"),
            ("participant__person__last_name", "person"),
            ("kind", "kind"),
        ),
        field_labels={
            "achieved_on": _("achieved on"),
            "participant__person__last_name": _("participant"),
            "kind": _("outcome"),
        },
    )

    class Meta:
        model = Outcome
        fields = ["q", "project", "participant", "kind", "achieved_from", "achieved_to"]

    def filter_text(self, queryset, name, value):
        return text_or_person(queryset, value, "evidence", "participant__person")
