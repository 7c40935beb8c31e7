"""API views for recruitment and participation: parse the request, call recruitment.selectors /
services, answer.

Scoping is recruitment.access (via the selectors: out of scope => 404); writes are
recruitment.services (permission, full validation, audit actor). Opening a participant reads the
person's file, so it goes through people.selectors.person_file_open (access log). The services'
refusals are answered by the API's exception handler (szansa.api.errors).
"""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from szansa.api.recruitment.serializers import (
    ApplicationCreateSerializer,
    ApplicationSerializer,
    ParticipantSerializer,
    RankingRoundSerializer,
    VerifySerializer,
)
from szansa.api.schema import PK_PARAMETER
from szansa.domain.people.selectors import person_file_open
from szansa.domain.projects.access import scope_projects
from szansa.domain.projects.models import Project
from szansa.domain.recruitment import access, selectors, services
from szansa.domain.recruitment.filters import (
    APPLICATION_ORDER,
    PARTICIPANT_ORDER,
    ApplicationFilter,
    ParticipantFilter,
)
from szansa.domain.recruitment.models import Application, Participant, RecruitmentRound
from szansa.lib.access_log import route_of
from szansa.lib.pagination import NarrowPaginator


@extend_schema_view(
    retrieve=extend_schema(parameters=[PK_PARAMETER]),
    create=extend_schema(
        request=ApplicationCreateSerializer,
        responses={
            201: ApplicationSerializer,
            400: OpenApiResponse(description=_("Invalid data, or a date outside the round.")),
            403: OpenApiResponse(description=_("You may not register applications in this project.")),
        },
    ),
    verify=extend_schema(
        parameters=[PK_PARAMETER],
        request=VerifySerializer,
        responses={
            200: ApplicationSerializer,
            400: OpenApiResponse(description=_("The application has already been verified.")),
        },
        description=_(
            "Evaluates the person against the target group's rules with the documents received, "
            "and stores the outcome, the reasons per criterion and the score."
        ),
    ),
)
class ApplicationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Applications (zgłoszenia) in the projects the user reads, of the people they may see.
    An application changes only through its actions (verification); there is no PUT, PATCH or DELETE.
    The list is filtered and sorted like the project's applications page
    (recruitment.filters.ApplicationFilter)."""

    queryset = Application.objects.none()
    serializer_class = ApplicationSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = ApplicationFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Application.objects.none()
        return selectors.application_list(user=self.request.user).order_by(*APPLICATION_ORDER)

    def get_object(self):
        return selectors.application_get(user=self.request.user, pk=self.kwargs["pk"])

    def create(self, request, *args, **kwargs):
        body = ApplicationCreateSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        application = services.application_submit(actor=request.user, **body.validated_data)
        answer = self.get_serializer(selectors.application_get(user=request.user, pk=application.pk))
        return Response(answer.data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        application = self.get_object()
        body = VerifySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        on = body.validated_data.get("on") or timezone.localdate()
        services.application_verify(actor=request.user, application=application, on=on)
        return Response(self.get_serializer(self.get_object()).data)


class NarrowPageNumberPagination(PageNumberPagination):
    """The API's page-number paging with the page's keys read first (lib.pagination.NarrowPaginator): a
    participant row joins its person, project, target group and linked participant, and sorting every
    such row of a big project to keep fifty cost more than the rest of the answer."""

    django_paginator_class = NarrowPaginator


@extend_schema_view(
    retrieve=extend_schema(
        parameters=[PK_PARAMETER],
        description=_("Opens the participant's data set; the read is access-logged on the person."),
    ),
)
class ParticipantViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Participants of the projects the user reads, of the people they may see, with the EU data set
    and the fields that still block the export. Read-only: the data set changes through the pages.
    The list is filtered and sorted like the project's participants page
    (recruitment.filters.ParticipantFilter)."""

    queryset = Participant.objects.none()
    serializer_class = ParticipantSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = ParticipantFilter
    pagination_class = NarrowPageNumberPagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Participant.objects.none()
        return selectors.participant_list(user=self.request.user).order_by(*PARTICIPANT_ORDER)

    def retrieve(self, request, *args, **kwargs):
        participant = selectors.participant_get(user=request.user, pk=kwargs["pk"])
        person_file_open(user=request.user, pk=participant.person_id, route=route_of(request))
        return Response(self.get_serializer(participant).data)


class ProjectRankingView(APIView):
    """The ranking list and the waiting list (lista rezerwowa) of every recruitment round of a project.

    Positions are those of the whole round; a user who sees only some people (a social worker: their
    team) gets only their rows, with the positions they hold."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[PK_PARAMETER],
        responses={200: RankingRoundSerializer(many=True), 404: OpenApiResponse(description=_("Not found."))},
        operation_id="projects_ranking_retrieve",
    )
    def get(self, request, pk):
        project = get_object_or_404(scope_projects(Project.objects.all(), request.user), pk=pk)
        if not request.user.has_perm("recruitment.view", project):
            raise PermissionDenied
        visible = access.scope_applications(Application.objects.all(), request.user)
        rounds = list(
            RecruitmentRound.objects.filter(target_group__project=project).select_related("target_group")
        )
        for round_ in rounds:
            round_.ranking = list(selectors.ranking(round_).filter(pk__in=visible.values("pk")))
            waiting = set(selectors.waiting_list(round_).values_list("pk", flat=True))
            round_.waiting_list = [a for a in round_.ranking if a.pk in waiting]
        return Response(RankingRoundSerializer(rounds, many=True, context={"request": request}).data)
