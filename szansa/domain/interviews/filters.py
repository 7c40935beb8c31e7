"""The filters of interview lists: one FilterSet that the pages and the API both use."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from szansa.domain.interviews import enums, selectors
from szansa.domain.interviews.models import Interview

ASSIGNED_CHOICES = (("me", _("to me")),)


class InterviewFilter(django_filters.FilterSet):
    """`assigned=me`: the user's interviews not yet confirmed (conducted by them or of their task); with
    `day` as well, those "assigned for the day": of the user's open community-interview tasks due on or
    before the day, and the user's drafts conducted that day (selectors.assigned_for_day). `day` alone:
    conducted that day."""

    assigned = django_filters.ChoiceFilter(
        label=_("Assigned to"), choices=ASSIGNED_CHOICES, method="filter_assigned"
    )
    day = django_filters.DateFilter(label=_("Day"), method="filter_day")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=enums.InterviewStatus.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=enums.InterviewKind.choices)
    person = django_filters.NumberFilter(label=_("Person"), field_name="person_id")

    class Meta:
        model = Interview
        fields = ["assigned", "day", "status", "kind", "person"]

    def _user(self):
        return getattr(self.request, "user", None)

    def filter_assigned(self, queryset, name, value):
        user = self._user()
        if value != "me" or user is None:
            return queryset
        day = self.form.cleaned_data.get("day")
        if day is not None:
            return selectors.assigned_for_day(queryset, user, day)
        return queryset.filter(Q(worker=user) | Q(task__assignee=user)).exclude(
            status=enums.InterviewStatus.CONFIRMED
        )

    def filter_day(self, queryset, name, value):
        if self.form.cleaned_data.get("assigned") == "me":
            return queryset  # read together with `assigned` (filter_assigned)
        return queryset.filter(conducted_on=value)
