"""API of the recruitment set-up: rounds, eligibility rules (with their criteria), scoring criteria and
internship stipend rates of a project, and the corrections of participation dates.

Reads: whoever reads the project's recruitment (recruitment.view), scoped by `scope_projects` (out of
scope => 404). Writes: the domain services (recruitment.setup, recruitment.services,
support.internships.services) check recruitment.manage / projects.change_project, validate in full and
save under the audit actor; their refusals are answered by szansa.api.errors with Polish messages.
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from szansa.api.permissions import RulesPermission
from szansa.api.schema import PK_PARAMETER
from szansa.domain.people.selectors import person_file_open
from szansa.domain.projects.access import scope_projects
from szansa.domain.projects.models import Project, TargetGroup
from szansa.domain.recruitment import selectors, services, setup
from szansa.domain.recruitment.models import (
    Criterion,
    EligibilityRule,
    ParticipationCorrection,
    RecruitmentRound,
    ScoringCriterion,
)
from szansa.domain.support.activities.filters import StipendRateFilter
from szansa.domain.support.internships import services as internship_services
from szansa.domain.support.models import StipendRate
from szansa.lib.access_log import route_of

PROJECT_FILTER = OpenApiParameter("project", int, description=_("Only this project's records."))
GROUP_FILTER = OpenApiParameter("target_group", int, description=_("Only this target group's records."))


def _visible_projects(user):
    return scope_projects(Project.objects.all(), user)


class _ScopedGroupField(serializers.PrimaryKeyRelatedField):
    """A target group of a project the user sees (others: 'does not exist')."""

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return TargetGroup.objects.none()
        return TargetGroup.objects.filter(project__in=_visible_projects(request.user))


class RoundSerializer(serializers.ModelSerializer):
    target_group = _ScopedGroupField(help_text=_("The target group the round recruits for."))
    project = serializers.IntegerField(source="target_group.project_id", read_only=True)

    class Meta:
        model = RecruitmentRound
        fields = ["id", "project", "target_group", "name", "opens_on", "closes_on", "places"]
        validators = []  # the service's full_clean answers, with its own messages


class RuleCriterionSerializer(serializers.Serializer):
    criterion = serializers.SlugRelatedField(
        slug_field="code", queryset=Criterion.objects.all(), help_text=_("The criterion's code.")
    )
    parameters = serializers.JSONField(required=False, default=dict)


class RuleSerializer(serializers.ModelSerializer):
    target_group = _ScopedGroupField()
    project = serializers.IntegerField(source="target_group.project_id", read_only=True)
    criteria = RuleCriterionSerializer(many=True, help_text=_("Replaces the rule's criteria, in this order."))

    class Meta:
        model = EligibilityRule
        fields = ["id", "project", "target_group", "name", "mode", "position", "criteria"]
        validators = []

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["criteria"] = [
            {"criterion": rc.criterion.code, "parameters": rc.parameters} for rc in instance.criteria.all()
        ]
        return data


class ScoringSerializer(serializers.ModelSerializer):
    target_group = _ScopedGroupField()
    project = serializers.IntegerField(source="target_group.project_id", read_only=True)
    criterion = serializers.SlugRelatedField(slug_field="code", queryset=Criterion.objects.all())

    class Meta:
        model = ScoringCriterion
        fields = ["id", "project", "target_group", "criterion", "parameters", "points", "position"]
        validators = []
        extra_kwargs = {"points": {"validators": []}}


class _ScopedProjectField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        request = self.context.get("request")
        return _visible_projects(request.user) if request else Project.objects.none()


class StipendRateSerializer(serializers.ModelSerializer):
    project = _ScopedProjectField()

    class Meta:
        model = StipendRate
        fields = ["id", "project", "valid_from", "monthly_amount", "full_month_hours", "basis"]
        validators = []
        extra_kwargs = {"monthly_amount": {"validators": []}}


class _SetupViewSet(viewsets.ModelViewSet):
    """Shared: scoping by the visible projects, filters, writes through the service."""

    permission_classes = [RulesPermission]
    view_permission = "recruitment.view"
    change_permission = "recruitment.manage"
    add_permission = None  # the service checks the permission on the target group named in the body
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    project_path = "target_group__project"

    def base_queryset(self):
        raise NotImplementedError

    def get_queryset(self):
        model = self.serializer_class.Meta.model
        if getattr(self, "swagger_fake_view", False):
            return model.objects.none()
        queryset = self.base_queryset().filter(
            **{f"{self.project_path}__in": _visible_projects(self.request.user)}
        )
        params = self.request.query_params
        for name, lookup in (("project", f"{self.project_path}_id"), ("target_group", "target_group_id")):
            value = params.get(name)
            if value is not None and (name != "target_group" or self.project_path != "project"):
                if not value.isdigit():
                    raise serializers.ValidationError({name: [_("A whole number is required.")]})
                queryset = queryset.filter(**{lookup: int(value)})
        return queryset

    def save(self, instance):
        raise NotImplementedError

    def _write(self, request, instance=None, partial=False):
        body = self.get_serializer(instance, data=request.data, partial=partial)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        record = instance or self.serializer_class.Meta.model()
        extra = self.take_extra(data)
        for name, value in data.items():
            setattr(record, name, value)
        saved = self.save(record, **extra)
        fresh = self.get_queryset().get(pk=saved.pk)
        return Response(
            self.get_serializer(fresh).data,
            status=status.HTTP_200_OK if instance else status.HTTP_201_CREATED,
        )

    def take_extra(self, data: dict) -> dict:
        return {}

    def create(self, request, *args, **kwargs):
        return self._write(request)

    def update(self, request, *args, **kwargs):
        return self._write(request, self.get_object(), partial=kwargs.pop("partial", False))


_WRITE_RESPONSES = {
    400: OpenApiResponse(description=_("Invalid data: the messages say which rule is broken.")),
    403: OpenApiResponse(description=_("You may not change this project's recruitment.")),
}


def _schema(serializer, description):
    # the stipend rates' parameters come from their FilterSet
    filters = [] if serializer is StipendRateSerializer else [PROJECT_FILTER, GROUP_FILTER]
    return extend_schema_view(
        list=extend_schema(parameters=filters, description=description),
        retrieve=extend_schema(parameters=[PK_PARAMETER]),
        create=extend_schema(responses={201: serializer, **_WRITE_RESPONSES}),
        update=extend_schema(parameters=[PK_PARAMETER], responses={200: serializer, **_WRITE_RESPONSES}),
        partial_update=extend_schema(
            parameters=[PK_PARAMETER], responses={200: serializer, **_WRITE_RESPONSES}
        ),
        destroy=extend_schema(parameters=[PK_PARAMETER], responses={204: None, **_WRITE_RESPONSES}),
    )


@_schema(
    RoundSerializer,
    _(
        "Recruitment rounds: dates within the project's period, places at least 1 and at most "
        "the group's plan."
    ),
)
class RoundViewSet(_SetupViewSet):
    """Recruitment rounds (nabory) of the target groups of the projects the user reads."""

    serializer_class = RoundSerializer

    def base_queryset(self):
        return RecruitmentRound.objects.select_related("target_group__project").order_by("opens_on", "pk")

    def save(self, record):
        return setup.round_save(actor=self.request.user, round=record)

    def perform_destroy(self, instance):
        setup.round_delete(actor=self.request.user, round=instance)


@_schema(RuleSerializer, _("Eligibility rules: all of / any of their criteria, per target group."))
class RuleViewSet(_SetupViewSet):
    serializer_class = RuleSerializer

    def base_queryset(self):
        return EligibilityRule.objects.select_related("target_group").prefetch_related("criteria__criterion")

    def take_extra(self, data):
        criteria = data.pop("criteria", None)
        return {"criteria": [dict(row) for row in criteria] if criteria is not None else None}

    def save(self, record, criteria=None):
        return setup.rule_save(actor=self.request.user, rule=record, criteria=criteria)

    def perform_destroy(self, instance):
        setup.rule_delete(actor=self.request.user, rule=instance)


@_schema(ScoringSerializer, _("Scoring criteria: 1-100 points each, at most 100 per target group."))
class ScoringViewSet(_SetupViewSet):
    serializer_class = ScoringSerializer

    def base_queryset(self):
        return ScoringCriterion.objects.select_related("target_group", "criterion")

    def save(self, record):
        return setup.scoring_save(actor=self.request.user, scoring=record)

    def perform_destroy(self, instance):
        setup.scoring_delete(actor=self.request.user, scoring=instance)


@_schema(StipendRateSerializer, _("Internship stipend rates of a project, each valid from a day."))
class StipendRateViewSet(_SetupViewSet):
    """Filtered and sorted like a project's stipend rates page
    (support.activities.filters.StipendRateFilter)."""

    serializer_class = StipendRateSerializer
    view_permission = "projects.view_project"
    change_permission = "projects.change_project"
    project_path = "project"
    filterset_class = StipendRateFilter

    def base_queryset(self):
        return StipendRate.objects.order_by("project", "-valid_from", "pk")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return StipendRate.objects.none()
        return self.base_queryset().filter(project__in=_visible_projects(self.request.user))

    def save(self, record):
        return internship_services.stipend_rate_save(actor=self.request.user, rate=record)

    def perform_destroy(self, instance):
        # a rate months were settled at answers 400 (internships.services.stipend_rate_delete)
        internship_services.stipend_rate_delete(actor=self.request.user, rate=instance)


# --- corrections of participation dates ----------------------------------------------------------------


class CorrectionSerializer(serializers.ModelSerializer):
    corrected_by = serializers.CharField(source="corrected_by.username", read_only=True)

    class Meta:
        model = ParticipationCorrection
        fields = ["id", "field", "old_value", "new_value", "reason", "corrected_by", "corrected_at"]


class CorrectionRequestSerializer(serializers.Serializer):
    start_date = serializers.DateField(required=False)
    end_date = serializers.DateField(required=False)
    reason = serializers.CharField(help_text=_("Why the date is corrected; kept in the history."))


class ParticipantCorrectionsView(APIView):
    """The corrections of a participant's start and end dates, each with its reason; POST corrects them."""

    permission_classes = [IsAuthenticated]

    def _participant(self, request, pk):
        participant = selectors.participant_get(user=request.user, pk=pk)
        person_file_open(user=request.user, pk=participant.person_id, route=route_of(request))
        return participant

    @extend_schema(
        parameters=[PK_PARAMETER],
        responses={200: CorrectionSerializer(many=True)},
        operation_id="participants_corrections_list",
    )
    def get(self, request, pk):
        participant = self._participant(request, pk)
        corrections = participant.corrections.select_related("corrected_by")
        return Response(CorrectionSerializer(corrections, many=True).data)

    @extend_schema(
        parameters=[PK_PARAMETER],
        request=CorrectionRequestSerializer,
        responses={201: CorrectionSerializer(many=True), **_WRITE_RESPONSES},
        operation_id="participants_corrections_create",
        description=_(
            "Corrects the start (and, once it ended, the end) of participation; the reason is required. "
            "The same date rules as at enrolment apply."
        ),
    )
    def post(self, request, pk):
        participant = get_object_or_404(selectors.participant_list(user=request.user), pk=pk)
        body = CorrectionRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        made = services.participant_correct_dates(
            actor=request.user, participant=participant, **body.validated_data
        )
        return Response(CorrectionSerializer(made, many=True).data, status=status.HTTP_201_CREATED)
