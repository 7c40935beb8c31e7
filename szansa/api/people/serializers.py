"""API serializers: shape and field-level validation only.

Writes go through szansa.domain.people.services (called by the views); the full model validation
(PESEL cross-checks, constraints, duplicates) happens there and comes back as 400 answers.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from szansa.domain.accounts.enums import Role
from szansa.domain.accounts.models import User
from szansa.domain.people import access as people_access
from szansa.domain.people import enums
from szansa.domain.people.access import scope_persons
from szansa.domain.people.models import (
    PERSON_INPUT_FIELDS,
    Consent,
    Household,
    IncomeRecord,
    Person,
    Situation,
)
from szansa.domain.people.validators import validate_pesel as pesel_format


class IncomeRecordSerializer(serializers.ModelSerializer):
    source = serializers.SerializerMethodField(
        help_text=_("The income's source; hidden: a disability pension, for a user without health access.")
    )

    class Meta:
        model = IncomeRecord
        fields = ["id", "month", "source", "net_amount", "counts_as_income", "note"]
        read_only_fields = fields

    @extend_schema_field(
        serializers.ChoiceField(choices=[*enums.IncomeSource.choices, (people_access.HIDDEN, _("hidden"))])
    )
    def get_source(self, record) -> str:
        request = self.context.get("request")
        return people_access.income_source_for(record, getattr(request, "user", None))


class SituationSerializer(serializers.ModelSerializer):
    disability_causes = serializers.ListField(
        child=serializers.ChoiceField(choices=enums.DisabilityCause.choices), required=False
    )
    assistance_reason = serializers.SlugRelatedField(slug_field="code", read_only=True)
    description = serializers.CharField(source="describe", read_only=True)

    class Meta:
        model = Situation
        fields = [
            "id",
            "kind",
            "valid_from",
            "valid_to",
            "disability_degree",
            "disability_causes",
            "certificate_valid_until",
            "labour_status",
            "assistance_reason",
            "note",
            "description",
        ]
        read_only_fields = fields


class ConsentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Consent
        fields = ["id", "kind", "given_on", "withdrawn_on", "note"]
        read_only_fields = fields


def _household_relation() -> serializers.ChoiceField:
    """Read-only, and empty for a person without a household: DRF drops allow_blank from a read-only
    model field, so the schema would not admit the empty value the API answers."""
    return serializers.ChoiceField(
        choices=enums.HouseholdRelation.choices,
        allow_blank=True,
        read_only=True,
        label=_("relation to the head of household"),
    )


class PersonSerializer(serializers.ModelSerializer):
    """A person's identity, address and assignment (the list shape)."""

    household_relation = _household_relation()

    responsible_worker = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True, groups__name=Role.SOCIAL_WORKER),
        help_text=_("Id of the responsible social worker; the person belongs to the worker's team."),
    )
    team = serializers.CharField(
        source="responsible_worker.team.name",
        read_only=True,
        allow_null=True,
        help_text=_("Team of the responsible social worker."),
    )

    class Meta:
        model = Person
        fields = [
            "id",
            *PERSON_INPUT_FIELDS,
            "team",
            "household",
            "household_relation",
        ]
        read_only_fields = ["household", "household_relation"]
        extra_kwargs = {
            # Derived from a valid PESEL when left out (services.fill_from_pesel).
            "birth_date": {"required": False},
            "sex": {"required": False},
            # Uniqueness is the service's duplicate check; only the format is checked here.
            "pesel": {"validators": [pesel_format]},
        }
        # Model constraints are checked by the service (full_clean), with their own messages.
        validators = []

    def validate_pesel(self, value):
        return value or None

    def validate_responsible_worker(self, worker):
        """One may not hand a person to a worker whose people one cannot see (e.g. another team)."""
        user = self.context["request"].user
        if not user.has_perm("people.view_person", Person(responsible_worker=worker)):
            raise serializers.ValidationError(
                _("Choose a social worker whose people you may see (your own team).")
            )
        return worker


