from szansa.web.support.views import activities as views_activities
from szansa.web.support.views import export_jobs as views_export_jobs
from szansa.web.support.views import exports as views_exports
from szansa.web.support.views import indicators as views_indicators
from szansa.web.support.views import outcomes as views_outcomes
from szansa.web.support.views import plans as views_plans

app_name = "support"

urlpatterns = [
    *views_plans.urlpatterns,
    *views_activities.urlpatterns,
    *views_outcomes.urlpatterns,
    *views_indicators.urlpatterns,
    *views_exports.urlpatterns,
    *views_export_jobs.urlpatterns,
]
