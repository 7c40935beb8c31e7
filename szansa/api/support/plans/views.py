"""API of diagnoses, individual plans (with revise/accept actions) and social contracts.

Scoping is szansa.domain.support.plans' selectors (out of scope => 404); writes are its services (permission,
full validation, audit actor). Opening one plan or contract is access-logged on the person, like the
pages. There is no PUT, PATCH or DELETE: a plan changes by revision, a contract by evaluation. The
services' refusals are answered by the API's exception handler (szansa.api.errors)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from szansa.api.schema import PK_PARAMETER
from szansa.api.support.plans.serializers import (
    ContractCreateSerializer,
    ContractEvaluateSerializer,
    ContractSerializer,
    DiagnosisCreateSerializer,
    DiagnosisSerializer,
    PlanAcceptSerializer,
    PlanCreateSerializer,
    PlanDetailSerializer,
    PlanReviseSerializer,
    PlanSerializer,
)
from szansa.domain.support.models import Diagnosis, IndividualPlan, SocialContract
from szansa.domain.support.plans import selectors as plan_selectors
from szansa.domain.support.plans import services as plan_services
from szansa.domain.support.plans.filters import ContractFilter, DiagnosisFilter, PlanFilter
from szansa.lib.access_log import log_access, route_of


def _fake(view, model):
    return getattr(view, "swagger_fake_view", False) and model.objects.none()


@extend_schema_view(
    retrieve=extend_schema(parameters=[PK_PARAMETER]),
    create=extend_schema(request=DiagnosisCreateSerializer, responses={201: DiagnosisSerializer}),
)
class DiagnosisViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Diagnoses of needs and potential of the participants whose path the caller reads; a
    re-diagnosis is created as a new one (kind `rediagnosis`). The list is filtered and sorted like the
    diagnosis list page (support.plans.filters.DiagnosisFilter)."""

    queryset = Diagnosis.objects.none()
    serializer_class = DiagnosisSerializer
    filterset_class = DiagnosisFilter
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        fake = _fake(self, Diagnosis)
        if fake is not False:
            return fake
        return plan_selectors.diagnosis_list(user=self.request.user)

    def get_object(self):
        return plan_selectors.diagnosis_get(user=self.request.user, pk=self.kwargs["pk"])

    def create(self, request, *args, **kwargs):
        body = DiagnosisCreateSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        diagnosis = plan_services.diagnosis_create(actor=request.user, **body.validated_data)
        answer = self.get_serializer(plan_selectors.diagnosis_get(user=request.user, pk=diagnosis.pk))
        return Response(answer.data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    retrieve=extend_schema(
        parameters=[PK_PARAMETER],
        description=_("One version with hours planned and delivered; access-logged."),
    ),
    create=extend_schema(request=PlanCreateSerializer, responses={201: PlanDetailSerializer}),
    revise=extend_schema(
        parameters=[PK_PARAMETER],
        request=PlanReviseSerializer,
        responses={
            201: PlanDetailSerializer,
            400: OpenApiResponse(description=_("No reason, invalid support, or not the current version.")),
        },
        description=_(
            "Creates version n+1 with the goals and support sent; the revised version stays as it was."
        ),
    ),
    accept=extend_schema(
        parameters=[PK_PARAMETER], request=PlanAcceptSerializer, responses={200: PlanDetailSerializer}
    ),
)
class PlanViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Individual plans (every version) of the participants whose path the caller reads; the list is
    filtered and sorted like the plan list page (support.plans.filters.PlanFilter)."""

    queryset = IndividualPlan.objects.none()
    serializer_class = PlanSerializer
    filterset_class = PlanFilter
    permission_classes = [IsAuthenticated]

    def get_serializer_class(self):
        return PlanSerializer if self.action == "list" else PlanDetailSerializer

    def get_queryset(self):
        fake = _fake(self, IndividualPlan)
        if fake is not False:
            return fake
        return plan_selectors.plan_list(user=self.request.user)

    def get_object(self):
        return plan_selectors.plan_get(user=self.request.user, pk=self.kwargs["pk"])

    def retrieve(self, request, *args, **kwargs):
        plan = self.get_object()
        log_access(
            user=request.user,
            persons=[plan.participant.person],
            route=route_of(request),
            what=f"plan {plan.pk} api",
        )
        return Response(self.get_serializer(plan).data)

    def _answer(self, plan, code=status.HTTP_200_OK):
        return Response(
            PlanDetailSerializer(plan_selectors.plan_get(user=self.request.user, pk=plan.pk)).data,
            status=code,
        )

    def create(self, request, *args, **kwargs):
        body = PlanCreateSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        plan = plan_services.plan_create(actor=request.user, **body.validated_data)
        return self._answer(plan, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def revise(self, request, pk=None):
        plan = self.get_object()
        body = PlanReviseSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        if "diagnosis" not in request.data:
            data.pop("diagnosis", None)  # keep the revised version's diagnosis
        revision = plan_services.plan_revise(actor=request.user, plan=plan, **data)
        return self._answer(revision, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        plan = self.get_object()
        body = PlanAcceptSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        plan_services.plan_accept(actor=request.user, plan=plan, **body.validated_data)
        return self._answer(plan)


@extend_schema_view(
    retrieve=extend_schema(parameters=[PK_PARAMETER], description=_("Access-logged on the person.")),
    create=extend_schema(request=ContractCreateSerializer, responses={201: ContractSerializer}),
    evaluate=extend_schema(
        parameters=[PK_PARAMETER], request=ContractEvaluateSerializer, responses={200: ContractSerializer}
    ),
)
class ContractViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Social contracts (art. 108) of the participants and people the caller may see; the list is
    filtered and sorted like the contract list page (support.plans.filters.ContractFilter)."""

    queryset = SocialContract.objects.none()
    serializer_class = ContractSerializer
    filterset_class = ContractFilter
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        fake = _fake(self, SocialContract)
        if fake is not False:
            return fake
        return plan_selectors.contract_list(user=self.request.user)

    def get_object(self):
        return plan_selectors.contract_get(user=self.request.user, pk=self.kwargs["pk"])

    def retrieve(self, request, *args, **kwargs):
        contract = self.get_object()
        if contract.participant_id:
            log_access(
                user=request.user,
                persons=[contract.participant.person],
                route=route_of(request),
                what=f"contract {contract.pk} api",
            )
        return Response(self.get_serializer(contract).data)

    def create(self, request, *args, **kwargs):
        body = ContractCreateSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        contract = plan_services.contract_conclude(actor=request.user, **body.validated_data)
        return Response(self.get_serializer(contract).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def evaluate(self, request, pk=None):
        contract = self.get_object()
        body = ContractEvaluateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        contract = plan_services.contract_evaluate(
            actor=request.user, contract=contract, **body.validated_data
        )
        return Response(self.get_serializer(contract).data)
