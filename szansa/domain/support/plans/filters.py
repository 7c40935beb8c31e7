"""The filters of the support path's lists (diagnoses, individual plans, social contracts): one FilterSet
each that the list page and its API list (/api/v1/support/…) both use."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from szansa.domain.projects.filters import ProjectChoiceFilter
from szansa.domain.support import enums
from szansa.domain.support.models import Diagnosis, IndividualPlan, SocialContract
from szansa.domain.support.outcomes.filters import IdFilter, person_named
from szansa.domain.work.filters import text_or_person
from szansa.lib.filters import StableOrderingFilter


class DiagnosisFilter(django_filters.FilterSet):
    """Diagnoses: the diagnosis list page and /api/v1/support/diagnoses/."""

    q = django_filters.CharFilter(label=_("Participant"), method="filter_text")
    project = ProjectChoiceFilter(field_name="participant__project")
    participant = IdFilter(label=_("Participant (id)"), field_name="participant_id")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=enums.DiagnosisKind.choices)
    made_from = django_filters.DateFilter(label=_("Made from"), field_name="made_on", lookup_expr="gte")
    made_to = django_filters.DateFilter(label=_("Made to"), field_name="made_on", lookup_expr="lte")
    ordering = StableOrderingFilter(
        label=_("Sort by"),
        fields=(
            ("made_on", "made_on"),
            ("participant__person__last_name", "person"),
            ("kind", "kind"),
        ),
        field_labels={
            "made_on": _("made on"),
            "participant__person__last_name": _("participant"),
            "kind": _("kind"),
        },
    )

    class Meta:
        model = Diagnosis
        fields = ["q", "project", "participant", "kind", "made_from", "made_to"]

    def filter_text(self, queryset, name, value):
        return person_named(queryset, value, "participant__person")


class PlanFilter(django_filters.FilterSet):
    """Individual plans (every version): the plan list page and /api/v1/support/plans/."""

    q = django_filters.CharFilter(label=_("Participant"), method="filter_text")
    project = ProjectChoiceFilter(field_name="participant__project")
    participant = IdFilter(label=_("Participant (id)"), field_name="participant_id")
    current = django_filters.BooleanFilter(
        label=_("Current versions only"), method="filter_current", widget=forms.CheckboxInput
    )
    drawn_from = django_filters.DateFilter(
        label=_("Drawn up from"), field_name="drawn_up_on", lookup_expr="gte"
    )
    drawn_to = django_filters.DateFilter(label=_("Drawn up to"), field_name="drawn_up_on", lookup_expr="lte")
    ordering = StableOrderingFilter(
        label=_("Sort by"),
        fields=(
            ("drawn_up_on", "drawn_up_on"),
            ("participant__person__last_name", "person"),
            ("version", "version"),
        ),
        field_labels={
            "drawn_up_on": _("drawn up on"),
            "participant__person__last_name": _("participant"),
            "version": _("version"),
        },
    )

    class Meta:
        model = IndividualPlan
        fields = ["q", "project", "participant", "current", "drawn_from", "drawn_to"]

    def filter_text(self, queryset, name, value):
        return person_named(queryset, value, "participant__person")

    def filter_current(self, queryset, name, value):
        return queryset.filter(superseded_on__isnull=True) if value else queryset


class ContractFilter(django_filters.FilterSet):
    """Social contracts: the contract list page and /api/v1/support/contracts/."""

    q = django_filters.CharFilter(label=_("Number or person"), method="filter_text")
    project = ProjectChoiceFilter(field_name="participant__project")
    participant = IdFilter(label=_("Participant (id)"), field_name="participant_id")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=enums.ContractStatus.choices)
    variant = django_filters.ChoiceFilter(label=_("Variant"), choices=enums.ContractVariant.choices)
    concluded_from = django_filters.DateFilter(
        label=_("Concluded from"), field_name="concluded_on", lookup_expr="gte"
    )
    concluded_to = django_filters.DateFilter(
        label=_("Concluded to"), field_name="concluded_on", lookup_expr="lte"
    )
    ordering = StableOrderingFilter(
        label=_("Sort by"),
        fields=(
            ("concluded_on", "concluded_on"),
            ("number", "number"),
            ("ends_on", "ends_on"),
            ("person__last_name", "person"),
        ),
        field_labels={
            "concluded_on": _("concluded on"),
            "number": _("number"),
            "ends_on": _("ends on"),
            "person__last_name": _("person"),
        },
    )

    class Meta:
        model = SocialContract
        fields = ["q", "project", "participant", "status", "variant", "concluded_from", "concluded_to"]

    def filter_text(self, queryset, name, value):
        return text_or_person(queryset, value, "number", "person")
