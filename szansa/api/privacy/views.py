"""API of data protection: the register of data-subject requests, a person's retention, the person's
copy of their data as JSON. Thin: szansa.domain.privacy decides and access-logs."""

import json

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from szansa.api.privacy.serializers import (
    RetentionSerializer,
    SubjectAccessSerializer,
    SubjectRequestAnswerSerializer,
    SubjectRequestSerializer,
)
from szansa.api.schema import PK_PARAMETER
from szansa.domain.people import selectors as people_selectors
from szansa.domain.privacy import enums, selectors, services
from szansa.domain.privacy.filters import SubjectRequestFilter, requests_visible_to
from szansa.domain.privacy.models import SubjectRequest
from szansa.domain.privacy.subject_access import _json_default, subject_access
from szansa.lib.access_log import log_access, route_of
from szansa.lib.services import require


@extend_schema_view(
    retrieve=extend_schema(parameters=[PK_PARAMETER]),
    answer=extend_schema(
        parameters=[PK_PARAMETER], request=SubjectRequestAnswerSerializer, responses=SubjectRequestSerializer
    ),
)
class SubjectRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """The register of data-subject requests (GDPR arts. 15-18, 21): the manager, the administrator and
    the auditor read it; the manager and the administrator record and answer."""

    queryset = SubjectRequest.objects.none()
    serializer_class = SubjectRequestSerializer

    filterset_class = SubjectRequestFilter  # the register page's filters (privacy.filters)

    def get_queryset(self):
        require(self.request.user, "privacy.view_requests")
        return requests_visible_to(self.request.user)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        log_access(
            user=request.user,
            persons=[item.person for item in page],
            route=route_of(request),
            what="data-subject requests",
        )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        subject_request = self.get_object()
        log_access(
            user=request.user, persons=[subject_request.person], route=route_of(request), what="request"
        )
        return Response(self.get_serializer(subject_request).data)

    def perform_create(self, serializer):
        people_selectors.person_get(user=self.request.user, pk=serializer.validated_data["person"].pk)
        serializer.instance = services.subject_request_record(
            actor=self.request.user, request=SubjectRequest(**serializer.validated_data)
        )

    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        subject_request = self.get_object()
        if subject_request.status != enums.RequestStatus.OPEN:
            raise ValidationError({"status": [_("The request has already been answered.")]})
        body = SubjectRequestAnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        answered = services.subject_request_answer(
            actor=request.user, request=subject_request, **body.validated_data
        )
        return Response(SubjectRequestSerializer(answered).data, status=status.HTTP_200_OK)


class PersonRetentionView(APIView):
    """A person's retention: every record that holds their data, its date and legal source, and the
    person's date (null while a record is open or its date is not known)."""

    @extend_schema(parameters=[PK_PARAMETER], responses=RetentionSerializer)
    def get(self, request, pk):
        person = people_selectors.person_get(user=request.user, pk=pk)
        require(request.user, "privacy.view_retention")
        retention = selectors.retention_of(person)
        log_access(user=request.user, persons=[person], route=route_of(request), what="retention")
        holds = [
            {
                "record_class": h.record_class,
                "record": h.record,
                "until": h.until,
                "why_open": h.why_open,
                "legal_source": h.legal_source,
            }
            for h in retention.holds
        ]
        holding = retention.holding
        data = {
            "until": retention.until,
            "holding": holds[retention.holds.index(holding)] if holding else None,
            "holds": holds,
        }
        return Response(RetentionSerializer(data).data)


class SubjectAccessView(APIView):
    """The person's copy of their data (GDPR art. 15(3)) as JSON, other household members left out;
    the manager and the administrator only; access-logged."""

    @extend_schema(parameters=[PK_PARAMETER], responses=SubjectAccessSerializer)
    def get(self, request, pk):
        person = people_selectors.person_get(user=request.user, pk=pk)
        sections = subject_access(
            user=request.user, person=person, route=route_of(request), what="copy (API)"
        )
        content = {
            s.key: {"title": s.title, "rows": [dict(zip(s.columns, row, strict=True)) for row in s.rows]}
            for s in sections
        }
        # Dates, decimals and the like as the archive writes them.
        content = json.loads(json.dumps(content, default=_json_default))
        return Response(SubjectAccessSerializer({"made_on": timezone.localdate(), "sections": content}).data)
