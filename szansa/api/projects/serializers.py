"""API serializers for EU projects: shape and field-level validation only.

Writes go through szansa.domain.projects.services (called by the views), which check the permission,
run the full model validation (constraints, eligibility period, line overrun) and set the audit
actor. Budget execution and indicator achievement come from szansa.domain.projects.selectors.
"""

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from szansa.domain.projects import selectors
from szansa.domain.projects.access import scope_projects
from szansa.domain.projects.models import (
    BudgetLine,
    Call,
    Expenditure,
    FundingApplication,
    Project,
    TargetGroup,
)
from szansa.domain.projects.privacy import target_group_label
from szansa.domain.recruitment import selectors as recruitment_selectors
from szansa.domain.support.indicators.figures import indicator_progress


def money(**kwargs):
    return serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True, **kwargs)


def rate(**kwargs):
    return serializers.DecimalField(max_digits=7, decimal_places=2, read_only=True, **kwargs)


# --- calls -------------------------------------------------------------------------------------------------


class CallApplicationSerializer(serializers.ModelSerializer):
    """A funding application in a call, with its place on the ranking list."""

    ranking = serializers.CharField(
        source="ranking_display", read_only=True, help_text=_('Ranking position, e.g. "15 of 56".')
    )
    status = serializers.CharField(
        read_only=True,
        help_text=_("draft, submitted, evaluated, selected, not_selected, contract_signed or withdrawn."),
    )
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = FundingApplication
        fields = [
            "id",
            "title",
            "applicant",
            "requested_amount",
            "submitted_on",
            "score",
            "rank_position",
            "rank_of",
            "ranking",
            "status",
            "status_display",
            "status_changed_on",
        ]
        read_only_fields = fields


class CallSerializer(serializers.ModelSerializer):
    """A call for proposals with its body, programme and measure, and the applications in it."""

    body_name = serializers.CharField(source="body.name", read_only=True)
    programme = serializers.CharField(
        source="measure.programme.code", read_only=True, help_text=_("Programme code.")
    )
    priority_axis = serializers.CharField(source="measure.priority_axis", read_only=True)
    measure_code = serializers.CharField(
        source="measure.code", read_only=True, help_text=_("Measure / sub-measure code, e.g. 9.1.1.")
    )
    measure_name = serializers.CharField(source="measure.name", read_only=True)
    applications = CallApplicationSerializer(many=True, read_only=True)

    class Meta:
        model = Call
        fields = [
            "id",
            "number",
            "title",
            "body",
            "body_name",
            "programme",
            "measure",
            "priority_axis",
            "measure_code",
            "measure_name",
            "announced_on",
            "deadline",
            "funds_available",
            "applications_count",
            "cofinancing_rate_max",
            "eu_rate",
            "social_effectiveness_min",
            "employment_effectiveness_min",
            "severe_social_effectiveness_min",
            "severe_employment_effectiveness_min",
            "notes",
            "applications",
        ]
        extra_kwargs = {"number": {"validators": []}}
        # Uniqueness and constraints are checked by the service (full_clean), with their own messages.
        validators = []


# --- budget execution and indicators -----------------------------------------------------------------------


class ExecutionSerializer(serializers.Serializer):
    """Planned, moved, spent and remaining money (selectors.Execution)."""

    planned = money(help_text=_("Planned amount (the budget lines)."))
    shifts_in = money(help_text=_("Money shifted in from other lines."))
    shifts_out = money(help_text=_("Money shifted out to other lines."))
    plan = money(help_text=_("The plan after shifts."))
    spent = money()
    remaining = money(help_text=_("The plan after shifts minus the money spent."))
    percent_executed = rate(help_text=_("Spent as a percentage of the plan after shifts."))