class PersonDetailSerializer(PersonSerializer):
    """The person's file: identity plus income, situations and consents (read-only)."""

    income_records = IncomeRecordSerializer(many=True, read_only=True)
    situations = serializers.SerializerMethodField(
        help_text=_("Situations; disability details only for users allowed to see health data.")
    )
    consents = ConsentSerializer(many=True, read_only=True)
    confirm_not_duplicate = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text=_("Register the person although the registry has someone with a similar name."),
    )

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "income_records", "situations", "consents"]
        fields.append("confirm_not_duplicate")

    @extend_schema_field(SituationSerializer(many=True))
    def get_situations(self, person):
        show_health = self.context["request"].user.has_perm("people.view_health", person)
        situations = [
            situation
            for situation in person.situations.select_related("assistance_reason")
            if show_health or not situation.is_sensitive
        ]
        return SituationSerializer(situations, many=True, context=self.context).data


class PersonListQuerySerializer(serializers.Serializer):
    """Query parameters of the person list."""

    search = serializers.CharField(
        required=False, allow_blank=True, help_text=_("A fragment of the name or the start of PESEL.")
    )
    team = serializers.IntegerField(required=False, help_text=_("Team id."))
    situation = serializers.ChoiceField(
        choices=enums.SituationKind.choices,
        required=False,
        allow_blank=True,
        help_text=_("Keep people with a situation of this kind in force today."),
    )


class PossibleDuplicateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "first_name", "last_name", "birth_date"]
        read_only_fields = fields


class AssessmentQuerySerializer(serializers.Serializer):
    on = serializers.DateField(required=False, help_text=_("Assessment date (YYYY-MM-DD); today by default."))


class AssessmentSerializer(serializers.Serializer):
    on = serializers.DateField()
    income_month = serializers.DateField(help_text=_("First day of the month whose income is counted."))
    household_size = serializers.IntegerField()
    income_recorded = serializers.BooleanField(
        help_text=_(
            "Whether any income record of the household exists for the month; without one, "
            "meets_income_criterion is null."
        )
    )
    income_per_person = serializers.DecimalField(max_digits=12, decimal_places=2)
    income_criterion = serializers.DecimalField(
        max_digits=8,
        decimal_places=2,
        allow_null=True,
        help_text=_("Income criterion in force on the date; null when none is recorded."),
    )
    meets_income_criterion = serializers.BooleanField(allow_null=True)
    at_risk = serializers.BooleanField(help_text=_("At risk of poverty or social exclusion."))
    multiple_exclusion = serializers.BooleanField(help_text=_("Two or more reasons at once."))
    long_term_unemployed = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())


class HouseholdMemberSerializer(serializers.ModelSerializer):
    household_relation = _household_relation()

    class Meta:
        model = Person
        fields = ["id", "first_name", "last_name", "household_relation"]
        read_only_fields = fields


class HouseholdSerializer(serializers.ModelSerializer):
    """A household; `members` lists only the members the user may see, `size` counts all."""

    head = serializers.IntegerField(source="head.pk", read_only=True, allow_null=True)
    size = serializers.IntegerField(read_only=True, help_text=_("Number of members."))
    members = HouseholdMemberSerializer(many=True, read_only=True)

    class Meta:
        model = Household
        fields = ["id", "head", "multi_problem_family", "notes", "created_at", "size", "members"]
        read_only_fields = ["created_at"]


@extend_schema_field(OpenApiTypes.INT)
class VisiblePersonField(serializers.PrimaryKeyRelatedField):
    """A person id limited to the requesting user's scope (others read as 'does not exist')."""

    def get_queryset(self):
        return scope_persons(Person.objects.all(), self.context["request"].user)


class HouseholdCreateSerializer(serializers.Serializer):
    head = VisiblePersonField(help_text=_("Id of the person who heads the household."))
    multi_problem_family = serializers.BooleanField(required=False, default=False)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


# Inline in the schema: a second component for the model field's choices would be a duplicate name.
@extend_schema_field({"type": "string", "enum": enums.HouseholdRelation.values})
class RelationField(serializers.ChoiceField):
    pass


class HouseholdMemberAddSerializer(serializers.Serializer):
    person = VisiblePersonField()
    relation = RelationField(choices=enums.HouseholdRelation.choices)
