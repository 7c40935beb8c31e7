"""The filters of the project lists: one FilterSet that the page and the API both use."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from szansa.domain.projects.models import Expenditure, Project
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


PROJECT_STATUSES = (("planned", _("planned")), ("running", _("running")), ("finished", _("finished")))


class ProjectFilter(django_filters.FilterSet):
    """Projects: the project list page and /api/v1/projects/ (status on today's date, as the list shows)."""

    q = django_filters.CharFilter(label=_("Number, title or beneficiary"), method="filter_text")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=PROJECT_STATUSES, method="filter_status")
    programme = django_filters.CharFilter(
        label=_("Programme code"),
        field_name="measure__programme__code",
        help_text=_("E.g. RPO WM 2014-2020."),
    )
    ordering = StableOrderingFilter(
        label=_("Sort by"),
        fields=(
            ("title", "title"),
            ("number", "number"),
            ("start", "start"),
            ("end", "end"),
            ("total_value", "total_value"),
            ("cofinancing", "cofinancing"),
        ),
        field_labels={
            "title": _("title"),
            "number": _("number"),
            "start": _("start"),
            "end": _("end"),
            "total_value": _("total value"),
            "cofinancing": _("co-financing"),
        },
    )

    class Meta:
        model = Project
        fields = ["q", "status", "programme"]

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(number__icontains=value) | Q(title__icontains=value) | Q(beneficiary__icontains=value)
        )

    def filter_status(self, queryset, name, value):
        today = timezone.localdate()
        if value == "planned":
            return queryset.filter(start__gt=today)
        if value == "running":
            return queryset.filter(start__lte=today, end__gte=today)
        if value == "finished":
            return queryset.filter(end__lt=today)
        return queryset
