"""API of payment claims (wnioski o płatność): list, detail, create, edit and the status transitions
(draft -> submitted -> approved / rejected -> paid), through projects.services. Reads: whoever reads the
project; writes: projects.record_expenditure (the clerk, the centre manager, the project's coordinator)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from szansa.api.permissions import RulesPermission
from szansa.api.schema import PK_PARAMETER
from szansa.domain.projects import enums, services
from szansa.domain.projects.access import scope_projects
from szansa.domain.projects.filters import PaymentClaimFilter
from szansa.domain.projects.models import PaymentClaim, Project


class PaymentClaimSerializer(serializers.ModelSerializer):
    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all())
    entered_by = serializers.CharField(source="entered_by.username", read_only=True, default=None)

    class Meta:
        model = PaymentClaim
        fields = [
            "id",
            "project",
            "number",
            "period_from",
            "period_to",
            "amount_claimed",
            "status",
            "submitted_on",
            "approved_amount",
            "entered_by",
            "notes",
        ]
        read_only_fields = ["status", "submitted_on", "approved_amount"]
        validators = []
        extra_kwargs = {"amount_claimed": {"validators": []}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["project"].queryset = scope_projects(Project.objects.all(), request.user)


class TransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=enums.ClaimStatus.choices)
    on = serializers.DateField(required=False, help_text=_("Empty: today."))
    approved_amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True
    )


@extend_schema_view(
    retrieve=extend_schema(parameters=[PK_PARAMETER]),
    update=extend_schema(parameters=[PK_PARAMETER]),
    partial_update=extend_schema(parameters=[PK_PARAMETER]),
    transition=extend_schema(
        parameters=[PK_PARAMETER], request=TransitionSerializer, responses={200: PaymentClaimSerializer}
    ),
)
class PaymentClaimViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Payment claims of the projects the user reads, filtered and sorted like the list on the budget
    page (projects.filters.PaymentClaimFilter)."""

    queryset = PaymentClaim.objects.none()
    serializer_class = PaymentClaimSerializer
    permission_classes = [RulesPermission]
    view_permission = "projects.view_project"
    add_permission = None  # projects.record_expenditure on the project of the body, checked by the service
    change_permission = "projects.record_expenditure"
    filterset_class = PaymentClaimFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PaymentClaim.objects.none()
        visible = scope_projects(Project.objects.all(), self.request.user)
        found = PaymentClaim.objects.filter(project__in=visible).select_related("project", "entered_by")
        return found.order_by("project", "period_from", "pk")

    def perform_create(self, serializer):
        claim = PaymentClaim(**serializer.validated_data)
        serializer.instance = services.payment_claim_save(actor=self.request.user, claim=claim)

    def perform_update(self, serializer):
        claim = serializer.instance
        for name, value in serializer.validated_data.items():
            setattr(claim, name, value)
        serializer.instance = services.payment_claim_save(actor=self.request.user, claim=claim)

    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        claim = self.get_object()
        body = TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        services.payment_claim_transition(
            actor=request.user,
            claim=claim,
            to=data["to"],
            on=data.get("on") or timezone.localdate(),
            approved_amount=data.get("approved_amount"),
        )
        return Response(
            self.get_serializer(self.get_queryset().get(pk=claim.pk)).data, status=status.HTTP_200_OK
        )
