"""The filters of the access log page (szansa.domain.accounts.access_log reads the log): one FilterSet."""

import django_filters
from auditlog.models import LogEntry
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from szansa.domain.accounts.access_log import AccessFilter
from szansa.lib.filters import StableOrderingFilter
from szansa.lib.forms import DateInput


def access_log_rows():
    """Every ACCESS entry of the log with its actor, newest first: what the page filters, sorts and pages."""
    return (
        LogEntry.objects.filter(action=LogEntry.Action.ACCESS)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )


class AccessPeriodForm(forms.Form):
    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("The end of the period cannot be before its start."))
        return data


class AccessLogFilter(django_filters.FilterSet):
    """The access log: who read whose data, by user, person, day and route (access_log.access_entries's
    rules), newest first unless sorted by time or user. The page has no API."""

    user = django_filters.ModelChoiceFilter(
        label=_("User"), field_name="actor", queryset=get_user_model().objects.order_by("username")
    )
    person = django_filters.CharFilter(
        label=_("Person"),
        method="filter_person",
        max_length=100,
        help_text=_("The person's number or a part of the name."),
    )
    since = django_filters.DateFilter(
        label=_("From"), field_name="timestamp__date", lookup_expr="gte", widget=DateInput
    )
    until = django_filters.DateFilter(
        label=_("Until"), field_name="timestamp__date", lookup_expr="lte", widget=DateInput
    )
    route = django_filters.CharFilter(
        label=_("Route"),
        method="filter_route",
        max_length=100,
        help_text=_("A part of the route's name, e.g. people:"),
    )
    ordering = StableOrderingFilter(
        label=_("Sort by"),
        fields=(("timestamp", "time"), ("actor__username", "user")),
        field_labels={"timestamp": _("time"), "actor__username": _("user")},
    )

    class Meta:
        model = LogEntry
        fields = ["user", "person", "since", "until", "route"]
        form = AccessPeriodForm

    def filter_person(self, queryset, name, value):
        value = value.strip()
        if value.isdigit():
            return queryset.filter(object_id=int(value))
        return queryset.filter(object_repr__icontains=value) if value else queryset

    def filter_route(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(additional_data__route__icontains=value) if value else queryset

    def access_filter(self) -> AccessFilter:
        """The same conditions for access_log.heavy_readers (nothing when the filters are invalid)."""
        data = self.form.cleaned_data if self.is_valid() else {}
        user = data.get("user")
        return AccessFilter(
            user_id=user.pk if user else None,
            person=data.get("person") or "",
            since=data.get("since"),
            until=data.get("until"),
            route=data.get("route") or "",
        )
