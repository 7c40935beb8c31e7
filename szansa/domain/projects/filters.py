"""The filters of the project lists: one FilterSet that the page and the API both use."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from szansa.domain.projects.models import Expenditure
from szansa.lib.filters import StableOrderingFilter


class ExpenditureFilter(django_filters.FilterSet):
    """Expenditures: the budget page's list and /api/v1/expenditures/ (paged, never capped)."""

    project = django_filters.NumberFilter(label=_("Project id"), field_name="line__task__project")
    line = django_filters.NumberFilter(label=_("Budget line id"), field_name="line")
    q = django_filters.CharFilter(label=_("Document, supplier or NIP"), method="filter_text")
    date_from = django_filters.DateFilter(label=_("Date from"), field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(label=_("Date to"), field_name="date", lookup_expr="lte")
    ordering = StableOrderingFilter(
        label=_("Sort by"),
        fields=(
            ("date", "date"),
            ("document_number", "document_number"),
            ("supplier", "supplier"),
            ("amount", "amount"),
        ),
        field_labels={
            "date": _("date"),
            "document_number": _("document number"),
            "supplier": _("supplier"),
            "amount": _("amount"),
        },
    )

    class Meta:
        model = Expenditure
        fields = ["project", "line", "q", "date_from", "date_to"]

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(document_number__icontains=value)
            | Q(supplier__icontains=value)
            | Q(supplier_nip__contains=value.replace("-", "").replace(" ", ""))
        )
