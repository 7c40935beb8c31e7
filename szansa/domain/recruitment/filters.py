"""The filters of the recruitment lists: one FilterSet per list that the page and the API both use
(applications, participants). Each takes the `request`: the choices of projects, rounds and target groups
are those of the projects the user sees, and a target group whose name tells a health fact is shown by its
neutral label to a reader without health access."""

import django_filters
from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from szansa.domain.people.models import Person
from szansa.domain.projects.access import scope_projects
from szansa.domain.projects.models import Project, TargetGroup
from szansa.domain.projects.privacy import target_group_label
from szansa.domain.recruitment import enums
from szansa.domain.recruitment.models import Application, Participant, RecruitmentRound
from szansa.lib.filters import StableOrderingFilter

# The order of each list unless the reader sorts it (the same on the page and in the API): applications as
# on the board (round, position, submission), participants main first, then by name: by the participant's
# copy of the person's name (recruitment.name_copy), which an index (project, role, name) serves.
APPLICATION_ORDER = ("round__opens_on", "round_id", F("rank").asc(nulls_last=True), "submitted_on", "pk")
PARTICIPANT_ORDER = ("role", "sort_last_name", "sort_first_name", "pk")


def _visible_projects(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return Project.objects.none()
    return scope_projects(Project.objects.order_by("-start", "number", "pk"), user)


def _visible_rounds(request):
    return (
        RecruitmentRound.objects.filter(target_group__project__in=_visible_projects(request))
        .select_related("target_group__project")
        .order_by("target_group__project__number", "opens_on", "pk")
    )


def _visible_groups(request):
    return (
        TargetGroup.objects.filter(project__in=_visible_projects(request))
        .select_related("project")
        .order_by("project__number", "year", "name", "pk")
    )


class _RoundField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.target_group.project.number} – {obj.name}"


class _RoundFilter(django_filters.ModelChoiceFilter):
    field_class = _RoundField


def _person_search(queryset, value: str):
    """Rows whose person the registry search finds: every typed word in the name (diacritics optional),
    or a PESEL beginning with the digits (people.models.PersonQuerySet.search)."""
    if not value.strip():
        return queryset
    return queryset.filter(person__in=Person.objects.search(value).values("pk"))


class ApplicationFilter(django_filters.FilterSet):
    """Applications: the applications page and /api/v1/applications/."""

    q = django_filters.CharFilter(label=_("Person (name or PESEL)"), method="filter_person")
    project = django_filters.ModelChoiceFilter(
        label=_("Project"),
        field_name="round__target_group__project",
        queryset=_visible_projects,
        help_text=_("Only this project."),
    )
    round = _RoundFilter(label=_("Recruitment round"), queryset=_visible_rounds)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=enums.ApplicationStatus.choices)
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=enums.Channel.choices)
    submitted_from = django_filters.DateFilter(
        label=_("Submitted from"), field_name="submitted_on", lookup_expr="gte"
    )
    submitted_to = django_filters.DateFilter(
        label=_("Submitted to"), field_name="submitted_on", lookup_expr="lte"
    )
    ordering = StableOrderingFilter(
        label=_("Sort by"),
        fields=(
            ("person__last_name", "person"),
            ("submitted_on", "submitted_on"),
            ("round__opens_on", "round"),
            ("status", "status"),
            ("score", "score"),
            ("rank", "rank"),
        ),
        field_labels={
            "person__last_name": _("person"),
            "submitted_on": _("submitted on"),
            "round__opens_on": _("recruitment round"),
            "status": _("status"),
            "score": _("score"),
            "rank": _("position"),
        },
    )

    class Meta:
        model = Application
        fields = ["q", "project", "round", "status", "channel", "submitted_from", "submitted_to"]

    def filter_person(self, queryset, name, value):
        return _person_search(queryset, value)


class ParticipantFilter(django_filters.FilterSet):
    """Participants: the participants page and /api/v1/participants/."""

    q = django_filters.CharFilter(label=_("Person (name or PESEL)"), method="filter_person")
    project = django_filters.ModelChoiceFilter(
        label=_("Project"), queryset=_visible_projects, help_text=_("Only this project.")
    )
    target_group = django_filters.ModelChoiceFilter(label=_("Target group"), queryset=_visible_groups)
    role = django_filters.ChoiceFilter(label=_("Role"), choices=enums.ParticipantRole.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=enums.ParticipantStatus.choices)
    started_from = django_filters.DateFilter(
        label=_("Started from"), field_name="start_date", lookup_expr="gte"
    )
    started_to = django_filters.DateFilter(label=_("Started to"), field_name="start_date", lookup_expr="lte")
    incomplete = django_filters.BooleanFilter(
        label=_("Only with missing data-set fields"),
        method="filter_incomplete",
        help_text=_("Only participants with missing data-set fields."),
    )
    ordering = StableOrderingFilter(
        label=_("Sort by"),
        fields=(
            ("person__last_name", "person"),
            ("role", "role"),
            ("target_group__year", "target_group"),
            ("status", "status"),
            ("start_date", "start_date"),
            ("end_date", "end_date"),
        ),
        field_labels={
            "person__last_name": _("person"),
            "role": _("role"),
            "target_group__year": _("target group"),
            "status": _("status"),
            "start_date": _("start of participation"),
            "end_date": _("end of participation"),
        },
    )

    class Meta:
        model = Participant
        fields = [
            "q",
            "project",
            "target_group",
            "role",
            "status",
            "started_from",
            "started_to",
            "incomplete",
        ]

    @property
    def form(self):
        form = super().form
        user = getattr(self.request, "user", None)
        form.fields["target_group"].label_from_instance = lambda group: (
            f"{group.project.number} – {group.year}: {target_group_label(group, user)}"
        )
        return form

    def filter_person(self, queryset, name, value):
        return _person_search(queryset, value)

    def filter_incomplete(self, queryset, name, value):
        """The data set's completeness is Participant.missing_fields (rules in Python): the filtered rows
        are read once to find the incomplete ones, the page is then read in the database."""
        if not value:
            return queryset
        return queryset.filter(pk__in=[p.pk for p in queryset if p.missing_fields()])
