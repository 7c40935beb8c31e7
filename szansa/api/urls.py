from django.urls import path
from rest_framework.routers import DefaultRouter

from szansa.api import support_activities_views, support_plans_views
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
for module in (support_plans_views, support_activities_views):
    for prefix, viewset, basename in module.ROUTES:
        router.register(prefix, viewset, basename=basename)
urlpatterns = router.urls
urlpatterns += [path("projects/<int:pk>/ranking/", ProjectRankingView.as_view(), name="project-ranking")]
urlpatterns += [*support_plans_views.EXTRA_URLS, *support_activities_views.EXTRA_URLS]
