"""Background jobs of the support app: large exports and the removal of their old files
(szansa.domain.support.export_jobs)."""

from szansa.domain.support.export_jobs import clean_old_exports_job, run_export_job

__all__ = ["clean_old_exports_job", "run_export_job"]
