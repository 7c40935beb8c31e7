"""API serializers for tasks (issue 7): shape and field-level validation only.

Writes go through szansa.domain.work.services (called by the views): they route the task, compute its
deadline, check the permission, validate fully and set the audit actor.
"""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from szansa.domain.accounts.models import Team, User
from szansa.domain.people.access import scope_persons
from szansa.domain.people.models import Person
from szansa.domain.work import enums
from szansa.domain.work.models import Case, Decision, Task, TaskKind


class TaskSerializer(serializers.ModelSerializer):
    kind = serializers.SlugRelatedField(slug_field="code", read_only=True)
    kind_name = serializers.SerializerMethodField()
    work_class = serializers.CharField(source="kind.work_class", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = [
            "id",
            "kind",
            "kind_name",
            "work_class",
            "title",
            "person",
            "case",
            "team",
            "role",
            "assignee",
            "status",
            "urgent",
            "complex",
            "start_on",
            "due_on",
            "overdue",
            "created_at",
            "completed_at",
            "completed_by",
            "notes",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_kind_name(self, task) -> str:
        return task.kind.label()

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_overdue(self, task) -> bool:
        return task.is_overdue(timezone.localdate())


class TaskCreateSerializer(serializers.Serializer):
    """A new task; where it goes and when it is due follow from its kind (no assignee here)."""

    kind = serializers.SlugRelatedField(slug_field="code", queryset=TaskKind.objects.filter(active=True))
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.none(), required=False, allow_null=True
    )
    team = serializers.PrimaryKeyRelatedField(queryset=Team.objects.all(), required=False, allow_null=True)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    urgent = serializers.BooleanField(required=False, default=False)
    complex = serializers.BooleanField(required=False, default=False)
    start_on = serializers.DateField(required=False, allow_null=True, default=None)
    notes = serializers.CharField(required=False, allow_blank=True, default="")

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            # Only people the caller may see can be named (others are "not found").
            fields["person"].queryset = scope_persons(Person.objects.all(), request.user)
        return fields


class TaskCompleteSerializer(serializers.Serializer):
    minutes = serializers.IntegerField(min_value=0, max_value=24 * 60)
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class TaskReassignSerializer(serializers.Serializer):
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), allow_null=True
    )


class DecisionSerializer(serializers.ModelSerializer):
    """A decision with its register number and the dates of its life (docs/social-work.md#decision)."""

    person = serializers.IntegerField(source="case.person_id", read_only=True)
    stage = serializers.CharField(read_only=True)

    class Meta:
        model = Decision
        fields = [
            "id",
            "case",
            "person",
            "number",
            "year",
            "sequence",
            "outcome",
            "stage",
            "authority",
            "place",
            "parties",
            "legal_basis",
            "operative_part",
            "justification_facts",
            "justification_law",
            "appeal_instruction",
            "signatory",
            "recipients",
            "drafted_on",
            "approved_on",
            "issued_on",
            "delivery_method",
            "notice_on",
            "delivered_on",
            "deemed_delivery",
            "appeal_deadline",
            "appeal_lodged_on",
            "appeal_waived_on",
            "enforceable_from",
            "final_on",
        ]
        read_only_fields = fields


class DecisionDeliverySerializer(serializers.Serializer):
    delivery_method = serializers.ChoiceField(choices=enums.DeliveryMethod.choices)
    delivered_on = serializers.DateField(required=False, allow_null=True)
    notice_on = serializers.DateField(required=False, allow_null=True)


class DecisionDaySerializer(serializers.Serializer):
    on = serializers.DateField()


class CaseSerializer(serializers.ModelSerializer):
    """A request for assistance and where it stands (docs/social-work.md#procedure)."""

    class Meta:
        model = Case
        fields = [
            "id",
            "person",
            "benefit",
            "opened_on",
            "status",
            "urgent",
            "complex",
            "interview_on",
            "decision_due_on",
            "decision_outcome",
            "decision_issued_on",
            "appeal_deadline",
            "closed_on",
        ]
        read_only_fields = fields
