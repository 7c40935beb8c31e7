"""The filters of the register of decisions: one FilterSet that the page and the API both use."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from szansa.domain.accounts.enums import Role
from szansa.domain.work import enums, selectors
from szansa.domain.work.models import Case, Decision, Task
from szansa.lib.filters import StableOrderingFilter
from szansa.lib.text import fold

STAGE_FILTERS = {
    "draft": Q(approved_on__isnull=True),
    "approved": Q(approved_on__isnull=False, issued_on__isnull=True),
    "issued": Q(issued_on__isnull=False, delivered_on__isnull=True),
    "delivered": Q(delivered_on__isnull=False, appeal_lodged_on__isnull=True, final_on__isnull=True),
    "appealed": Q(appeal_lodged_on__isnull=False, final_on__isnull=True),
    "final": Q(final_on__isnull=False),
}


def text_or_person(queryset, value: str, field: str, person: str):
    """Rows whose `field` contains the text, or whose person's folded name contains every typed word
    (the registry search's rule, people.models.PersonQuerySet.search)."""
    value = value.strip()
    if not value:
        return queryset
    query = Q(**{f"{field}__icontains": value})
    words = fold(value).split()
    if words:
        name = Q()
        for word in words:
            name &= Q(**{f"{person}__search_text__contains": word})
        query |= name
    return queryset.filter(query)


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
    ordering = StableOrderingFilter(
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
        return text_or_person(queryset, value, "number", "case__person")

    def filter_stage(self, queryset, name, value):
        return queryset.filter(STAGE_FILTERS[value]) if value in STAGE_FILTERS else queryset


class TaskFilter(django_filters.FilterSet):
    """Tasks: the queue page and /api/v1/tasks/ filter with this one FilterSet (needs `request`)."""

    mine = django_filters.BooleanFilter(label=_("Only mine"), method="filter_mine")
    queue = django_filters.BooleanFilter(label=_("Only unassigned, in my queues"), method="filter_queue")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=enums.TaskStatus.choices)
    role = django_filters.ChoiceFilter(label=_("Queue (role)"), choices=Role.choices)
    kind = django_filters.CharFilter(label=_("Kind of task"), field_name="kind__code")
    overdue = django_filters.BooleanFilter(label=_("Only overdue"), method="filter_overdue")
    q = django_filters.CharFilter(label=_("Title or person"), method="filter_text")
    ordering = StableOrderingFilter(
        label=_("Sort by"),
        fields=(
            ("due_on", "due_on"),
            ("start_on", "start_on"),
            ("title", "title"),
            ("created_at", "created_at"),
        ),
        field_labels={
            "due_on": _("due on"),
            "start_on": _("starts on"),
            "title": _("title"),
            "created_at": _("created at"),
        },
    )

    class Meta:
        model = Task
        fields = ["mine", "queue", "status", "role", "kind", "overdue", "q"]

    def filter_mine(self, queryset, name, value):
        return queryset.filter(assignee_id=self.request.user.pk) if value else queryset

    def filter_queue(self, queryset, name, value):
        return queryset.filter(pk__in=selectors.queue(self.request.user).values("pk")) if value else queryset

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue(timezone.localdate()) if value else queryset

    def filter_text(self, queryset, name, value):
        return text_or_person(queryset, value, "title", "person")


class CaseFilter(django_filters.FilterSet):
    """Cases: the case list page and /api/v1/cases/."""

    q = django_filters.CharFilter(label=_("Benefit or applicant"), method="filter_text")
    status = django_filters.ChoiceFilter(label=_("Step"), choices=enums.CaseStatus.choices)
    urgent = django_filters.BooleanFilter(label=_("Urgent"))
    opened_from = django_filters.DateFilter(
        label=_("Registered from"), field_name="opened_on", lookup_expr="gte"
    )
    opened_to = django_filters.DateFilter(label=_("Registered to"), field_name="opened_on", lookup_expr="lte")
    ordering = StableOrderingFilter(
        label=_("Sort by"),
        fields=(
            ("opened_on", "opened_on"),
            ("decision_due_on", "decision_due_on"),
            ("person__last_name", "applicant"),
            ("benefit", "benefit"),
        ),
        field_labels={
            "opened_on": _("registered on"),
            "decision_due_on": _("decision due on"),
            "person__last_name": _("applicant"),
            "benefit": _("benefit requested"),
        },
    )

    class Meta:
        model = Case
        fields = ["q", "status", "urgent", "opened_from", "opened_to"]

    def filter_text(self, queryset, name, value):
        return text_or_person(queryset, value, "benefit", "person")