class LineExecutionSerializer(ExecutionSerializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    category = serializers.CharField(read_only=True, help_text=_("Cost category code."))
    kind = serializers.CharField(read_only=True, help_text=_("direct or indirect_flat_rate."))


class TaskExecutionSerializer(ExecutionSerializer):
    id = serializers.IntegerField(read_only=True)
    number = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    lines = LineExecutionSerializer(many=True, read_only=True)


class BudgetSummarySerializer(serializers.Serializer):
    project = ExecutionSerializer(read_only=True, help_text=_("The whole project."))
    tasks = TaskExecutionSerializer(many=True, read_only=True)


def execution_data(execution, **extra) -> dict:
    return {
        "planned": execution.planned,
        "shifts_in": execution.shifts_in,
        "shifts_out": execution.shifts_out,
        "plan": execution.plan,
        "spent": execution.spent,
        "remaining": execution.remaining,
        "percent_executed": execution.percent_executed,
        **extra,
    }


class IndicatorProgressSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="indicator.pk", read_only=True)
    code = serializers.CharField(source="indicator.definition.code", read_only=True)
    name = serializers.SerializerMethodField(help_text=_("In the language of the request."))
    kind = serializers.CharField(
        source="indicator.definition.kind", read_only=True, help_text=_("output or result.")
    )
    unit = serializers.CharField(source="indicator.definition.unit", read_only=True)
    measurement_moment = serializers.CharField(
        source="indicator.definition.get_measurement_moment_display", read_only=True
    )
    baseline = serializers.DecimalField(
        source="indicator.baseline", max_digits=10, decimal_places=2, read_only=True
    )
    target = serializers.DecimalField(max_digits=10, decimal_places=2, read_only=True)
    achieved = serializers.DecimalField(
        max_digits=10,
        decimal_places=2,
        read_only=True,
        help_text=_(
            "Computed from participant data by the indicator's definition (Regulation (EU) No 1304/2013 or "
            "(EU) 2021/1057, Annex I; effectiveness: Wytyczne w zakresie realizacji przedsięwzięć w obszarze "
            "włączenia społecznego i zwalczania ubóstwa z wykorzystaniem środków EFS i EFRR na lata "
            "2014–2020)."
        ),
    )
    forecast = serializers.DecimalField(
        max_digits=10,
        decimal_places=2,
        read_only=True,
        allow_null=True,
        help_text=_("Achieved plus what participants still in progress are expected to add."),
    )
    percent_achieved = rate()

    @extend_schema_field(OpenApiTypes.STR)
    def get_name(self, progress):
        definition = progress.indicator.definition
        return definition.name_pl if translation.get_language() == "pl" else definition.name_en


class TargetGroupSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField(
        help_text=_("A neutral name for a user without health access when the name tells a health fact.")
    )

    class Meta:
        model = TargetGroup
        fields = [
            "id",
            "year",
            "name",
            "description",
            "planned_total",
            "planned_women",
            "planned_men",
            "eligibility_notes",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_name(self, group) -> str:
        request = self.context.get("request")
        return target_group_label(group, getattr(request, "user", None))

    def to_representation(self, group):
        data = super().to_representation(group)
        if data["name"] != group.name:  # a neutral label: the description would tell what it hides
            data["description"] = data["eligibility_notes"] = ""
        return data


# --- projects ----------------------------------------------------------------------------------------------


class ProjectSerializer(serializers.ModelSerializer):
    """A project with its funding and the project-level budget execution (the list shape)."""

    programme = serializers.CharField(
        source="measure.programme.code", read_only=True, help_text=_("Programme code.")
    )
    measure_code = serializers.CharField(source="measure.code", read_only=True)
    status = serializers.SerializerMethodField(help_text=_("planned, running or finished today."))
    cofinancing_rate = rate(allow_null=True, help_text=_("Co-financing / eligible costs, in %."))
    own_contribution_rate = rate(allow_null=True, help_text=_("Own contribution / eligible costs, in %."))
    execution = serializers.SerializerMethodField(help_text=_("Budget execution of the whole project."))

    class Meta:
        model = Project
        fields = [
            "id",
            "number",
            "title",
            "beneficiary",
            "programme",
            "measure",
            "measure_code",
            "start",
            "end",
            "status",
            "total_value",
            "eligible_costs",
            "cofinancing",
            "own_contribution",
            "eu_share",
            "state_budget_share",
            "cofinancing_rate",
            "own_contribution_rate",
            "participant_limit",
            "execution",
        ]
        extra_kwargs = {"number": {"validators": []}}
        # Constraints and the eligibility period are checked by the service (full_clean).
        validators = []

    @extend_schema_field(OpenApiTypes.STR)
    def get_status(self, project):
        return project.status_on(self.context["today"])

    @extend_schema_field(ExecutionSerializer)
    def get_execution(self, project):
        execution = selectors.execution_of(project)
        return ExecutionSerializer(execution_data(execution)).data


class ProjectDetailSerializer(ProjectSerializer):
    """The project with its budget per task and line, indicators and target groups (read-only parts)."""

    budget = serializers.SerializerMethodField()
    indicators = serializers.SerializerMethodField()
    target_groups = TargetGroupSerializer(many=True, read_only=True)
    participants = serializers.SerializerMethodField(help_text=_("Participants enrolled so far."))

    class Meta(ProjectSerializer.Meta):
        fields = [
            *ProjectSerializer.Meta.fields,
            "partners",
            "application",
            "goal",
            "last_payment_date",
            "notes",
            "participants",
            "target_groups",
            "indicators",
            "budget",
        ]

    @extend_schema_field(BudgetSummarySerializer)
    def get_budget(self, project):
        lines_by_task = {}
        for row in selectors.line_execution(project):
            lines_by_task.setdefault(row.line.task_id, []).append(
                execution_data(
                    row.execution,
                    id=row.line.pk,
                    name=row.line.name,
                    category=row.line.category,
                    kind=row.line.kind,
                )
            )
        tasks = [
            execution_data(
                row.execution,
                id=row.task.pk,
                number=row.task.number,
                name=row.task.name,
                lines=lines_by_task.get(row.task.pk, []),
            )
            for row in selectors.task_execution(project)
        ]
        data = {"project": execution_data(selectors.execution_of(project)), "tasks": tasks}
        return BudgetSummarySerializer(data).data

    @extend_schema_field(IndicatorProgressSerializer(many=True))
    def get_indicators(self, project):
        return IndicatorProgressSerializer(indicator_progress(project), many=True).data

    @extend_schema_field(OpenApiTypes.INT)
    def get_participants(self, project):
        return recruitment_selectors.participants_count(project)


# --- expenditures ------------------------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.INT)
class VisibleLineField(serializers.PrimaryKeyRelatedField):
    """A budget line of a project the user may see (others read as 'does not exist')."""

    def get_queryset(self):
        return BudgetLine.objects.filter(
            task__project__in=scope_projects(Project.objects.all(), self.context["request"].user)
        ).select_related("task__project")


class ExpenditureSerializer(serializers.ModelSerializer):
    """A booked expenditure. Booked entries are never changed: a correction is a new entry."""

    line = VisibleLineField(help_text=_("Id of the budget line the expenditure is charged to."))
    line_name = serializers.CharField(source="line.name", read_only=True)
    task = serializers.IntegerField(source="line.task_id", read_only=True)
    project = serializers.IntegerField(source="line.task.project_id", read_only=True)
    entered_by = serializers.IntegerField(source="entered_by_id", read_only=True)

    class Meta:
        model = Expenditure
        fields = [
            "id",
            "project",
            "task",
            "line",
            "line_name",
            "date",
            "document_number",
            "supplier",
            "supplier_nip",
            "amount",
            "description",
            "entered_by",
            "entered_at",
        ]
        read_only_fields = ["entered_at"]
        validators = []
