"""API serializers for recruitment and participation (issue 4): shape and field-level checks only.

Writes go through szansa.domain.recruitment.services (called by the views): they check the permission,
validate fully and set the audit actor. Eligibility comes from recruitment.eligibility.evaluate
(stored on the application at verification); health-derived reasons are shown only to users with
people.view_health on the person (recruitment.access.show_health).
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from szansa.domain.people.access import scope_persons
from szansa.domain.people.enums import EducationLevel
from szansa.domain.people.models import Person
from szansa.domain.projects.access import scope_projects
from szansa.domain.projects.models import Project
from szansa.domain.recruitment import access, eligibility, enums
from szansa.domain.recruitment.models import Application, Participant, RecruitmentRound


class CriterionResultSerializer(serializers.Serializer):
    """One criterion as found at verification; `reason` is hidden for health data without access."""

    code = serializers.CharField()
    name = serializers.CharField()
    outcome = serializers.ChoiceField(
        choices=[*enums.Outcome.choices, (eligibility.HIDDEN, _("hidden"))],
        help_text=_("hidden: a criterion on a health attribute, for a user not allowed to see health data."),
    )
    reason = serializers.CharField()
    points = serializers.IntegerField(help_text=_("0 when the outcome is hidden."))
    scoring = serializers.BooleanField(help_text=_("A scoring criterion (kryterium premiujące)."))


def _visible_results(results: list[dict], user, person) -> list[dict]:
    show = access.show_health(user, person)
    return [
        {
            "code": row["code"],
            "name": eligibility.stored_name(row),
            "outcome": eligibility.stored_outcome(row, show),
            "reason": eligibility.stored_reason(row, show),
            "points": row.get("points", 0)
            if eligibility.stored_outcome(row, show) != eligibility.HIDDEN
            else 0,
            "scoring": row.get("scoring", False),
        }
        for row in results
    ]


class ApplicationSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    round_name = serializers.CharField(source="round.name", read_only=True)
    project = serializers.IntegerField(source="round.target_group.project_id", read_only=True)
    target_group = serializers.IntegerField(source="round.target_group_id", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    channel_display = serializers.CharField(source="get_channel_display", read_only=True)
    results = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id",
            "person",
            "person_name",
            "round",
            "round_name",
            "project",
            "target_group",
            "submitted_on",
            "channel",
            "channel_display",
            "status",
            "status_display",
            "verified_by",
            "verified_on",
            "score",
            "income_per_person",
            "rank",
            "results",
            "note",
        ]
        read_only_fields = fields

    @extend_schema_field(CriterionResultSerializer(many=True))
    def get_results(self, application) -> list[dict]:
        return _visible_results(application.results, self.context["request"].user, application.person)


class ApplicationCreateSerializer(serializers.Serializer):
    """A new application; the person and the round must be ones the caller may see."""

    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none())
    round = serializers.PrimaryKeyRelatedField(queryset=RecruitmentRound.objects.none())
    submitted_on = serializers.DateField(default=timezone.localdate)
    channel = serializers.ChoiceField(choices=enums.Channel.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            user = request.user
            self.fields["person"].queryset = scope_persons(Person.objects.all(), user)
            projects = scope_projects(Project.objects.all(), user)
            self.fields["round"].queryset = RecruitmentRound.objects.filter(
                target_group__project__in=projects
            ).select_related("target_group__project")


class VerifySerializer(serializers.Serializer):
    on = serializers.DateField(
        required=False, help_text=_("The day of the verification (documents valid then); default today.")
    )


class ParticipantSerializer(serializers.ModelSerializer):
    """A participant with the EU participant data set (SL2014 PEFS; Regulation (EU) 2021/1057, Annex I)
    and what still blocks the export."""

    person_name = serializers.CharField(source="person.full_name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    # Named as in the persons API, so both share one enum in the schema.
    education_level = serializers.ChoiceField(
        source="education", choices=EducationLevel.choices, read_only=True, help_text=_("ISCED level.")
    )
    missing_fields = serializers.SerializerMethodField(
        help_text=_("Data-set fields still empty; they block the export to SL / SOWA.")
    )

    class Meta:
        model = Participant
        fields = [
            "id",
            "person",
            "person_name",
            "project",
            "target_group",
            "application",
            "role",
            "linked_to",
            "status",
            "status_display",
            "start_date",
            "end_date",
            "participant_type",
            "institution",
            "age_at_start",
            "education_level",
            "labour_status",
            "labour_substatus",
            "occupation",
            "employer",
            "degurba",
            "minority",
            "foreign_background",
            "third_country_national",
            "homeless",
            "disability",
            "other_disadvantage",
            "refused_flags",
            "planned_education_end",
            "exit_reason",
            "exit_note",
            "exit_situation_1",
            "exit_situation_2",
            "completed_path",
            "follow_up_due",
            "follow_up_on",
            "follow_up_result",
            "missing_fields",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_missing_fields(self, participant) -> list[str]:
        return participant.missing_fields()

    def to_representation(self, participant):
        """The health flags (disability) are null, and not among the refusals, for a user without health
        access (people.access.can_view_health_data)."""
        data = super().to_representation(participant)
        request = self.context.get("request")
        if request is not None and not access.show_health(request.user, participant.person):
            for name in access.HEALTH_FLAGS:
                data[name] = None
            data["refused_flags"] = [
                f for f in data.get("refused_flags") or [] if f not in access.HEALTH_FLAGS
            ]
            data["missing_fields"] = [
                f for f in data.get("missing_fields") or [] if f not in access.HEALTH_FLAGS
            ]
        return data


class RankingEntrySerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    application = serializers.IntegerField(source="pk")
    person = serializers.IntegerField(source="person_id")
    person_name = serializers.CharField(source="person.full_name")
    score = serializers.IntegerField(allow_null=True)
    submitted_on = serializers.DateField()
    income_per_person = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")


class RankingRoundSerializer(serializers.Serializer):
    """A round with its ranking list and waiting list (lista rezerwowa), in ranking order."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    target_group = serializers.IntegerField(source="target_group_id")
    target_group_name = serializers.SerializerMethodField(
        help_text=_("A neutral name for a user without health access when the name tells a health fact.")
    )
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()
    tie_break = serializers.SerializerMethodField()
    ranking = RankingEntrySerializer(many=True)
    waiting_list = RankingEntrySerializer(many=True)

    @extend_schema_field(OpenApiTypes.STR)
    def get_target_group_name(self, round_) -> str:
        request = self.context.get("request")
        return access.target_group_label(round_.target_group, getattr(request, "user", None))

    @extend_schema_field(OpenApiTypes.STR)
    def get_tie_break(self, round_) -> str:
        return str(TIE_BREAK)


TIE_BREAK = _("Score descending; ties: the earlier application, then the lower income per person.")
