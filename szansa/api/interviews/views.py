"""API of community interviews (docs/community-interview.md#api): the interviews the caller may see, the
day's list for the field app, saving with the base revision (409 on a conflict), completing, the
write-back difference and its confirmation; and the questionnaire's structure.

Scoping is `interviews.access.scope_interviews` (out of scope => 404; a role with no access to interviews
=> 403); every read is access-logged (interviews.selectors); writes are interviews.services.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from szansa.api.interviews.serializers import (
    ChangeSerializer,
    ConfirmSerializer,
    ConflictSerializer,
    InterviewSaveSerializer,
    InterviewSerializer,
    InterviewStartSerializer,
    PrepareDaySerializer,
    PreparedDaySerializer,
    QuestionnaireSerializer,
)
from szansa.api.permissions import RulesPermission
from szansa.api.schema import PK_PARAMETER
from szansa.domain.interviews import selectors, services
from szansa.domain.interviews.filters import InterviewFilter
from szansa.domain.interviews.models import Interview, Questionnaire
from szansa.domain.people.access import scope_persons
from szansa.domain.people.models import Person
from szansa.domain.work.access import scope_tasks
from szansa.domain.work.models import Task
from szansa.lib.access_log import route_of


@extend_schema_view(
    list=extend_schema(
        summary="Community interviews the caller may see",
        description=(
            "With `assigned=me&day=YYYY-MM-DD`: the interviews assigned to the caller for the day — those of "
            "their open community-interview tasks due on or before the day and their drafts conducted that "
            "day. Reading changes nothing: `POST prepare-day/` first starts the drafts of the day's tasks."
        ),
    ),
    prepare_day=extend_schema(request=PrepareDaySerializer, responses=PreparedDaySerializer),
    retrieve=extend_schema(parameters=[PK_PARAMETER]),
    create=extend_schema(request=InterviewStartSerializer, responses={201: InterviewSerializer}),
    partial_update=extend_schema(
        parameters=[PK_PARAMETER],
        request=InterviewSaveSerializer,
        responses={
            200: InterviewSerializer,
            409: OpenApiResponse(ConflictSerializer, description="Changed on the server meanwhile."),
        },
    ),
    complete=extend_schema(parameters=[PK_PARAMETER], request=None, responses=InterviewSerializer),
    changes=extend_schema(parameters=[PK_PARAMETER], responses=ChangeSerializer(many=True)),
    confirm=extend_schema(
        parameters=[PK_PARAMETER], request=ConfirmSerializer, responses=InterviewSerializer
    ),
)
class InterviewViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Interviews: of the caller's team (social worker), all (centre manager, administrator), all without
    the health questions (administrative clerk). No PUT or DELETE: answers change with PATCH."""

    queryset = Interview.objects.none()
    serializer_class = InterviewSerializer
    permission_classes = [RulesPermission]
    list_permission = "interviews.list_interviews"
    view_permission = "interviews.view_interview"
    add_permission = "interviews.conduct_interview"
    change_permission = "interviews.change_interview"
    filterset_class = InterviewFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.interviews_for(self.request.user)

    def _route(self):
        return route_of(self.request)

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = page if page is not None else list(queryset)
        selectors.interviews_read(user=request.user, interviews=rows, route=self._route())
        data = self.get_serializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def get_object(self):
        if self.request.method == "GET":
            interview = selectors.interview_open(
                user=self.request.user, pk=self.kwargs["pk"], route=self._route()
            )
        else:
            interview = selectors.interview_get(user=self.request.user, pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, interview)
        return interview

    def _answer(self, interview, code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=interview.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    def create(self, request, *args, **kwargs):
        body = InterviewStartSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if "task" in data:
            subject = get_object_or_404(
                scope_tasks(Task.objects.select_related("person", "kind"), request.user), pk=data["task"]
            )
        else:
            subject = get_object_or_404(scope_persons(Person.objects.all(), request.user), pk=data["person"])
        interview = services.interview_start(
            subject, request.user, data.get("conducted_on"), data.get("kind")
        )
        return self._answer(interview, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        """Save the answers read at `base_revision`: 200 with the new state, or 409 with the server's
        answers, revision and the conflicting questions (nothing saved)."""
        interview = self.get_object()
        body = InterviewSaveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            saved = services.interview_save(
                interview, body.validated_data["answers"], body.validated_data["base_revision"], request.user
            )
        except services.InterviewConflict as conflict:
            answers = selectors.visible_answers(interview, request.user, conflict.answers)
            hidden = set(conflict.answers) - set(answers)
            return Response(
                {
                    "detail": conflict.messages[0],
                    "revision": conflict.revision,
                    "answers": answers,
                    "conflicts": [c for c in conflict.conflicts if c["question"] not in hidden],
                },
                status=status.HTTP_409_CONFLICT,
            )
        return self._answer(saved)

    @action(detail=False, methods=["post"], url_path="prepare-day", filter_backends=[], pagination_class=None)
    def prepare_day(self, request):
        """Start, pre-filled and dated `day`, a draft for each of the caller's community-interview tasks due
        on or before `day` that has none yet (idempotent); the day's list is then
        `GET ?assigned=me&day=`. A write, so a POST: a read never creates records."""
        if not request.user.has_perm(self.add_permission):
            raise PermissionDenied
        body = PrepareDaySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        started = services.interviews_prepare_day(request.user, body.validated_data["day"])
        return Response(PreparedDaySerializer({"started": [i.pk for i in started]}).data)

    @action(detail=True, methods=["post"], filter_backends=[])
    def complete(self, request, pk=None):
        """Finish the interview (the mandatory segments answered); its task is done on the last save's day."""
        return self._answer(services.interview_complete(self.get_object(), request.user))

    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def changes(self, request, pk=None):
        """The pre-filled answers that differ from the registry (what confirming may write back)."""
        interview = self.get_object()
        return Response(ChangeSerializer(services.writeback_changes(interview, request.user), many=True).data)

    @action(detail=True, methods=["post"], filter_backends=[])
    def confirm(self, request, pk=None):
        """Confirm the completed interview, writing the accepted changes (`fields`) into the registry."""
        interview = self.get_object()
        body = ConfirmSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._answer(
            services.interview_confirm(interview, request.user, body.validated_data["fields"])
        )


@extend_schema_view(retrieve=extend_schema(parameters=[PK_PARAMETER]))
class QuestionnaireViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The versions of the interview questionnaire with their structure (parts, segments, questions); the
    health questions are left out for a reader who may not see them."""

    queryset = Questionnaire.objects.all()
    serializer_class = QuestionnaireSerializer
    permission_classes = [RulesPermission]
    list_permission = "interviews.list_interviews"
    view_permission = "interviews.list_interviews"
    change_permission = "interviews.list_interviews"
    pagination_class = None
