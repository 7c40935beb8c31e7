from django.urls import path
from rest_framework.routers import DefaultRouter

from szansa.api.housing_views import ApartmentViewSet, StayViewSet
from szansa.api.projects_views import CallViewSet, ExpenditureViewSet, ProjectViewSet
from szansa.api.recruitment_views import ApplicationViewSet, ParticipantViewSet, ProjectRankingView
from szansa.api.views import HouseholdViewSet, PersonViewSet
from szansa.api.work_views import TaskViewSet

router = DefaultRouter()
router.register("persons", PersonViewSet, basename="person")
router.register("households", HouseholdViewSet, basename="household")
router.register("calls", CallViewSet, basename="call")
router.register("projects", ProjectViewSet, basename="project")
router.register("expenditures", ExpenditureViewSet, basename="expenditure")
router.register("tasks", TaskViewSet, basename="task")
router.register("apartments", ApartmentViewSet, basename="apartment")
router.register("stays", StayViewSet, basename="stay")
router.register("applications", ApplicationViewSet, basename="application")
router.register("participants", ParticipantViewSet, basename="participant")
urlpatterns = router.urls
urlpatterns += [path("projects/<int:pk>/ranking/", ProjectRankingView.as_view(), name="project-ranking")]
