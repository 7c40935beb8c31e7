"""The filters of the internship list: one FilterSet that the page and /api/v1/internships/ both use."""

import django_filters
from django.utils.translation import gettext_lazy as _

from szansa.domain.projects.filters import ProjectChoiceFilter
from szansa.domain.support.models import Internship
from szansa.domain.support.outcomes.filters import IdFilter
from szansa.domain.work.filters import text_or_person
from szansa.lib.filters import StableOrderingFilter


class InternshipFilter(django_filters.FilterSet):
    """Internships: the internship list page and /api/v1/internships/."""

    q = django_filters.CharFilter(label=_("Employer or participant"), method="filter_text")
    project = ProjectChoiceFilter(field_name="activity__project")
    participant = IdFilter(label=_("Participant (id)"), field_name="participant_id")
    starts_from = django_filters.DateFilter(label=_("Starts from"), field_name="starts_on", lookup_expr="gte")
    starts_to = django_filters.DateFilter(label=_("Starts to"), field_name="starts_on", lookup_expr="lte")
    ordering = StableOrderingFilter(
        label=_("Sort by"),
        fields=(
            ("starts_on", "starts_on"),
            ("ends_on", "ends_on"),
            ("employer", "employer"),
            ("participant__person__last_name", "person"),
        ),
        field_labels={
            "starts_on": _("starts on"),
            "ends_on": _("ends on"),
            "employer": _("employer"),
            "participant__person__last_name": _("participant"),
        },
    )

    class Meta:
        model = Internship
        fields = ["q", "project", "participant", "starts_from", "starts_to"]

    def filter_text(self, queryset, name, value):
        return text_or_person(queryset, value, "employer", "participant__person")
