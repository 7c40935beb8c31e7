"""Background jobs of the support app: large exports and the removal of their old files
(szansa.domain.support.export_jobs); the nightly recount of the participants' activation
(szansa.domain.support.activation); the nightly check and recount of the kept indicator figures
(szansa.domain.support.indicators.checks)."""

from szansa.domain.support.activation import recount_activation_job
from szansa.domain.support.export_jobs import clean_old_exports_job, run_export_job
from szansa.domain.support.indicators.checks import recount_project_figures_job

__all__ = ["clean_old_exports_job", "recount_activation_job", "recount_project_figures_job", "run_export_job"]
