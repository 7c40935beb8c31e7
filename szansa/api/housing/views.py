"""API views for sheltered housing: parse the request, call housing.selectors/services, answer.

No business rule lives here: scoping is housing.selectors (`apartment_list`, `stay_list`), permissions
are the `rules` of housing.access, the referral is `services.stay_refer` (permission, validation and
the no-overlap rule, answered as 400 with the service's message by the API's exception handler,
szansa.api.errors), the standards check is `selectors.standards_check`. Reading a stay writes an
access-log entry on the resident.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from szansa.api.housing.serializers import (
    ApartmentDetailSerializer,
    ApartmentQuerySerializer,
    ApartmentSerializer,
    StayDetailSerializer,
    StaySerializer,
)
from szansa.api.permissions import RulesPermission
from szansa.api.schema import PK_PARAMETER
from szansa.domain.housing import selectors, services
from szansa.domain.housing.filters import ApartmentFilter, StayFilter
from szansa.domain.housing.models import Apartment, Stay
from szansa.lib.access_log import log_access, route_of

# A service refusal without a field goes under the field its code concerns.
FIELD_OF_CODE = {"place_taken": "place", "resident_has_stay": "person"}


@extend_schema_view(
    list=extend_schema(parameters=[ApartmentQuerySerializer]),
    retrieve=extend_schema(
        parameters=[PK_PARAMETER, ApartmentQuerySerializer],
        description=_(
            "The apartment with its rooms and places, its kinds over time and the check of the "
            "standards in force on `on` (default today)."
        ),
    ),
)
class ApartmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Sheltered apartments the user may see (a specialist: those they serve), filtered and sorted like
    the occupancy board's apartments (housing.filters.ApartmentFilter). Read only."""

    queryset = Apartment.objects.none()
    permission_classes = [RulesPermission]
    view_permission = "housing.view_apartment"
    add_permission = "housing.change_apartment"
    change_permission = "housing.change_apartment"
    filterset_class = ApartmentFilter

    def get_serializer_class(self):
        return ApartmentSerializer if self.action == "list" else ApartmentDetailSerializer

    def _on(self):
        query = ApartmentQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return query.validated_data.get("on") or timezone.localdate()

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "swagger_fake_view", False):
            return context
        return {**context, "on": self._on()}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Apartment.objects.none()
        apartments = selectors.apartment_list(user=self.request.user)
        if self.action != "list":
            apartments = apartments.prefetch_related("rooms__places")
        return apartments

    def retrieve(self, request, *args, **kwargs):
        apartment = self.get_object()
        context = {**self.get_serializer_context(), "standards": None}
        context["standards"] = selectors.standards_check(apartment, context["on"])
        return Response(ApartmentDetailSerializer(apartment, context=context).data)


@extend_schema_view(
    retrieve=extend_schema(
        parameters=[PK_PARAMETER], description=_("The stay with its extensions; the read is access-logged.")
    ),
    create=extend_schema(
        request=StaySerializer,
        responses={
            201: StayDetailSerializer,
            400: OpenApiResponse(
                description=_(
                    "Invalid data (errors by field); a place taken for some of the days is refused "
                    "with the message under `place`, a resident who already has a stay then under `person`."
                )
            ),
            403: OpenApiResponse(description=_("You may not refer this person.")),
        },
    ),
)
class StayViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Stays of residents on places that the user may see: a social worker their team's residents,
    a specialist the residents of the flats they serve. A referral creates a stay; extensions and
    ends are recorded on the pages. Stays are records of decisions: no PUT, PATCH or DELETE. The list is
    filtered and sorted like the page of stays (housing.filters.StayFilter)."""

    queryset = Stay.objects.none()
    permission_classes = [RulesPermission]
    view_permission = "housing.view_stay"
    add_permission = None  # housing.add_stay on the person named in the body, checked in `create`
    change_permission = "housing.change_stay"
    error_fields = FIELD_OF_CODE
    filterset_class = StayFilter

    def get_serializer_class(self):
        return StaySerializer if self.action in ("list", "create") else StayDetailSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Stay.objects.none()
        stays = selectors.stay_list(user=self.request.user)
        if self.action != "list":
            stays = stays.prefetch_related("extensions")
        return stays

    def retrieve(self, request, *args, **kwargs):
        stay = self.get_object()
        log_access(user=request.user, persons=[stay.person], route=route_of(request), what=f"stay {stay.pk}")
        return Response(self.get_serializer(stay).data)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        stay = Stay(**serializer.validated_data)
        if not request.user.has_perm("housing.add_stay", stay.person):
            raise PermissionDenied(_("You may not refer this person."))
        stay = services.stay_refer(actor=request.user, stay=stay)
        answer = StayDetailSerializer(
            self.get_queryset().get(pk=stay.pk), context=self.get_serializer_context()
        )
        return Response(answer.data, status=status.HTTP_201_CREATED)
