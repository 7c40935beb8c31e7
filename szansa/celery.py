"""Celery application. Workers run `celery -A szansa worker`; in the demo tasks run eagerly."""

import os

from celery import Celery
from celery.signals import task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "szansa.settings")

app = Celery("szansa")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
def start_job_unpinned(**kwargs):
    """Each job starts with a fresh replica context (szansa/lib/replica.py): a write by the worker's
    previous job does not keep this one on the primary."""
    from szansa.lib.replica import reset_context

    reset_context()
