"""The filters of the lists of activities, their sessions and the internship stipend rates: one FilterSet per
list that the page and the API both use. The choices (projects, activities) are those the user may see,
so each FilterSet takes the `request`."""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from szansa.domain.projects.access import scope_projects
from szansa.domain.projects.models import Project
from szansa.domain.support.activities import selectors
from szansa.domain.support.models import Activity, Session, StipendRate, SupportForm
from szansa.lib.filters import StableOrderingFilter


def _user(request):
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _activity_projects(request):
    """The projects of the activities the user sees (a specialist: also those of the activities they run)."""
    user = _user(request)
    if user is None:
        return Project.objects.none()
    visible = selectors.activity_list(user=user)
    return Project.objects.filter(pk__in=visible.values("project_id")).order_by("-start", "number")


def _visible_projects(request):
    user = _user(request)
    if user is None:
        return Project.objects.none()
    return scope_projects(Project.objects.order_by("-start", "number", "pk"), user)


def _visible_activities(request):
    user = _user(request)
    return selectors.activity_list(user=user) if user is not None else Activity.objects.none()


def _staff(request):
    return get_user_model().objects.filter(is_active=True).order_by("last_name", "first_name", "pk")


class ActivityFilter(django_filters.FilterSet):
    """Activities: the activities page and /api/v1/activities/."""

    project = django_filters.ModelChoiceFilter(label=_("Project"), queryset=_activity_projects)
    form = django_filters.ModelChoiceFilter(
        label=_("Form of support"),
        queryset=SupportForm.objects.all(),
        to_field_name="code",
        help_text=_("The code of the form of support."),
    )
    q = django_filters.CharFilter(label=_("Title contains"), field_name="title", lookup_expr="icontains")
    ordering = StableOrderingFilter(
        label=_("Sort by"),
        fields=(
            ("title", "title"),
            ("project__number", "project"),
            ("starts_on", "starts_on"),
            ("ends_on", "ends_on"),
            ("specialist__last_name", "specialist"),
        ),
        field_labels={
            "title": _("title"),
            "project__number": _("project"),
            "starts_on": _("from"),
            "ends_on": _("until"),
            "specialist__last_name": _("specialist"),
        },
    )

    class Meta:
        model = Activity
        fields = ["project", "form", "q"]


class SessionFilter(django_filters.FilterSet):
    """Sessions: the sessions page and /api/v1/sessions/."""

    activity = django_filters.ModelChoiceFilter(label=_("Activity"), queryset=_visible_activities)
    specialist = django_filters.ModelChoiceFilter(label=_("Specialist"), queryset=_staff)
    q = django_filters.CharFilter(label=_("Activity or topic"), method="filter_text")
    date_from = django_filters.DateFilter(
        label=_("From"),
        field_name="starts_at",
        lookup_expr="date__gte",
        help_text=_("Sessions starting on or after this day."),
    )
    date_to = django_filters.DateFilter(
        label=_("To"),
        field_name="starts_at",
        lookup_expr="date__lte",
        help_text=_("Sessions starting on or before this day."),
    )
    cancelled = django_filters.BooleanFilter(label=_("Cancelled"))
    ordering = StableOrderingFilter(
        label=_("Sort by"),
        fields=(
            ("starts_at", "starts_at"),
            ("activity__title", "activity"),
            ("specialist__last_name", "specialist"),
            ("room__name", "room"),
        ),
        field_labels={
            "starts_at": _("starts at"),
            "activity__title": _("activity"),
            "specialist__last_name": _("specialist"),
            "room__name": _("room"),
        },
    )

    class Meta:
        model = Session
        fields = ["activity", "specialist", "q", "date_from", "date_to", "cancelled"]

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(activity__title__icontains=value) | Q(topic__icontains=value))


class StipendRateFilter(django_filters.FilterSet):
    """Internship stipend rates: the stipend rates page and /api/v1/stipend-rates/."""

    project = django_filters.ModelChoiceFilter(
        label=_("Project"), queryset=_visible_projects, help_text=_("Only this project's records.")
    )
    valid_from_after = django_filters.DateFilter(
        label=_("Valid from, on or after"), field_name="valid_from", lookup_expr="gte"
    )
    valid_from_before = django_filters.DateFilter(
        label=_("Valid from, on or before"), field_name="valid_from", lookup_expr="lte"
    )
    ordering = StableOrderingFilter(
        label=_("Sort by"),
        fields=(
            ("valid_from", "valid_from"),
            ("monthly_amount", "monthly_amount"),
            ("full_month_hours", "full_month_hours"),
        ),
        field_labels={
            "valid_from": _("valid from"),
            "monthly_amount": _("stipend for a full month"),
            "full_month_hours": _("hours in a full month"),
        },
    )

    class Meta:
        model = StipendRate
        fields = ["project", "valid_from_after", "valid_from_before"]
