"""API serializers of community interviews: shape only. What a reader sees of the answers and of the
questionnaire is decided by szansa.domain.interviews.selectors (health questions stripped for the
administrative clerk); writes go through szansa.domain.interviews.services."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from szansa.domain.interviews import enums, selectors
from szansa.domain.interviews.models import Interview, Questionnaire


class InterviewSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    address = serializers.CharField(source="person.address_line", read_only=True)
    due_on = serializers.DateField(source="task.due_on", read_only=True, allow_null=True, default=None)
    answers = serializers.SerializerMethodField()

    class Meta:
        model = Interview
        fields = [
            "id",
            "person",
            "person_name",
            "address",
            "household",
            "task",
            "case",
            "due_on",
            "conducted_on",
            "kind",
            "questionnaire",
            "worker",
            "status",
            "revision",
            "answers",
            "created_at",
            "updated_at",
            "completed_at",
            "confirmed_at",
            "written_back_at",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "object", "additionalProperties": {}})
    def get_answers(self, interview) -> dict:
        return selectors.visible_answers(interview, self.context["request"].user)


class InterviewStartSerializer(serializers.Serializer):
    task = serializers.IntegerField(
        required=False, help_text="A community-interview task (its person and case)."
    )
    person = serializers.IntegerField(required=False, help_text="A person, when there is no task.")
    conducted_on = serializers.DateField(
        required=False, help_text="The day of the interview (today if left out)."
    )
    kind = serializers.ChoiceField(
        choices=enums.InterviewKind.choices,
        required=False,
        help_text="Left out: an update when the person has a confirmed interview, else a full interview.",
    )

    def validate(self, attrs):
        if ("task" in attrs) == ("person" in attrs):
            raise serializers.ValidationError("Podaj zadanie albo osobę (jedno z dwóch).")
        return attrs


class PrepareDaySerializer(serializers.Serializer):
    day = serializers.DateField(help_text="The day of the field visits (YYYY-MM-DD).")


class PreparedDaySerializer(serializers.Serializer):
    started = serializers.ListField(
        child=serializers.IntegerField(), help_text="The interviews started now (none when all had one)."
    )


class InterviewSaveSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.JSONField(),
        help_text="All the answers by question code; a question left out is unanswered.",
    )
    base_revision = serializers.IntegerField(min_value=1, help_text="The revision the answers were based on.")


class ConflictItemSerializer(serializers.Serializer):
    question = serializers.CharField()
    label = serializers.CharField()
    base = serializers.JSONField(allow_null=True)
    server = serializers.JSONField(allow_null=True)
    yours = serializers.JSONField(allow_null=True)


class ConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    revision = serializers.IntegerField()
    answers = serializers.DictField(child=serializers.JSONField())
    conflicts = ConflictItemSerializer(many=True)


class ChangeSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="The pre-fill key: what the registry keeps.")
    question = serializers.CharField()
    label = serializers.CharField()
    registry = serializers.JSONField(allow_null=True)
    interview = serializers.JSONField(allow_null=True)
    writable = serializers.BooleanField(help_text="Whether confirming may write it into the registry.")


class ConfirmSerializer(serializers.Serializer):
    fields = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        default=list,
        help_text="The accepted changes' `field`.",
    )


class ChoiceSerializer(serializers.Serializer):
    value = serializers.JSONField()
    label = serializers.CharField()


class QuestionSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    type = serializers.ChoiceField(choices=enums.QuestionType.choices)
    required = serializers.BooleanField(default=False)
    choices = ChoiceSerializer(many=True, default=list)
    prefill = serializers.CharField(allow_null=True, default=None)
    health = serializers.BooleanField(default=False)


class SegmentSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    required = serializers.BooleanField(default=False)
    questions = QuestionSerializer(many=True, default=list)


class PartSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=enums.InterviewKind.choices),
        default=list,
        help_text="The interview kinds that use the part (empty: both).",
    )
    segments = SegmentSerializer(many=True, default=list)


class QuestionnaireSerializer(serializers.ModelSerializer):
    parts = serializers.SerializerMethodField()

    class Meta:
        model = Questionnaire
        fields = [
            "id",
            "code",
            "title",
            "valid_from",
            "valid_to",
            "legal_source",
            "update_interval_months",
            "update_interval_source",
            "parts",
        ]
        read_only_fields = fields

    @extend_schema_field(PartSerializer(many=True))
    def get_parts(self, questionnaire) -> list:
        structure = selectors.visible_structure(questionnaire, self.context["request"].user)
        return PartSerializer(structure.get("parts") or [], many=True).data
