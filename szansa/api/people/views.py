"""API views: parse the request, call people.selectors/services/assessment, answer.

No business rule lives here: scoping is people.access and the selectors, permissions are the
`rules` of people.access, writes are people.services (which name the audit actor); their refusals
are answered by the API's exception handler (szansa.api.errors).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.settings import api_settings

from szansa.api.people.serializers import (
    AssessmentQuerySerializer,
    AssessmentSerializer,
    HouseholdCreateSerializer,
    HouseholdMemberAddSerializer,
    HouseholdSerializer,
    PersonDetailSerializer,
    PersonListQuerySerializer,
    PersonSerializer,
    PossibleDuplicateSerializer,
)
from szansa.api.permissions import RulesPermission
from szansa.api.schema import PK_PARAMETER
from szansa.domain.people import selectors, services
from szansa.domain.people.access import scope_households, scope_persons
from szansa.domain.people.assessment import assess
from szansa.domain.people.filters import HouseholdFilter, PersonFilter
from szansa.domain.people.models import Household, Person
from szansa.lib.access_log import not_shown, route_of


@extend_schema_view(
    list=extend_schema(parameters=[PersonListQuerySerializer]),
    retrieve=extend_schema(
        parameters=[PK_PARAMETER], description=_("Opens the person's file; the read is access-logged.")
    ),
    create=extend_schema(
        responses={
            201: PersonDetailSerializer,
            400: OpenApiResponse(
                description=_("Invalid data (errors by field) or `possible_duplicates` to confirm.")
            ),
        }
    ),
    update=extend_schema(parameters=[PK_PARAMETER]),
    partial_update=extend_schema(parameters=[PK_PARAMETER]),
)
class PersonViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """People in the registry. Records are never deleted, so there is no DELETE."""

    queryset = Person.objects.none()
    permission_classes = [RulesPermission]
    view_permission = "people.view_person"
    add_permission = "people.add_person"
    change_permission = "people.change_person"
    filterset_class = PersonFilter  # the person list page's sorting (people.filters)

    def get_serializer_class(self):
        return PersonSerializer if self.action == "list" else PersonDetailSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Person.objects.none()
        query = PersonListQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return selectors.person_list(user=self.request.user, **query.validated_data)

    def get_object(self):
        person = selectors.person_get(user=self.request.user, pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, person)
        return person

    def retrieve(self, request, *args, **kwargs):
        person = selectors.person_file_open(user=request.user, pk=kwargs["pk"], route=route_of(request))
        return Response(self.get_serializer(person).data)

    def create(self, request, *args, **kwargs):
        try:
            return super().create(request, *args, **kwargs)
        except DjangoValidationError as warning:
            if getattr(warning, "code", None) != "possible_duplicate":
                raise
            return Response(self._possible_duplicates(warning), status=status.HTTP_400_BAD_REQUEST)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        confirm = data.pop("confirm_not_duplicate", False)
        serializer.instance = services.person_create(
            actor=self.request.user, data=data, confirm_not_duplicate=confirm
        )

    def _possible_duplicates(self, error: DjangoValidationError) -> dict:
        """The service's warning of similar people, answered as 400 with the candidates the user may
        see (not strings); the client confirms with `confirm_not_duplicate`."""
        ids = [candidate.pk for candidate in error.params["candidates"]]
        visible = scope_persons(Person.objects.all(), self.request.user).filter(pk__in=ids)
        return {
            api_settings.NON_FIELD_ERRORS_KEY: error.messages,
            "possible_duplicates": PossibleDuplicateSerializer(visible, many=True).data,
        }

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("confirm_not_duplicate", None)
        serializer.instance = services.person_update(
            actor=self.request.user, person=serializer.instance, data=data
        )

    @extend_schema(
        parameters=[PK_PARAMETER, AssessmentQuerySerializer],
        responses={200: AssessmentSerializer, 400: OpenApiResponse(description=_("Invalid date."))},
        description=_(
            "Derived assessment on a date: household income per person in the month, the income "
            "criterion then in force, risk of poverty or social exclusion and its reasons."
        ),
    )
    @action(detail=True, methods=["get"], serializer_class=AssessmentSerializer)
    def assessment(self, request, pk=None):
        query = AssessmentQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        on = query.validated_data.get("on") or timezone.localdate()
        person = selectors.person_file_open(
            user=request.user, pk=pk, route=route_of(request), what="assessment"
        )
        with not_shown():  # the income test reads every household member; the answer names none of them
            result = assess(person, on)
        show_health = request.user.has_perm("people.view_health", person)
        data = {
            "on": result.on,
            "income_month": result.income_month,
            "household_size": result.household_size,
            "income_recorded": result.income_recorded,
            "income_per_person": result.income_per_person,
            "income_criterion": result.income_criterion,
            "meets_income_criterion": result.meets_income_criterion,
            "at_risk": result.at_risk,
            "multiple_exclusion": result.multiple_exclusion,
            "long_term_unemployed": result.long_term_unemployed,
            "reasons": [reason.text for reason in result.visible_reasons(show_health)],
        }
        return Response(AssessmentSerializer(data).data)


@extend_schema_view(
    retrieve=extend_schema(parameters=[PK_PARAMETER]),
    create=extend_schema(request=HouseholdCreateSerializer, responses={201: HouseholdSerializer}),
    update=extend_schema(parameters=[PK_PARAMETER]),
    partial_update=extend_schema(parameters=[PK_PARAMETER]),
)
class HouseholdViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Households; a household is visible when one of its members is, and lists only those."""

    queryset = Household.objects.none()
    serializer_class = HouseholdSerializer
    permission_classes = [RulesPermission]
    view_permission = "people.view_household"
    add_permission = "people.add_household"
    change_permission = "people.change_household"
    filterset_class = HouseholdFilter  # the household list page's filters (people.filters)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Household.objects.none()
        user = self.request.user
        members = scope_persons(Person.objects.all(), user).order_by("pk")
        return (
            scope_households(Household.objects.all(), user)
            .annotate(size=Count("members"))
            .prefetch_related(Prefetch("members", queryset=members))
            .order_by("pk")
        )

    def _answer(self, household, status_code=status.HTTP_200_OK):
        household = self.get_queryset().get(pk=household.pk)
        return Response(
            HouseholdSerializer(household, context=self.get_serializer_context()).data, status_code
        )

    def create(self, request, *args, **kwargs):
        serializer = HouseholdCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if not request.user.has_perm("people.change_person", data["head"]):
            raise PermissionDenied
        household = services.household_create(
            actor=request.user,
            head=data["head"],
            multi_problem_family=data["multi_problem_family"],
            notes=data["notes"],
        )
        return self._answer(household, status.HTTP_201_CREATED)

    def perform_update(self, serializer):
        household = services.household_update(
            actor=self.request.user, household=serializer.instance, data=serializer.validated_data
        )
        serializer.instance = self.get_queryset().get(pk=household.pk)

    @extend_schema(
        parameters=[PK_PARAMETER],
        request=HouseholdMemberAddSerializer,
        responses={201: HouseholdSerializer},
        description=_("Adds a person (visible to you and yours to change) to the household."),
    )
    @action(detail=True, methods=["post"], serializer_class=HouseholdMemberAddSerializer)
    def members(self, request, pk=None):
        household = self.get_object()
        serializer = HouseholdMemberAddSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        person = serializer.validated_data["person"]
        if not request.user.has_perm("people.change_person", person):
            raise PermissionDenied
        services.household_add_member(
            actor=request.user,
            household=household,
            person=person,
            relation=serializer.validated_data["relation"],
        )
        return self._answer(household, status.HTTP_201_CREATED)
