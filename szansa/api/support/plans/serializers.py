"""API serializers of the diagnosis, the individual plan and the social contract: shape and field checks
only; the rules are szansa.domain.support.plans (called by the views). Participants, diagnoses and
specialists offered are those the caller may see."""

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from szansa.domain.people.access import scope_persons
from szansa.domain.people.models import Person
from szansa.domain.recruitment.models import Participant
from szansa.domain.support import enums
from szansa.domain.support.models import (
    Diagnosis,
    DiagnosisArea,
    IndividualPlan,
    PlanGoal,
    PlannedSupport,
    SocialContract,
    SupportForm,
)
from szansa.domain.support.plans import selectors as plan_selectors


class AreaSerializer(serializers.ModelSerializer):
    need_level_display = serializers.CharField(source="get_need_level_display", read_only=True)

    class Meta:
        model = DiagnosisArea
        fields = ["area", "need_level", "need_level_display", "finding", "strengths"]


class DiagnosisSerializer(serializers.ModelSerializer):
    areas = AreaSerializer(many=True, read_only=True)

    class Meta:
        model = Diagnosis
        fields = ["id", "participant", "kind", "made_on", "made_by", "summary", "areas"]
        read_only_fields = fields


class AreaInputSerializer(serializers.Serializer):
    area = serializers.ChoiceField(choices=enums.DiagnosisArea.choices)
    need_level = serializers.ChoiceField(choices=enums.NeedLevel.choices)
    finding = serializers.CharField(required=False, allow_blank=True, default="")
    strengths = serializers.CharField(required=False, allow_blank=True, default="")


def _participants(serializer):
    request = serializer.context.get("request")
    return plan_selectors.path_participants(request.user) if request else Participant.objects.none()


class DiagnosisCreateSerializer(serializers.Serializer):
    participant = serializers.PrimaryKeyRelatedField(queryset=Participant.objects.none())
    made_on = serializers.DateField(default=timezone.localdate)
    kind = serializers.ChoiceField(choices=enums.DiagnosisKind.choices, default=enums.DiagnosisKind.INITIAL)
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    areas = AreaInputSerializer(many=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = _participants(self)


class GoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanGoal
        fields = ["description", "measure", "target_date", "achieved_on"]


class PlannedSupportSerializer(serializers.ModelSerializer):
    form = serializers.SlugRelatedField(slug_field="code", queryset=SupportForm.objects.all())
    hours = serializers.DecimalField(max_digits=6, decimal_places=1)
    specialist = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.filter(is_active=True), required=False, allow_null=True
    )

    class Meta:
        model = PlannedSupport
        fields = ["form", "hours", "specialist", "starts_on", "ends_on", "note"]
        extra_kwargs = {"note": {"required": False}}


class HoursSerializer(serializers.Serializer):
    form = serializers.CharField(source="support.form.code")
    planned = serializers.DecimalField(max_digits=6, decimal_places=1)
    delivered = serializers.DecimalField(max_digits=6, decimal_places=1)


class PlanSerializer(serializers.ModelSerializer):
    goals = GoalSerializer(many=True, read_only=True)
    supports = PlannedSupportSerializer(many=True, read_only=True)
    is_current = serializers.BooleanField(read_only=True)

    class Meta:
        model = IndividualPlan
        fields = [
            "id",
            "participant",
            "version",
            "is_current",
            "drawn_up_on",
            "drawn_up_by",
            "diagnosis",
            "revision_reason",
            "accepted_by_participant_on",
            "accepted_by_worker_on",
            "superseded_on",
            "goals",
            "supports",
        ]
        read_only_fields = fields


class PlanDetailSerializer(PlanSerializer):
    hours = serializers.SerializerMethodField(help_text=_("Hours planned and delivered per planned support."))

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "hours"]
        read_only_fields = fields

    def get_hours(self, plan) -> list[dict]:
        return HoursSerializer(plan_selectors.hours_delivered_vs_planned(plan), many=True).data


class PlanContentSerializer(serializers.Serializer):
    diagnosis = serializers.PrimaryKeyRelatedField(
        queryset=Diagnosis.objects.none(), required=False, allow_null=True
    )
    goals = GoalSerializer(many=True)
    supports = PlannedSupportSerializer(many=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["diagnosis"].queryset = Diagnosis.objects.filter(participant__in=_participants(self))


class PlanCreateSerializer(PlanContentSerializer):
    participant = serializers.PrimaryKeyRelatedField(queryset=Participant.objects.none())
    drawn_up_on = serializers.DateField(default=timezone.localdate)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = _participants(self)


class PlanReviseSerializer(PlanContentSerializer):
    reason = serializers.CharField(allow_blank=True)
    on = serializers.DateField(default=timezone.localdate)


class PlanAcceptSerializer(serializers.Serializer):
    by_participant_on = serializers.DateField(required=False, allow_null=True)
    by_worker_on = serializers.DateField(required=False, allow_null=True)


class ContractSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = SocialContract
        fields = [
            "id",
            "person",
            "person_name",
            "participant",
            "number",
            "variant",
            "worker",
            "concluded_on",
            "starts_on",
            "ends_on",
            "goals",
            "client_obligations",
            "centre_obligations",
            "schedule",
            "status",
            "status_display",
            "evaluated_on",
            "evaluation",
        ]
        read_only_fields = fields


class ContractCreateSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none(), required=False)
    participant = serializers.PrimaryKeyRelatedField(
        queryset=Participant.objects.none(), required=False, allow_null=True
    )
    number = serializers.CharField(max_length=40)
    variant = serializers.ChoiceField(choices=enums.ContractVariant.choices)
    worker = serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects.filter(is_active=True))
    concluded_on = serializers.DateField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    goals = serializers.CharField(allow_blank=True)
    client_obligations = serializers.CharField(allow_blank=True)
    centre_obligations = serializers.CharField(allow_blank=True)
    schedule = serializers.CharField(required=False, allow_blank=True, default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["person"].queryset = scope_persons(Person.objects.all(), request.user)
            self.fields["participant"].queryset = _participants(self)

    def validate(self, attrs):
        participant = attrs.get("participant")
        if participant is not None:
            attrs.setdefault("person", participant.person)
        elif "person" not in attrs:
            raise serializers.ValidationError({"person": _("Name the person or the participant.")})
        return attrs


class ContractEvaluateSerializer(serializers.Serializer):
    on = serializers.DateField(default=timezone.localdate)
    status = serializers.ChoiceField(choices=enums.ContractStatus.choices)
    evaluation = serializers.CharField(allow_blank=True)
