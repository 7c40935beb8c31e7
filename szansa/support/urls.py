from szansa.support import views_activities, views_indicators, views_outcomes, views_plans

app_name = "support"

urlpatterns = [
    *views_plans.urlpatterns,
    *views_activities.urlpatterns,
    *views_outcomes.urlpatterns,
    *views_indicators.urlpatterns,
]
