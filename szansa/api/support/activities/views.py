"""API of activities, sessions and attendance: parse the request, call szansa.domain.support.activities,
answer. Scoping is `activity_list` / `session_list` (out of scope => 404); writes are the services,
whose refusals (a clash of the specialist, room or participant; a full activity) answer 400 with the
service's message, and whose permission checks answer 403 (both by the API's exception handler,
szansa.api.errors)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from szansa.api.permissions import RulesPermission
from szansa.api.schema import PK_PARAMETER
from szansa.api.support.activities.serializers import (
    ActivitySerializer,
    AttendanceEntrySerializer,
    AttendanceSerializer,
    SessionSerializer,
)
from szansa.domain.support.activities import selectors as activity_selectors
from szansa.domain.support.activities import services as activity_services
from szansa.domain.support.activities.filters import ActivityFilter, SessionFilter
from szansa.domain.support.models import Activity, Session


@extend_schema_view(
    retrieve=extend_schema(parameters=[PK_PARAMETER]),
    create=extend_schema(
        responses={201: ActivitySerializer, 400: OpenApiResponse(description=_("Invalid data."))}
    ),
)
class ActivityViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Activities of the projects the user reads (or runs as their specialist), filtered and sorted like
    the activities page (support.activities.filters.ActivityFilter)."""

    queryset = Activity.objects.none()
    serializer_class = ActivitySerializer
    permission_classes = [RulesPermission]
    view_permission = "support.view_activity"
    add_permission = None  # support.manage_activity on the project of the body, checked by the service
    change_permission = "support.manage_activity"
    filterset_class = ActivityFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Activity.objects.none()
        return activity_selectors.activity_list(user=self.request.user)

    def create(self, request, *args, **kwargs):
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        activity = activity_services.activity_create(actor=request.user, **body.validated_data)
        return Response(self.get_serializer(activity).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    retrieve=extend_schema(parameters=[PK_PARAMETER]),
    create=extend_schema(
        responses={
            201: SessionSerializer,
            400: OpenApiResponse(
                description=_(
                    "Invalid data, or a clash: the specialist, the room or a participant is booked then."
                )
            ),
        }
    ),
)
class SessionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Sessions of the activities the user may see, filtered and sorted like the sessions page
    (support.activities.filters.SessionFilter); `attendance` records a whole session at once."""

    queryset = Session.objects.none()
    serializer_class = SessionSerializer
    permission_classes = [RulesPermission]
    view_permission = "support.view_activity"
    add_permission = None  # support.manage_activity on the activity, checked by the service
    change_permission = "support.record_attendance"
    filterset_class = SessionFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Session.objects.none()
        return activity_selectors.session_list(user=self.request.user).order_by("starts_at", "pk")

    def create(self, request, *args, **kwargs):
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        activity = activity_selectors.activity_get(user=request.user, pk=data.pop("activity").pk)
        session = activity_services.session_schedule(actor=request.user, activity=activity, **data)
        return Response(self.get_serializer(session).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=AttendanceEntrySerializer(many=True),
        responses={200: AttendanceSerializer(many=True)},
        description=_(
            "GET: the attendance recorded. POST: [{participant, status}] for the whole session at once "
            "(present, excused or absent); only the participants expected at the session."
        ),
    )
    @action(detail=True, methods=["get", "post"])
    def attendance(self, request, pk=None):
        session = self.get_object()
        if request.method == "POST":
            body = AttendanceEntrySerializer(data=request.data, many=True)
            body.is_valid(raise_exception=True)
            statuses = {entry["participant"]: entry["status"] for entry in body.validated_data}
            activity_services.attendance_set(actor=request.user, session=session, statuses=statuses)
        entries = session.attendance.order_by("participant_id")
        return Response(AttendanceSerializer(entries, many=True).data)
