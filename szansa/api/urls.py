from django.urls import path
from rest_framework.routers import DefaultRouter

from szansa.api.housing.views import ApartmentViewSet, StayViewSet
from szansa.api.people.views import HouseholdViewSet, PersonViewSet
from szansa.api.projects.views import CallViewSet, ExpenditureViewSet, ProjectViewSet
from szansa.api.recruitment.views import ApplicationViewSet, ParticipantViewSet, ProjectRankingView
from szansa.api.support.activities import views as support_activities_views
from szansa.api.support.plans import views as support_plans_views
from szansa.api.work.views import TaskViewSet

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
