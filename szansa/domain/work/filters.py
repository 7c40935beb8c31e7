"""The filters of the register of decisions: one FilterSet that the page and the API both use."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from szansa.domain.work import enums
from szansa.domain.work.models import Decision
from szansa.lib.text import fold

STAGE_FILTERS = {
    "draft": Q(approved_on__isnull=True),
    "approved": Q(approved_on__isnull=False, issued_on__isnull=True),
    "issued": Q(issued_on__isnull=False, delivered_on__isnull=True),
    "delivered": Q(delivered_on__isnull=False, appeal_lodged_on__isnull=True, final_on__isnull=True),
    "appealed": Q(appeal_lodged_on__isnull=False, final_on__isnull=True),
    "final": Q(final_on__isnull=False),
}


class DecisionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Number or party"), method="filter_text")
    year = django_filters.NumberFilter(label=_("Register year"))
    stage = django_filters.ChoiceFilter(
        label=_("Stage"), choices=enums.DECISION_STAGES, method="filter_stage"
    )
    outcome = django_filters.ChoiceFilter(label=_("Decision"), choices=enums.DecisionOutcome.choices)
    delivery_method = django_filters.ChoiceFilter(
        label=_("Delivery method"), choices=enums.DeliveryMethod.choices
    )
    issued_from = django_filters.DateFilter(label=_("Issued from"), field_name="issued_on", lookup_expr="gte")
    issued_to = django_filters.DateFilter(label=_("Issued to"), field_name="issued_on", lookup_expr="lte")
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("issued_on", "issued_on"),
            ("sequence", "number"),
            ("delivered_on", "delivered_on"),
            ("appeal_deadline", "appeal_deadline"),
            ("case__person__last_name", "party"),
        ),
        field_labels={
            "issued_on": _("issued on"),
            "sequence": _("number"),
            "delivered_on": _("delivered on"),
            "appeal_deadline": _("appeal deadline"),
            "case__person__last_name": _("party"),
        },
    )

    class Meta:
        model = Decision
        fields = ["q", "year", "stage", "outcome", "delivery_method", "issued_from", "issued_to"]

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        query = Q(number__icontains=value)
        words = fold(value).split()
        if words:
            person = Q()
            for word in words:
                person &= Q(case__person__search_text__contains=word)
            query |= person
        return queryset.filter(query)

    def filter_stage(self, queryset, name, value):
        return queryset.filter(STAGE_FILTERS[value]) if value in STAGE_FILTERS else queryset
