"""The kept figures (szansa.domain.support.indicators.kept) against a full recount: `drift` for one project
(`manage.py check_project_figures`), and the nightly job that checks every kept copy still current and
recounts the figures of the active projects for the new day (docs/indicators.md#how-the-figures-are-counted).
"""

import datetime
import logging
from dataclasses import dataclass

from celery import shared_task
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from szansa.domain.projects.models import Project
from szansa.domain.support.indicators import figures, kept
from szansa.domain.support.models import ProjectFigures

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Drift:
    """One indicator of a project whose kept figures differ from a recount (each as `figures.encode`
    writes it; None: missing on that side)."""

    project_id: int
    code: str
    counted_for: datetime.date
    kept: dict | None
    recounted: dict | None


def checked() -> QuerySet:
    """The kept copies that are served (counted at the current generation), with their projects."""
    return ProjectFigures.objects.filter(
        figures__isnull=False, counted_generation=F("generation")
    ).select_related("project")


def drift(project: Project, fix: bool = False) -> list[Drift]:
    """The indicators whose kept figures differ from a recount for the day they were counted for ([] when
    the project has no copy in use: a stale copy is recounted when it is next read). With `fix`, the
    recount replaces the copy (unless an input changed meanwhile: then the copy is stale anyway)."""
    row = kept.read(project.pk)
    if row is None or row.figures is None or row.counted_generation != row.generation:
        return []
    recounted = figures.encode(figures.full_count(project, row.counted_for))
    found = [
        Drift(project.pk, code, row.counted_for, row.figures.get(code), recounted.get(code))
        for code in sorted(set(row.figures) | set(recounted))
        if row.figures.get(code) != recounted.get(code)
    ]
    if found and fix:
        kept.store(project.pk, row.generation, row.counted_for, recounted)
    return found


def active_projects(today: datetime.date):
    """Projects whose figures are recounted at night: those running today and those whose figures were
    read (they have a kept copy)."""
    return Project.objects.filter(
        Q(start__lte=today, end__gte=today) | Q(kept_figures__figures__isnull=False)
    ).distinct()


@shared_task(name="support.recount_project_figures")
def recount_project_figures_job() -> dict:
    """Nightly: check every kept copy in use against a recount (drift is logged and mended: it means a
    write bypassed the invalidation), then count the figures of the active projects for the new day and
    keep them, so the first page of the morning reads a copy. Returns the numbers of projects checked,
    drifted and recounted."""
    today = timezone.localdate()
    checked_count = drifted = 0
    for row in checked():
        checked_count += 1
        found = drift(row.project, fix=True)
        if found:
            drifted += 1
            logger.warning(
                "Kept figures of project %s (counted for %s) differed from a recount: %s",
                row.project_id,
                row.counted_for,
                ", ".join(f"{d.code} kept {d.kept} recounted {d.recounted}" for d in found),
            )
    recounted = 0
    for project in active_projects(today):
        figures.refresh_kept(project, today)
        recounted += 1
    logger.info(
        "Kept figures: %s checked, %s drifted, %s recounted for %s", checked_count, drifted, recounted, today
    )
    return {"checked": checked_count, "drifted": drifted, "recounted": recounted}
