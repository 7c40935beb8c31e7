"""API views for EU projects: parse the request, call projects.selectors/services, answer.

No business rule lives here: scoping is `scope_projects` (projects.access), permissions
are the `rules` of projects.access, writes are projects.services (which check the permission again,
validate fully and name the audit actor), execution and indicators are projects.selectors. Their
refusals are answered by the API's exception handler (szansa.api.errors).
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from szansa.api.permissions import RulesPermission
from szansa.api.projects.serializers import (
    CallSerializer,
    ExpenditureSerializer,
    ProjectDetailSerializer,
    ProjectSerializer,
)
from szansa.api.schema import PK_PARAMETER
from szansa.domain.projects import selectors, services
from szansa.domain.projects.access import scope_projects
from szansa.domain.projects.filters import CallFilter, ExpenditureFilter, ProjectFilter
from szansa.domain.projects.models import Call, Expenditure, Project

# --- calls -------------------------------------------------------------------------------------------------


@extend_schema_view(
    retrieve=extend_schema(parameters=[PK_PARAMETER]),
    update=extend_schema(parameters=[PK_PARAMETER]),
    partial_update=extend_schema(parameters=[PK_PARAMETER]),
)
class CallViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The register of calls for proposals, with the funding applications and their ranking
    positions, filtered and sorted like the register page (projects.filters.CallFilter). Kept by
    administrators, centre managers and project coordinators; no DELETE."""

    queryset = Call.objects.none()
    serializer_class = CallSerializer
    permission_classes = [RulesPermission]
    list_permission = "projects.view_call"
    view_permission = "projects.view_call"
    add_permission = "projects.change_call"
    change_permission = "projects.change_call"
    filterset_class = CallFilter

    def get_queryset(self):
        return (
            Call.objects.select_related("body", "measure__programme")
            .prefetch_related("applications")
            .order_by("-announced_on", "number", "pk")
        )

    def perform_create(self, serializer):
        call = services.call_save(actor=self.request.user, call=Call(**serializer.validated_data))
        serializer.instance = self.get_queryset().get(pk=call.pk)

    def perform_update(self, serializer):
        call = serializer.instance
        for field, value in serializer.validated_data.items():
            setattr(call, field, value)
        services.call_save(actor=self.request.user, call=call)
        serializer.instance = self.get_queryset().get(pk=call.pk)


# --- projects ----------------------------------------------------------------------------------------------


@extend_schema_view(
    retrieve=extend_schema(
        parameters=[PK_PARAMETER],
        description=_(
            "The project with its budget summary per task and line (planned, shifts, spent, "
            "remaining, % executed), indicators against their targets and target groups per year."
        ),
    ),
    update=extend_schema(parameters=[PK_PARAMETER]),
    partial_update=extend_schema(parameters=[PK_PARAMETER]),
)
class ProjectViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """EU projects the user may see (a specialist: only those they are assigned to). Projects are
    kept for the retention period, so there is no DELETE."""

    queryset = Project.objects.none()
    permission_classes = [RulesPermission]
    view_permission = "projects.view_project"
    add_permission = "projects.add_project"
    change_permission = "projects.change_project"
    filterset_class = ProjectFilter  # the project list page's filters (projects.filters)

    def get_serializer_class(self):
        return ProjectSerializer if self.action == "list" else ProjectDetailSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Project.objects.none()
        projects = selectors.with_execution(
            scope_projects(Project.objects.all(), self.request.user)
        ).select_related("measure__programme")
        if self.action != "list":
            return projects.prefetch_related("target_groups")
        return projects

    def perform_create(self, serializer):
        project = services.project_save(actor=self.request.user, project=Project(**serializer.validated_data))
        serializer.instance = self.get_queryset().get(pk=project.pk)

    def perform_update(self, serializer):
        project = serializer.instance
        for field, value in serializer.validated_data.items():
            setattr(project, field, value)
        services.project_save(actor=self.request.user, project=project)
        serializer.instance = self.get_queryset().get(pk=project.pk)


# --- expenditures ------------------------------------------------------------------------------------------


@extend_schema_view(
    retrieve=extend_schema(parameters=[PK_PARAMETER]),
    create=extend_schema(
        responses={
            201: ExpenditureSerializer,
            400: OpenApiResponse(
                description=_(
                    "Invalid data (errors by field); an expenditure that would overrun its line "
                    "is refused with the message under `amount`."
                )
            ),
            403: OpenApiResponse(description=_("You may not record expenditures in this project.")),
        }
    ),
)
class ExpenditureViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Expenditures of the projects the user may see.

    A booked expenditure is part of the accounting record: it is never edited or deleted (PUT,
    PATCH and DELETE answer 405). A mistake is corrected by a new entry, e.g. a correcting document
    booked on the right line, so the history of the line stays complete. An expenditure that would
    overrun its line is refused; the project coordinator shifts money between lines first.
    """

    queryset = Expenditure.objects.none()
    serializer_class = ExpenditureSerializer
    permission_classes = [RulesPermission]
    view_permission = "projects.view_project"
    add_permission = None  # projects.record_expenditure on the line's project, checked in `create`
    change_permission = "projects.record_expenditure"
    error_fields = {"line_overrun": "amount"}  # an overrun is answered under `amount`
    filterset_class = ExpenditureFilter  # the budget page's filters (projects.filters)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Expenditure.objects.none()
        visible = scope_projects(Project.objects.all(), self.request.user)
        return Expenditure.objects.filter(line__task__project__in=visible).select_related("line__task")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        line = data.pop("line")
        if not request.user.has_perm("projects.record_expenditure", line):
            raise PermissionDenied(_("You may not record expenditures in this project."))
        expenditure = services.expenditure_record(actor=request.user, line=line, **data)
        answer = self.get_serializer(self.get_queryset().get(pk=expenditure.pk))
        return Response(answer.data, status=status.HTTP_201_CREATED)
