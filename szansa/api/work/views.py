"""API views for tasks: parse the request, call work.selectors/services, answer.

Scoping is `work.access.scope_tasks` (out of scope => 404); permissions are the
`rules` of work.access; writes are work.services (which check again and audit), whose refusals are
answered by the API's exception handler (szansa.api.errors).
"""

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from szansa.api.permissions import RulesPermission
from szansa.api.schema import PK_PARAMETER
from szansa.api.work.serializers import (
    TaskCompleteSerializer,
    TaskCreateSerializer,
    TaskListQuerySerializer,
    TaskReassignSerializer,
    TaskSerializer,
)
from szansa.domain.work import selectors, services
from szansa.domain.work.access import scope_tasks
from szansa.domain.work.models import Task


@extend_schema_view(
    list=extend_schema(parameters=[TaskListQuerySerializer]),
    retrieve=extend_schema(parameters=[PK_PARAMETER]),
    create=extend_schema(request=TaskCreateSerializer, responses={201: TaskSerializer}),
    complete=extend_schema(
        parameters=[PK_PARAMETER], request=TaskCompleteSerializer, responses=TaskSerializer
    ),
    start=extend_schema(parameters=[PK_PARAMETER], request=None, responses=TaskSerializer),
    reassign=extend_schema(
        parameters=[PK_PARAMETER], request=TaskReassignSerializer, responses=TaskSerializer
    ),
)
class TaskViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Tasks the caller may see: their own, their queues', all for managers and the auditor.
    Created tasks are routed by kind; no PUT, PATCH or DELETE: tasks change through the actions."""

    queryset = Task.objects.none()
    serializer_class = TaskSerializer
    permission_classes = [RulesPermission]
    view_permission = "work.view_task"
    add_permission = "work.add_task"
    change_permission = "work.change_task"

    def get_queryset(self):
        return scope_tasks(Task.objects.all(), self.request.user).select_related("kind")

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        query = TaskListQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        user = self.request.user
        if params.get("mine"):
            queryset = queryset.filter(assignee_id=user.pk)
        if params.get("queue"):
            queryset = queryset.filter(pk__in=selectors.queue(user).values("pk"))
        if params.get("overdue"):
            queryset = queryset.overdue(timezone.localdate())
        for name in ("status", "role"):
            if params.get(name):
                queryset = queryset.filter(**{name: params[name]})
        if params.get("kind"):
            queryset = queryset.filter(kind__code=params["kind"])
        return queryset

    def create(self, request, *args, **kwargs):
        serializer = TaskCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        task = services.task_create(actor=request.user, **serializer.validated_data)
        return Response(TaskSerializer(task).data, status=status.HTTP_201_CREATED)

    def _answer(self, task):
        return Response(TaskSerializer(self.get_queryset().get(pk=task.pk)).data)

    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """Close the task, recording the minutes spent on it."""
        task = self.get_object()
        body = TaskCompleteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._answer(services.task_complete(actor=request.user, task=task, **body.validated_data))

    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        """Start the task; taking it from a queue assigns it to the caller."""
        task = self.get_object()
        return self._answer(services.task_start(actor=request.user, task=task))

    @action(detail=True, methods=["post"])
    def reassign(self, request, pk=None):
        """Give the task to someone else or back to its queue (centre manager, administrator)."""
        task = self.get_object()
        body = TaskReassignSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._answer(services.task_reassign(actor=request.user, task=task, **body.validated_data))
