"""API views for tasks: parse the request, call work.selectors/services, answer.

Scoping is `work.access.scope_tasks` (out of scope => 404); permissions are the
`rules` of work.access; writes are work.services (which check again and audit), whose refusals are
answered by the API's exception handler (szansa.api.errors).
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from szansa.api.permissions import RulesPermission
from szansa.api.schema import PK_PARAMETER
from szansa.api.work.serializers import (
    CaseSerializer,
    DecisionDaySerializer,
    DecisionDeliverySerializer,
    DecisionSerializer,
    TaskCompleteSerializer,
    TaskCreateSerializer,
    TaskReassignSerializer,
    TaskSerializer,
)
from szansa.domain.work import services
from szansa.domain.work.access import scope_cases, scope_decisions, scope_tasks
from szansa.domain.work.filters import CaseFilter, DecisionFilter, TaskFilter
from szansa.domain.work.models import Case, Decision, Task
from szansa.lib.access_log import log_access, route_of


@extend_schema_view(
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
    filterset_class = TaskFilter

    def get_queryset(self):
        # The person comes with each task, so that the persons an answer names are access-logged.
        return scope_tasks(Task.objects.all(), self.request.user).select_related("kind", "person")

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


@extend_schema_view(
    list=extend_schema(summary="The register of decisions the caller may see"),
    retrieve=extend_schema(parameters=[PK_PARAMETER]),
    deliver=extend_schema(
        parameters=[PK_PARAMETER], request=DecisionDeliverySerializer, responses=DecisionSerializer
    ),
    appeal=extend_schema(
        parameters=[PK_PARAMETER], request=DecisionDaySerializer, responses=DecisionSerializer
    ),
    waive_appeal=extend_schema(
        parameters=[PK_PARAMETER], request=DecisionDaySerializer, responses=DecisionSerializer
    ),
)
class DecisionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Decisions of the cases the caller may see, filtered like the register page (one FilterSet,
    work.filters.DecisionFilter). Drafting, approval and issue are the case's steps; delivery, an
    appeal and a waiver are recorded here (work.services)."""

    queryset = Decision.objects.none()
    serializer_class = DecisionSerializer
    permission_classes = [RulesPermission]
    view_permission = "work.view_decision"
    change_permission = "work.view_decision"  # the services check who may record each step
    filterset_class = DecisionFilter

    def get_queryset(self):
        return scope_decisions(Decision.objects.select_related("case__person"), self.request.user)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        log_access(
            user=request.user,
            persons=[decision.case.person for decision in page],
            route=route_of(request),
            what="register of decisions",
        )
        return self.get_paginated_response(DecisionSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        decision = self.get_object()
        log_access(
            user=request.user, persons=[decision.case.person], route=route_of(request), what="decision"
        )
        return Response(DecisionSerializer(decision).data)

    def _answer(self, decision):
        return Response(DecisionSerializer(self.get_queryset().get(pk=decision.pk)).data)

    @action(detail=True, methods=["post"])
    def deliver(self, request, pk=None):
        """Record the delivery; the appeal deadline runs from it (art. 129 § 2 KPA)."""
        decision = self.get_object()
        body = DecisionDeliverySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        return self._answer(
            services.case_record_delivery(
                actor=request.user,
                case=decision.case,
                method=data["delivery_method"],
                delivered_on=data.get("delivered_on"),
                notice_on=data.get("notice_on"),
            )
        )

    @action(detail=True, methods=["post"])
    def appeal(self, request, pk=None):
        """Record that the party lodged an appeal."""
        decision = self.get_object()
        body = DecisionDaySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._answer(
            services.case_record_appeal(actor=request.user, case=decision.case, on=body.validated_data["on"])
        )

    @action(detail=True, methods=["post"], url_path="waive-appeal")
    def waive_appeal(self, request, pk=None):
        """Record the party's waiver of the appeal (art. 127a KPA): the decision is final from that day."""
        decision = self.get_object()
        body = DecisionDaySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._answer(
            services.case_waive_appeal(actor=request.user, case=decision.case, on=body.validated_data["on"])
        )


@extend_schema_view(retrieve=extend_schema(parameters=[PK_PARAMETER]))
class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Cases the caller may see, filtered like the case list page (work.filters.CaseFilter). A case moves
    on through its steps on the pages and, after issue, through /api/v1/decisions/."""

    queryset = Case.objects.none()
    serializer_class = CaseSerializer
    permission_classes = [RulesPermission]
    view_permission = "work.view_case"
    change_permission = "work.view_case"
    filterset_class = CaseFilter

    def get_queryset(self):
        return scope_cases(Case.objects.select_related("person"), self.request.user)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        log_access(
            user=request.user, persons=[case.person for case in page], route=route_of(request), what="cases"
        )
        return self.get_paginated_response(CaseSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        case = self.get_object()
        log_access(user=request.user, persons=[case.person], route=route_of(request), what="case")
        return Response(CaseSerializer(case).data)
