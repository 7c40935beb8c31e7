"""The filters of the privacy lists: the register of data-subject requests (one FilterSet that the page and
the API both use) and the retention review list."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from szansa.domain.people.access import scope_persons
from szansa.domain.people.models import Person
from szansa.domain.privacy import enums
from szansa.domain.privacy.models import RetentionReview, SubjectRequest
from szansa.domain.support.outcomes.filters import person_named
from szansa.lib.filters import StableOrderingFilter
from szansa.lib.forms import DateInput


def requests_visible_to(user):
    """The requests of the people `user` may see, which the register page and the API filter and page
    (the caller checks "privacy.view_requests" and access-logs the people of the page it shows)."""
    persons = scope_persons(Person.objects.all(), user)
    return SubjectRequest.objects.filter(person__in=persons).select_related("person", "recorded_by")


class PeriodForm(forms.Form):
    """A filter form whose `<prefix>_from` may not fall after its `<prefix>_to`."""

    PERIOD = ("received_from", "received_to")

    def clean(self):
        data = super().clean()
        start, end = (data.get(name) for name in self.PERIOD)
        if start and end and start > end:
            self.add_error(self.PERIOD[1], _("The end of the period cannot be before its start."))
        return data


class SubjectRequestFilter(django_filters.FilterSet):
    """Data-subject requests: the register page and /api/v1/privacy/requests/."""

    kind = django_filters.ChoiceFilter(
        label=_("right"), choices=enums.RequestKind.choices, empty_label=_("all")
    )
    status = django_filters.ChoiceFilter(
        label=_("status"), choices=enums.RequestStatus.choices, empty_label=_("all")
    )
    # A checkbox on the page; the API sends overdue=true.
    overdue = django_filters.BooleanFilter(
        label=_("overdue only"), method="filter_overdue", widget=forms.CheckboxInput
    )
    received_from = django_filters.DateFilter(
        label=_("received from"), field_name="received_on", lookup_expr="gte", widget=DateInput
    )
    received_to = django_filters.DateFilter(
        label=_("received until"), field_name="received_on", lookup_expr="lte", widget=DateInput
    )
    ordering = StableOrderingFilter(
        label=_("Sort by"),
        fields=(
            ("pk", "number"),
            ("person__last_name", "person"),
            ("kind", "kind"),
            ("received_on", "received_on"),
            ("due_on", "due_on"),
            ("status", "status"),
        ),
        field_labels={
            "pk": _("number"),
            "person__last_name": _("person"),
            "kind": _("right"),
            "received_on": _("received on"),
            "due_on": _("answer due on"),
            "status": _("status"),
        },
    )

    class Meta:
        model = SubjectRequest
        fields = ["kind", "status", "overdue", "received_from", "received_to"]
        form = PeriodForm

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(status=enums.RequestStatus.OPEN, due_on__lt=timezone.localdate())


class ListedPeriodForm(PeriodForm):
    PERIOD = ("listed_from", "listed_to")


class RetentionReviewFilter(django_filters.FilterSet):
    """The retention review list: the people due, approved or kept (anonymised rows are not listed)."""

    q = django_filters.CharFilter(label=_("Person"), method="filter_person")
    status = django_filters.ChoiceFilter(
        label=_("status"),
        choices=[c for c in enums.ReviewStatus.choices if c[0] != enums.ReviewStatus.ANONYMISED],
        empty_label=_("all"),
    )
    listed_from = django_filters.DateFilter(
        label=_("listed from"), field_name="listed_on", lookup_expr="gte", widget=DateInput
    )
    listed_to = django_filters.DateFilter(
        label=_("listed until"), field_name="listed_on", lookup_expr="lte", widget=DateInput
    )
    ordering = StableOrderingFilter(
        label=_("Sort by"),
        fields=(
            ("listed_on", "listed_on"),
            ("retention_until", "retention_until"),
            ("person__last_name", "person"),
            ("status", "status"),
        ),
        field_labels={
            "listed_on": _("listed on"),
            "retention_until": _("kept until"),
            "person__last_name": _("person"),
            "status": _("status"),
        },
    )

    class Meta:
        model = RetentionReview
        fields = ["q", "status", "listed_from", "listed_to"]
        form = ListedPeriodForm

    def filter_person(self, queryset, name, value):
        return person_named(queryset, value, "person")
