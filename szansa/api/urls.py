"""The API's one router: every app's viewsets under /api/v1/ (names and paths as they always were)."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from szansa.api.housing.views import ApartmentViewSet, StayViewSet
from szansa.api.interviews.views import InterviewViewSet, QuestionnaireViewSet
from szansa.api.people.views import HouseholdViewSet, PersonViewSet
from szansa.api.privacy.views import PersonRetentionView, SubjectAccessView, SubjectRequestViewSet
from szansa.api.projects.claims import PaymentClaimViewSet
from szansa.api.projects.views import CallViewSet, ExpenditureViewSet, ProjectViewSet
from szansa.api.recruitment.setup import (
    ParticipantCorrectionsView,
    RoundViewSet,
    RuleViewSet,
    ScoringViewSet,
    StipendRateViewSet,
)
from szansa.api.recruitment.views import ApplicationViewSet, ParticipantViewSet, ProjectRankingView
from szansa.api.support.activities.views import ActivityViewSet, SessionViewSet
from szansa.api.support.exports import (
    ExportJobFileView,
    ExportJobView,
    ProjectBudgetExportView,
    ProjectParticipantExportView,
)
from szansa.api.support.outcomes.views import (
    InternshipViewSet,
    OutcomeViewSet,
    ParticipantExitView,
    ParticipantFollowUpView,
    ProjectEffectivenessPeopleView,
    ProjectEffectivenessView,
    ProjectIndicatorPeopleView,
    ProjectIndicatorsView,
)
from szansa.api.support.plans.views import ContractViewSet, DiagnosisViewSet, PlanViewSet
from szansa.api.work.views import CaseViewSet, DecisionViewSet, TaskViewSet

router = DefaultRouter()
router.register("persons", PersonViewSet, basename="person")
router.register("households", HouseholdViewSet, basename="household")
router.register("calls", CallViewSet, basename="call")
router.register("projects", ProjectViewSet, basename="project")
router.register("expenditures", ExpenditureViewSet, basename="expenditure")
router.register("tasks", TaskViewSet, basename="task")
router.register("decisions", DecisionViewSet, basename="decision")
router.register("cases", CaseViewSet, basename="case")
router.register("apartments", ApartmentViewSet, basename="apartment")
router.register("stays", StayViewSet, basename="stay")
router.register("applications", ApplicationViewSet, basename="application")
router.register("participants", ParticipantViewSet, basename="participant")
router.register("recruitment-rounds", RoundViewSet, basename="recruitment-round")
router.register("eligibility-rules", RuleViewSet, basename="eligibility-rule")
router.register("scoring-criteria", ScoringViewSet, basename="scoring-criterion")
router.register("stipend-rates", StipendRateViewSet, basename="stipend-rate")
router.register("payment-claims", PaymentClaimViewSet, basename="payment-claim")
router.register("internships", InternshipViewSet, basename="internship")
router.register("outcomes", OutcomeViewSet, basename="outcome")
router.register("support/diagnoses", DiagnosisViewSet, basename="support-diagnosis")
router.register("support/plans", PlanViewSet, basename="support-plan")
router.register("support/contracts", ContractViewSet, basename="support-contract")
router.register("activities", ActivityViewSet, basename="activity")
router.register("sessions", SessionViewSet, basename="session")
router.register("privacy/requests", SubjectRequestViewSet, basename="privacy-request")
router.register("interviews", InterviewViewSet, basename="interview")
router.register("interview-forms", QuestionnaireViewSet, basename="interview-form")
urlpatterns = [
    *router.urls,
    path("privacy/persons/<int:pk>/retention/", PersonRetentionView.as_view(), name="privacy-retention"),
    path(
        "privacy/persons/<int:pk>/subject-access/", SubjectAccessView.as_view(), name="privacy-subject-access"
    ),
    path("projects/<int:pk>/ranking/", ProjectRankingView.as_view(), name="project-ranking"),
    path(
        "participants/<int:pk>/date-corrections/",
        ParticipantCorrectionsView.as_view(),
        name="participant-date-corrections",
    ),
    path("participants/<int:pk>/exit/", ParticipantExitView.as_view(), name="participant-exit"),
    path("participants/<int:pk>/follow-up/", ParticipantFollowUpView.as_view(), name="participant-follow-up"),
    path("projects/<int:pk>/indicators/", ProjectIndicatorsView.as_view(), name="project-indicators"),
    path(
        "projects/<int:pk>/indicators/<str:code>/",
        ProjectIndicatorPeopleView.as_view(),
        name="project-indicator-people",
    ),
    path(
        "projects/<int:pk>/effectiveness/", ProjectEffectivenessView.as_view(), name="project-effectiveness"
    ),
    path(
        "projects/<int:pk>/effectiveness/<str:key>/",
        ProjectEffectivenessPeopleView.as_view(),
        name="project-effectiveness-people",
    ),
    path(
        "projects/<int:pk>/participant-export/",
        ProjectParticipantExportView.as_view(),
        name="project-participant-export",
    ),
    path("projects/<int:pk>/budget-export/", ProjectBudgetExportView.as_view(), name="project-budget-export"),
    path("export-jobs/<str:job>/", ExportJobView.as_view(), name="export-job"),
    path("export-jobs/<str:job>/file/", ExportJobFileView.as_view(), name="export-job-file"),
]
