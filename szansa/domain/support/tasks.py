"""Background jobs of the support app: large exports and the removal of their old files
(szansa.domain.support.export_jobs); the nightly recount of the participants' activation
(szansa.domain.support.activation)."""

from szansa.domain.support.activation import recount_activation_job
from szansa.domain.support.export_jobs import clean_old_exports_job, run_export_job

__all__ = ["clean_old_exports_job", "recount_activation_job", "run_export_job"]
