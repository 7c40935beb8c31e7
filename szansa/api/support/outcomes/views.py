"""API of the end of the path: internships with their monthly timesheets and stipends, outcomes, the
exit and the 3-month follow-up of a participant, and a project's indicators with the people behind each
figure. Thin: the domain's selectors and services (szansa.domain.support.internships / outcomes /
indicators, szansa.domain.recruitment.services) decide; refusals are answered by szansa.api.errors.

Every response that names people writes one access-log entry per person (szansa.lib.access_log).
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from szansa.api.permissions import RulesPermission
from szansa.api.schema import PK_PARAMETER
from szansa.domain.people.access import can_view_health_data
from szansa.domain.projects.access import scope_projects
from szansa.domain.projects.models import IndicatorDefinition, Project
from szansa.domain.recruitment import enums as recruitment_enums
from szansa.domain.recruitment import selectors as recruitment_selectors
from szansa.domain.recruitment import services as recruitment_services
from szansa.domain.recruitment.access import scope_participants
from szansa.domain.recruitment.models import ExitSituation, Participant
from szansa.domain.support.indicators import effectiveness as indicator_effectiveness
from szansa.domain.support.indicators import figures as indicator_figures
from szansa.domain.support.indicators import rules as indicator_rules
from szansa.domain.support.indicators import selectors as indicator_selectors
from szansa.domain.support.internships import selectors as internship_selectors
from szansa.domain.support.internships import services as internship_services
from szansa.domain.support.internships.filters import InternshipFilter
from szansa.domain.support.models import Activity, Internship, Outcome
from szansa.domain.support.outcomes import services as outcome_services
from szansa.domain.support.outcomes.filters import OutcomeFilter
from szansa.lib.access_log import log_access, route_of

HEALTH_CODES = frozenset({"PI9i-P-02", "EECO12"})  # lists that reveal a disability (as on the pages)


def _log(request, persons, what: str) -> None:
    log_access(user=request.user, persons=persons, route=route_of(request), what=what)


# --- internships -----------------------------------------------------------------------------------------


class InternshipMonthSerializer(serializers.Serializer):
    month = serializers.DateField(source="record.month")
    hours_scheduled = serializers.DecimalField(
        source="record.hours_scheduled", max_digits=5, decimal_places=1
    )
    hours_excused = serializers.DecimalField(source="record.hours_excused", max_digits=5, decimal_places=1)
    hours_unexcused = serializers.DecimalField(
        source="record.hours_unexcused", max_digits=5, decimal_places=1
    )
    stipend = serializers.DecimalField(source="record.stipend", max_digits=10, decimal_places=2)
    rate = serializers.DecimalField(
        source="rate.monthly_amount", max_digits=10, decimal_places=2, allow_null=True, default=None
    )


class InternshipSerializer(serializers.ModelSerializer):
    activity = serializers.PrimaryKeyRelatedField(queryset=Activity.objects.all())
    participant = serializers.PrimaryKeyRelatedField(queryset=Participant.objects.all())
    person_name = serializers.CharField(source="participant.person.full_name", read_only=True)
    project = serializers.IntegerField(source="activity.project_id", read_only=True)

    class Meta:
        model = Internship
        fields = [
            "id",
            "project",
            "activity",
            "participant",
            "person_name",
            "employer",
            "employer_nip",
            "mentor",
            "position",
            "agreement_number",
            "starts_on",
            "ends_on",
            "hours_per_month",
        ]
        validators = []
        extra_kwargs = {"employer_nip": {"validators": []}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["participant"].queryset = scope_participants(Participant.objects.all(), request.user)


class InternshipDetailSerializer(InternshipSerializer):
    months = serializers.SerializerMethodField()
    stipend_total = serializers.SerializerMethodField()

    class Meta(InternshipSerializer.Meta):
        fields = [*InternshipSerializer.Meta.fields, "months", "stipend_total"]

    def _summary(self, internship):
        if not hasattr(internship, "_summary"):
            internship._summary = internship_selectors.internship_summary(internship)
        return internship._summary

    def get_months(self, internship) -> list[dict]:
        return InternshipMonthSerializer(self._summary(internship)["months"], many=True).data

    def get_stipend_total(self, internship) -> str:
        return str(self._summary(internship)["total"])


class TimesheetSerializer(serializers.Serializer):
    month = serializers.DateField(help_text=_("The first day of the month."))
    hours_scheduled = serializers.DecimalField(max_digits=5, decimal_places=1)
    hours_excused = serializers.DecimalField(max_digits=5, decimal_places=1, required=False, default=0)
    hours_unexcused = serializers.DecimalField(max_digits=5, decimal_places=1, required=False, default=0)


@extend_schema_view(
    retrieve=extend_schema(parameters=[PK_PARAMETER], responses=InternshipDetailSerializer),
    create=extend_schema(responses={201: InternshipDetailSerializer}),
    timesheet=extend_schema(
        parameters=[PK_PARAMETER],
        request=TimesheetSerializer,
        responses={200: InternshipDetailSerializer},
        description=_("Records (or corrects) one month's timesheet; the stipend follows the project's rate."),
    ),
)
class InternshipViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Internships (staże) of the participants the user sees, with their months and stipends; the list is
    filtered and sorted like the internship list page (support.internships.filters.InternshipFilter)."""

    queryset = Internship.objects.none()
    serializer_class = InternshipSerializer
    filterset_class = InternshipFilter
    permission_classes = [RulesPermission]
    view_permission = "support.view_path"
    add_permission = None  # support.manage_activity on the activity, checked by the service
    change_permission = "support.record_attendance"

    def get_serializer_class(self):
        return InternshipSerializer if self.action == "list" else InternshipDetailSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Internship.objects.none()
        return internship_selectors.internship_list(user=self.request.user).order_by("starts_on", "pk")

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        page = getattr(self, "_listed", [])
        _log(request, [i.participant.person for i in page], "internships")
        return response

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self._listed = list(page if page is not None else queryset)
        return page

    def retrieve(self, request, *args, **kwargs):
        internship = self.get_object()
        _log(request, [internship.participant.person], "internship")
        return Response(self.get_serializer(internship).data)

    def create(self, request, *args, **kwargs):
        body = InternshipSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        internship = internship_services.internship_create(actor=request.user, **body.validated_data)
        return Response(
            InternshipDetailSerializer(self.get_queryset().get(pk=internship.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @action(detail=True, methods=["post"])
    def timesheet(self, request, pk=None):
        internship = self.get_object()
        body = TimesheetSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        internship_services.internship_month_record(
            actor=request.user, internship=internship, **body.validated_data
        )
        return Response(InternshipDetailSerializer(self.get_queryset().get(pk=internship.pk)).data)


# --- outcomes --------------------------------------------------------------------------------------------


class OutcomeSerializer(serializers.ModelSerializer):
    participant = serializers.PrimaryKeyRelatedField(queryset=Participant.objects.all())
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True, default=None)

    class Meta:
        model = Outcome
        fields = [
            "id",
            "participant",
            "kind",
            "achieved_on",
            "evidence",
            "contract_type",
            "contract_months",
            "fte",
            "confirmed_by",
            "progress_form",
            "note",
            "recorded_by",
            "created_at",
        ]
        validators = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["participant"].queryset = scope_participants(Participant.objects.all(), request.user)


@extend_schema_view(
    retrieve=extend_schema(parameters=[PK_PARAMETER]),
    create=extend_schema(
        responses={201: OutcomeSerializer, 400: OpenApiResponse(description=_("Invalid data."))},
        description=_(
            "Records what a participant achieved, with the document that proves it (employment: the form "
            "and months; social progress: who confirms it and its form)."
        ),
    ),
)
class OutcomeViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Outcomes (rezultaty) of the participants the user sees; the list is filtered and sorted like the
    outcome list page (support.outcomes.filters.OutcomeFilter)."""

    queryset = Outcome.objects.none()
    serializer_class = OutcomeSerializer
    filterset_class = OutcomeFilter
    permission_classes = [RulesPermission]
    view_permission = "support.view_path"
    add_permission = None  # support.approve_path on the participant, checked by the service
    change_permission = "support.approve_path"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Outcome.objects.none()
        participants = scope_participants(Participant.objects.all(), self.request.user)
        return (
            Outcome.objects.filter(participant__in=participants)
            .select_related("participant__person", "recorded_by")
            .order_by("achieved_on", "pk")
        )

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        _log(
            self.request, [o.participant.person for o in (page if page is not None else queryset)], "outcomes"
        )
        return page

    def retrieve(self, request, *args, **kwargs):
        outcome = self.get_object()
        _log(request, [outcome.participant.person], "outcome")
        return Response(self.get_serializer(outcome).data)

    def create(self, request, *args, **kwargs):
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = {
            k: v for k, v in body.validated_data.items() if v is not None or k in ("contract_months", "fte")
        }
        outcome = outcome_services.outcome_record(actor=request.user, **data)
        return Response(self.get_serializer(outcome).data, status=status.HTTP_201_CREATED)


# --- exit and follow-up of a participant ----------------------------------------------------------------


class ExitSerializer(serializers.Serializer):
    end_date = serializers.DateField()
    exit_reason = serializers.ChoiceField(choices=recruitment_enums.ExitReason.choices)
    completed_path = serializers.BooleanField()
    exit_situation_1 = serializers.SlugRelatedField(
        slug_field="code", queryset=ExitSituation.objects.all(), required=False, allow_null=True
    )
    exit_situation_2 = serializers.SlugRelatedField(
        slug_field="code", queryset=ExitSituation.objects.all(), required=False, allow_null=True
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class FollowUpSerializer(serializers.Serializer):
    on = serializers.DateField()
    result = serializers.ChoiceField(choices=recruitment_enums.FollowUpResult.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ParticipantPathState(serializers.ModelSerializer):
    class Meta:
        model = Participant
        fields = [
            "id",
            "status",
            "start_date",
            "end_date",
            "exit_reason",
            "completed_path",
            "follow_up_due",
            "follow_up_on",
            "follow_up_result",
            "follow_up_note",
        ]
        read_only_fields = fields


class _ParticipantStep(APIView):
    permission_classes = [IsAuthenticated]
    body = None

    def participant(self, request, pk) -> Participant:
        participant = recruitment_selectors.participant_get(user=request.user, pk=pk)
        _log(request, [participant.person], self.what)
        return participant


class ParticipantExitView(_ParticipantStep):
    """The end of participation (exit): the 3-month follow-up falls due then."""

    what = "participant exit"

    @extend_schema(
        parameters=[PK_PARAMETER],
        request=ExitSerializer,
        responses={200: ParticipantPathState},
        operation_id="participants_exit_create",
    )
    def post(self, request, pk):
        participant = self.participant(request, pk)
        body = ExitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        done = recruitment_services.participant_exit(
            actor=request.user, participant=participant, **body.validated_data
        )
        return Response(ParticipantPathState(done).data)


class ParticipantFollowUpView(_ParticipantStep):
    """The situation 3 months after the exit (completes the follow-up task)."""

    what = "participant follow-up"

    @extend_schema(
        parameters=[PK_PARAMETER],
        request=FollowUpSerializer,
        responses={200: ParticipantPathState},
        operation_id="participants_follow_up_create",
    )
    def post(self, request, pk):
        participant = self.participant(request, pk)
        body = FollowUpSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        done = recruitment_services.participant_record_follow_up(
            actor=request.user, participant=participant, **body.validated_data
        )
        return Response(ParticipantPathState(done).data)


# --- indicators ------------------------------------------------------------------------------------------


class IndicatorValueSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.SerializerMethodField()
    value = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    women = serializers.DecimalField(
        max_digits=12, decimal_places=2, allow_null=True, help_text=_("The value counting women only (K).")
    )
    men = serializers.DecimalField(
        max_digits=12, decimal_places=2, allow_null=True, help_text=_("The value counting men only (M).")
    )
    forecast = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    target = serializers.SerializerMethodField()
    percent_of_target = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    counted = serializers.SerializerMethodField(help_text=_("Participants counted (ids)."))

    def get_name(self, value) -> str:
        definition = value.indicator.definition if value.indicator else None
        if definition is None:
            definition = IndicatorDefinition.objects.filter(code=value.code).first()
        return definition.name_pl if definition else value.code

    def get_target(self, value) -> str | None:
        return str(value.indicator.target) if value.indicator else None

    def get_counted(self, value) -> int:
        return value.count


class DrilldownRowSerializer(serializers.Serializer):
    participant = serializers.IntegerField(source="participant.pk")
    person_name = serializers.CharField(source="participant.person.full_name")
    counts = serializers.BooleanField()
    reason = serializers.CharField()
    evidence = serializers.SerializerMethodField()

    def get_evidence(self, row) -> list[int]:
        return [o.pk for o in row.evidence]


class DrilldownPageSerializer(serializers.Serializer):
    indicator = IndicatorValueSerializer(help_text=_("The indicator's value, target and forecast."))
    count = serializers.IntegerField(help_text=_("Rows of the drill-down in all (of every page)."))
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = DrilldownRowSerializer(many=True)


def _project(request, pk) -> Project:
    project = get_object_or_404(scope_projects(Project.objects.all(), request.user), pk=pk)
    if not request.user.has_perm("projects.view_project", project):
        raise PermissionDenied
    return project


class ProjectIndicatorsView(APIView):
    """A project's indicators with their values, targets and forecasts (the figures only, no people);
    for a 2021–2027 project also the ESF+ common outputs EECO01–EECO17."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[PK_PARAMETER],
        responses={200: IndicatorValueSerializer(many=True)},
        operation_id="projects_indicators_list",
    )
    def get(self, request, pk):
        project = _project(request, pk)
        values = indicator_figures.project_figures(project)
        listed = {v.code for v in values}
        values += [v for v in indicator_figures.eeco_figures(project) if v.code not in listed]
        return Response(IndicatorValueSerializer(values, many=True).data)


class ProjectIndicatorPeopleView(APIView):
    """One indicator of a project (its value, target and forecast) with every participant the user may
    see, a page at a time: whether they count and why, the counted first. A list that reveals a
    disability is empty for roles without access to health data. The people on the page returned are
    access-logged."""

    permission_classes = [IsAuthenticated]
    pagination_class = api_settings.DEFAULT_PAGINATION_CLASS

    @extend_schema(
        parameters=[
            PK_PARAMETER,
            OpenApiParameter("code", str, OpenApiParameter.PATH),
            OpenApiParameter("page", int),
        ],
        responses={200: DrilldownPageSerializer},
        operation_id="projects_indicators_people",
    )
    def get(self, request, pk, code):
        project = _project(request, pk)
        if code not in indicator_rules.RULES or not IndicatorDefinition.objects.filter(code=code).exists():
            raise Http404
        value = indicator_figures.figure(project, code)
        # The people the user may see, counted first, paged in the database; only the page is explained.
        people = scope_participants(indicator_figures.drilldown_participants(project, code), request.user)
        if code in HEALTH_CODES and not can_view_health_data(request.user):
            people = people.none()
        paginator = self.pagination_class()
        shown = paginator.paginate_queryset(people, request, view=self)
        page = indicator_selectors.explain_participants(code, shown)
        _log(request, [row.participant.person for row in page], f"indicator {code}")
        return Response(
            {
                "indicator": IndicatorValueSerializer(value).data,
                "count": paginator.page.paginator.count,
                "next": paginator.get_next_link(),
                "previous": paginator.get_previous_link(),
                "results": DrilldownRowSerializer(page, many=True).data,
            }
        )


class RatioSerializer(serializers.Serializer):
    """One effectiveness ratio counted in the database, as on the page (figures only, no people)."""

    key = serializers.CharField(
        help_text=_("<kind>-<group>: the ratio's people are at effectiveness/<key>/.")
    )
    kind = serializers.ChoiceField(choices=["social", "employment", "combined"])
    group = serializers.ChoiceField(choices=["at_risk", "severe_disability"])
    method = serializers.SerializerMethodField(
        help_text=_(
            "separate: ES and EZ, each with its threshold; combined: one social-and-employment ratio per "
            "group, for a call announced before the guideline's revision."
        )
    )
    numerator = serializers.IntegerField(help_text=_("Participants who count."))
    denominator = serializers.IntegerField(help_text=_("Participants the ratio is of."))
    percent = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    threshold = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    met = serializers.BooleanField(allow_null=True)
    people_hidden = serializers.SerializerMethodField(
        help_text=_("The ratio's people are not listed to this role (a disability group, health data).")
    )

    def get_method(self, ratio) -> str:
        return self.context["method"]

    def get_people_hidden(self, ratio) -> bool:
        return _people_hidden(self.context["request"], ratio)


def _people_hidden(request, ratio) -> bool:
    """A ratio of the severe-disability group tells who has a disability: its figures stay, its people are
    not listed to roles without access to health data (as on the page)."""
    return ratio.group == "severe_disability" and not can_view_health_data(request.user)


class EffectivenessRowSerializer(DrilldownRowSerializer):
    """A participant of a ratio's denominator: whether they count in the numerator, why, and the outcomes
    that count (ids)."""

    counts = serializers.BooleanField(source="counted")


class EffectivenessPageSerializer(serializers.Serializer):
    ratio = RatioSerializer(help_text=_("The ratio's figures."))
    count = serializers.IntegerField(help_text=_("People of the ratio the user may see (of every page)."))
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = EffectivenessRowSerializer(many=True)


class ProjectEffectivenessView(APIView):
    """Social and employment effectiveness of a project per group against the call's thresholds, counted
    in the database in one aggregate, the same figures as the effectiveness page (no people: each ratio's
    people are at effectiveness/<key>/)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[PK_PARAMETER],
        responses={200: RatioSerializer(many=True)},
        operation_id="projects_effectiveness",
    )
    def get(self, request, pk):
        project = _project(request, pk)
        result = indicator_effectiveness.effectiveness_figures(project)
        context = {"request": request, "method": result.method}
        return Response(RatioSerializer(result.ratios, many=True, context=context).data)


class ProjectEffectivenessPeopleView(APIView):
    """One effectiveness ratio (its figures) with its people the user may see, a page at a time, paged in
    the database: whether each counts, why, and the outcomes that count, the counted first. A ratio of the
    severe-disability group lists nobody to roles without access to health data. The people on the page
    returned are access-logged."""

    permission_classes = [IsAuthenticated]
    pagination_class = api_settings.DEFAULT_PAGINATION_CLASS

    @extend_schema(
        parameters=[
            PK_PARAMETER,
            OpenApiParameter(
                "key",
                str,
                OpenApiParameter.PATH,
                description=_("The ratio: <kind>-<group>, e.g. social-at_risk."),
            ),
            OpenApiParameter("page", int),
        ],
        responses={200: EffectivenessPageSerializer},
        operation_id="projects_effectiveness_people",
    )
    def get(self, request, pk, key):
        project = _project(request, pk)
        result = indicator_effectiveness.effectiveness_figures(project)
        ratio = result.ratio(key)
        if ratio is None:
            raise Http404
        people = scope_participants(
            indicator_effectiveness.ratio_participants(project, ratio.kind, ratio.group), request.user
        )
        if _people_hidden(request, ratio):
            people = people.none()
        paginator = self.pagination_class()
        shown = paginator.paginate_queryset(people, request, view=self)
        page = indicator_effectiveness.explain_page(ratio.kind, shown)
        _log(request, [row.participant.person for row in page], "effectiveness")
        return Response(
            {
                "ratio": RatioSerializer(ratio, context={"request": request, "method": result.method}).data,
                "count": paginator.page.paginator.count,
                "next": paginator.get_next_link(),
                "previous": paginator.get_previous_link(),
                "results": EffectivenessRowSerializer(page, many=True).data,
            }
        )
