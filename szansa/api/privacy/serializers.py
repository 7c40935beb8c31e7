"""API serializers of data protection: shape and field-level validation only; the rules (deadline,
refusal ground, permissions) are szansa.domain.privacy's."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from szansa.domain.people.models import Person
from szansa.domain.privacy import enums
from szansa.domain.privacy.models import SubjectRequest


class SubjectRequestSerializer(serializers.ModelSerializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())

    class Meta:
        model = SubjectRequest
        fields = [
            "id",
            "person",
            "kind",
            "received_on",
            "details",
            "extended",
            "extension_reason",
            "due_on",
            "status",
            "answered_on",
            "outcome",
            "refusal_ground",
            "created_at",
        ]
        read_only_fields = [
            "id",
            "due_on",
            "status",
            "answered_on",
            "outcome",
            "refusal_ground",
            "created_at",
        ]


class SubjectRequestAnswerSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=enums.RequestStatus.choices)
    answered_on = serializers.DateField()
    outcome = serializers.CharField()
    refusal_ground = serializers.CharField(required=False, allow_blank=True, default="")

    def validate_status(self, value):
        if value == enums.RequestStatus.OPEN:
            raise serializers.ValidationError(_("Choose the answer: granted, partly granted or refused."))
        return value


class HoldSerializer(serializers.Serializer):
    record_class = serializers.ChoiceField(choices=enums.RecordClass.choices)
    record = serializers.CharField()
    until = serializers.DateField(allow_null=True)
    why_open = serializers.CharField()
    legal_source = serializers.CharField()


class RetentionSerializer(serializers.Serializer):
    until = serializers.DateField(allow_null=True)
    holding = HoldSerializer(allow_null=True)
    holds = HoldSerializer(many=True)


class SubjectAccessSerializer(serializers.Serializer):
    made_on = serializers.DateField()
    sections = serializers.SerializerMethodField()

    @extend_schema_field(
        {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "properties": {
                    "title": {"type": "string"},
                    "rows": {"type": "array", "items": {"type": "object", "additionalProperties": {}}},
                },
            },
        }
    )
    def get_sections(self, data) -> dict:
        return data["sections"]
