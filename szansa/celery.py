"""Celery application. Workers run `celery -A szansa worker`; in the demo tasks run eagerly."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "szansa.settings")

app = Celery("szansa")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
