"""The filters of the project lists: one FilterSet that the page and the API both use."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from szansa.domain.projects import enums
from szansa.domain.projects.access import scope_projects
from szansa.domain.projects.models import Call, Expenditure, PaymentClaim, Project
from szansa.lib.filters import StableOrderingFilter


def visible_projects(request):
    """The projects the request's user may see (projects.access.scope_projects), newest first."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return Project.objects.none()
    return scope_projects(Project.objects.order_by("-start", "number", "pk"), user)


class ProjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number} — {obj.title}"


class ProjectChoiceFilter(django_filters.ModelChoiceFilter):
    """A project chosen from those the user may see, offered as "number — title" (the FilterSet needs the
    `request`). Its value is the project's id, as in the API; an unknown id, or one of a project the user
    may not see, is refused like any invalid choice (the page shows the message, the API answers 400)."""

    field_class = ProjectChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Project"))
        kwargs.setdefault("queryset", visible_projects)
        super().__init__(*args, **kwargs)


class ExpenditureFilter(django_filters.FilterSet):
    """Expenditures: the budget page's list and /api/v1/expenditures/ (paged, never capped)."""

    project = ProjectChoiceFilter(field_name="line__task__project")
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


CALL_STATES = (("open", _("open for applications")), ("closed", _("closed for applications")))


class CallFilter(django_filters.FilterSet):
    """Calls for proposals: the register of calls page and /api/v1/calls/ (paged, never capped)."""

    q = django_filters.CharFilter(label=_("Number, title or body"), method="filter_text")
    programme = django_filters.CharFilter(
        label=_("Programme code"),
        field_name="measure__programme__code",
        help_text=_("E.g. RPO WM 2014-2020."),
    )
    state = django_filters.ChoiceFilter(label=_("Call status"), choices=CALL_STATES, method="filter_state")
    announced_from = django_filters.DateFilter(
        label=_("Announced from"), field_name="announced_on", lookup_expr="gte"
    )
    announced_to = django_filters.DateFilter(
        label=_("Announced to"), field_name="announced_on", lookup_expr="lte"
    )
    ordering = StableOrderingFilter(
        label=_("Sort by"),
        fields=(
            ("number", "number"),
            ("body__name", "body"),
            ("announced_on", "announced_on"),
            ("deadline", "deadline"),
            ("funds_available", "funds_available"),
            ("applications_count", "applications_count"),
        ),
        field_labels={
            "number": _("call number"),
            "body__name": _("announced by"),
            "announced_on": _("announced on"),
            "deadline": _("deadline"),
            "funds_available": _("funds available"),
            "applications_count": _("applications received"),
        },
    )

    class Meta:
        model = Call
        fields = ["q", "programme", "state", "announced_from", "announced_to"]

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(number__icontains=value) | Q(title__icontains=value) | Q(body__name__icontains=value)
        )

    def filter_state(self, queryset, name, value):
        """Open: the deadline is today or later, or none is set; closed: the deadline has passed."""
        today = timezone.localdate()
        if value == "open":
            return queryset.filter(Q(deadline__isnull=True) | Q(deadline__gte=today))
        if value == "closed":
            return queryset.filter(deadline__lt=today)
        return queryset


class PaymentClaimFilter(django_filters.FilterSet):
    """Payment claims: the list on the budget page (with the prefix `claims`, beside the expenditures)
    and /api/v1/payment-claims/ (paged, never capped)."""

    project = ProjectChoiceFilter()
    status = django_filters.ChoiceFilter(label=_("Status"), choices=enums.ClaimStatus.choices)
    period_from = django_filters.DateFilter(
        label=_("Period from"),
        field_name="period_to",
        lookup_expr="gte",
        help_text=_("Claims whose period ends on or after this day."),
    )
    period_to = django_filters.DateFilter(
        label=_("Period to"),
        field_name="period_from",
        lookup_expr="lte",
        help_text=_("Claims whose period begins on or before this day."),
    )
    ordering = StableOrderingFilter(
        label=_("Sort by"),
        fields=(
            ("number", "number"),
            ("period_from", "period"),
            ("amount_claimed", "amount_claimed"),
            ("status", "status"),
            ("submitted_on", "submitted_on"),
            ("approved_amount", "approved_amount"),
        ),
        field_labels={
            "number": _("number"),
            "period_from": _("period"),
            "amount_claimed": _("amount claimed"),
            "status": _("status"),
            "submitted_on": _("submitted on"),
            "approved_amount": _("approved amount"),
        },
    )

    class Meta:
        model = PaymentClaim
        fields = ["project", "status", "period_from", "period_to"]
