"""API serializers for sheltered housing: shape and field-level validation only.

Writes go through szansa.domain.housing.services (called by the views), which check the permission, run the
full model validation and the no-overlap rule, and set the audit actor. The standards check comes
from szansa.domain.housing.selectors.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from szansa.domain.housing.models import (
    Apartment,
    FeeDecision,
    FeeExemption,
    Place,
    Room,
    Stay,
    StayExtension,
)
from szansa.domain.people.access import scope_persons
from szansa.domain.people.models import Person

# --- apartments --------------------------------------------------------------------------------------------


class ApartmentQuerySerializer(serializers.Serializer):
    """Query parameters of the apartments: the day of the kind and the standards check."""

    on = serializers.DateField(
        required=False, help_text=_("The day of the kind and the standards check (default: today).")
    )


class PlaceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Place
        fields = ["id", "label"]


class RoomSerializer(serializers.ModelSerializer):
    places = PlaceSerializer(many=True, read_only=True)

    class Meta:
        model = Room
        fields = ["id", "name", "area", "places"]


class KindPeriodSerializer(serializers.Serializer):
    kind = serializers.CharField(
        help_text=_("chronione_treningowe, chronione_wspierane, treningowe or wspomagane.")
    )
    kind_display = serializers.CharField(source="get_kind_display")
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(allow_null=True)
    resolution_ref = serializers.CharField()


class RuleCheckSerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text=_("max_persons, max_places, min_persons, area_per_person or bathroom.")
    )
    met = serializers.BooleanField(allow_null=True, help_text=_("Empty when the rule could not be checked."))
    reason = serializers.CharField()


class StandardsCheckSerializer(serializers.Serializer):
    on = serializers.DateField()
    legal_basis = serializers.CharField(source="standard.legal_basis", default="", allow_null=True)
    residents = serializers.IntegerField()
    places = serializers.IntegerField()
    met = serializers.BooleanField(
        allow_null=True, help_text=_("False if any rule fails; empty if none was checked.")
    )
    rules = RuleCheckSerializer(many=True)


class ApartmentSerializer(serializers.ModelSerializer):
    address = serializers.CharField(source="address_line", read_only=True)
    kind = serializers.SerializerMethodField(help_text=_("The kind on the day asked (`on`, default today)."))
    group_served_display = serializers.CharField(source="get_group_served_display", read_only=True)
    places_count = serializers.SerializerMethodField()

    class Meta:
        model = Apartment
        fields = [
            "id",
            "name",
            "operator",
            "address",
            "town",
            "gmina",
            "group_served",
            "group_served_display",
            "kind",
            "usable_area",
            "bathroom_area",
            "places_count",
            "opened_on",
            "closed_on",
            "register_entry",
            "project",
        ]

    def get_kind(self, apartment) -> str | None:
        return apartment.kind_on(self.context["on"])

    def get_places_count(self, apartment) -> int:
        return Place.objects.filter(room__apartment=apartment).count()


class ApartmentDetailSerializer(ApartmentSerializer):
    rooms = RoomSerializer(many=True, read_only=True)
    kind_periods = KindPeriodSerializer(many=True, read_only=True)
    standards = serializers.SerializerMethodField()

    class Meta(ApartmentSerializer.Meta):
        fields = [
            *ApartmentSerializer.Meta.fields,
            "shared_spaces",
            "equipment",
            "rooms",
            "kind_periods",
            "standards",
        ]

    def get_standards(self, apartment) -> StandardsCheckSerializer:
        return StandardsCheckSerializer(self.context["standards"]).data


# --- stays -------------------------------------------------------------------------------------------------


class StayExtensionSerializer(serializers.ModelSerializer):
    class Meta:
        model = StayExtension
        fields = ["decision_number", "decision_date", "new_planned_end"]


class StaySerializer(serializers.ModelSerializer):
    """A stay; on create, `person` must be visible to the user and `place` in an apartment they see."""

    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none())
    place = serializers.PrimaryKeyRelatedField(queryset=Place.objects.none())
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    apartment = serializers.IntegerField(source="place.room.apartment_id", read_only=True)
    place_display = serializers.CharField(source="place.__str__", read_only=True)
    current_planned_end = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = Stay
        fields = [
            "id",
            "person",
            "person_name",
            "place",
            "place_display",
            "apartment",
            "referred_by",
            "decision_number",
            "decision_date",
            "planned_start",
            "planned_end",
            "indefinite",
            "current_planned_end",
            "actual_start",
            "actual_end",
            "end_reason",
            "end_note",
            "target_group",
            "occupied_from",
            "occupied_to",
        ]
        read_only_fields = [
            "actual_start",
            "actual_end",
            "end_reason",
            "end_note",
            "occupied_from",
            "occupied_to",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            from szansa.domain.housing import selectors

            self.fields["person"].queryset = scope_persons(Person.objects.all(), user)
            self.fields["place"].queryset = Place.objects.filter(
                room__apartment__in=selectors.apartment_list(user=user)
            )


class FeeDecisionSerializer(serializers.ModelSerializer):
    """The fee set by the referral decision or a decision changing it (art. 97 ust. 1)."""

    class Meta:
        model = FeeDecision
        fields = ["decision_number", "decision_date", "effective_from", "scope", "monthly_fee"]


class FeeExemptionSerializer(serializers.ModelSerializer):
    ground = serializers.SlugRelatedField(slug_field="code", read_only=True)
    ground_name = serializers.CharField(source="ground.name", read_only=True, allow_null=True)

    class Meta:
        model = FeeExemption
        fields = ["ground", "ground_name", "valid_from", "valid_to", "decision_number", "reason"]


class StayDetailSerializer(StaySerializer):
    """A stay with its extensions; its fee decisions and exemptions only for users who see its fees."""

    extensions = StayExtensionSerializer(many=True, read_only=True)
    fee_decisions = FeeDecisionSerializer(many=True, read_only=True)
    exemptions = FeeExemptionSerializer(many=True, read_only=True)

    class Meta(StaySerializer.Meta):
        fields = [*StaySerializer.Meta.fields, "extensions", "fee_decisions", "exemptions"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None or not user.has_perm("housing.view_fees", instance):
            data.pop("fee_decisions", None)
            data.pop("exemptions", None)
        return data
