"""The kept copy of a project's figures (`support.ProjectFigures`,
docs/indicators.md#how-the-figures-are-counted): how it is marked stale, read and stored.

Every change to an input of the figures — a participant (any column, among them the kept flags at entry),
the sex of a person with a participation, an outcome, the kept activation — calls `invalidate`, which bumps
the project's `generation` in one statement (an INSERT … ON CONFLICT DO UPDATE, so a project without a row
gets one). A reader takes the generation before it counts and stores its count only `WHERE generation =`
the one it took (`store`): a write that committed while it was counting has bumped the generation, and the
count, which may not have seen that write, is not kept. The receivers are in
szansa.domain.support.signals; paths that write in bulk (the recounts of the flags at entry and of the
activation, the demo) call `invalidate` themselves. The targets (ProjectIndicator) are not part of the
copy: they are read with it.
"""

import datetime

from django.db import connections, router
from django.db.models import F, QuerySet
from django.utils import timezone

from szansa.domain.projects.models import Project
from szansa.domain.recruitment.models import Participant
from szansa.domain.support.models import ProjectFigures


def invalidate(queryset: QuerySet, project: str = "project_id") -> None:
    """Mark stale the kept figures of the projects `queryset` leads to through `project` (a path to the
    project's id: "project_id" on participants, "pk" on projects, "participant__project_id" on
    outcomes): one statement, whatever the number of rows."""
    using = router.db_for_write(ProjectFigures)
    changed = queryset.using(using).order_by().values(changed_project=F(project))
    sql, params = changed.query.sql_with_params()
    table = connections[using].ops.quote_name(ProjectFigures._meta.db_table)
    with connections[using].cursor() as cursor:
        cursor.execute(
            # Ordered by project, so two writers that touch the same projects lock their rows in the same
            # order; the WHERE is also what SQLite needs to read an upsert after a SELECT.
            f"INSERT INTO {table} (project_id, generation) "
            f"SELECT DISTINCT changed.changed_project, 1 FROM ({sql}) changed "
            "WHERE changed.changed_project IS NOT NULL ORDER BY changed.changed_project "
            f"ON CONFLICT (project_id) DO UPDATE SET generation = {table}.generation + 1",
            params,
        )


def invalidate_projects(project_ids) -> None:
    """Mark stale the kept figures of these projects (by id)."""
    ids = {pk for pk in project_ids if pk is not None}
    if ids:
        invalidate(Project.objects.filter(pk__in=ids), "pk")


def invalidate_participants(participant_ids) -> None:
    """Mark stale the kept figures of the projects of these participants (by id)."""
    ids = {pk for pk in participant_ids if pk is not None}
    if ids:
        invalidate(Participant.objects.filter(pk__in=ids))


def read(project_id: int) -> ProjectFigures | None:
    """The project's row (one query), or None. A reader takes its generation before counting (`store`)."""
    return ProjectFigures.objects.filter(project_id=project_id).first()


def is_current(kept: ProjectFigures | None, today: datetime.date) -> bool:
    """Whether the kept copy holds the figures of `today` counted at the current generation."""
    return (
        kept is not None
        and kept.figures is not None
        and kept.counted_for == today
        and kept.counted_generation == kept.generation
    )


def store(project_id: int, generation: int | None, today: datetime.date, figures: dict) -> bool:
    """Keep `figures` counted for `today` by a reader that took `generation` (None: the project had no
    row) before counting: one statement. Refused (False) when the generation has moved since, that is when
    an input changed while the figures were being counted; on PostgreSQL also, without waiting, when a
    writer holds the row (it is bumping the generation in a transaction not yet committed: the count may
    have missed its write). Without a row, refused when a writer has inserted one meanwhile (this INSERT
    waits for a writer that is inserting it: once in a project's life)."""
    using = router.db_for_write(ProjectFigures)
    connection = connections[using]
    meta = ProjectFigures._meta
    table = connection.ops.quote_name(meta.db_table)
    values = [
        today,
        meta.get_field("figures").get_db_prep_save(figures, connection),
        meta.get_field("counted_at").get_db_prep_save(timezone.now(), connection),
    ]
    if generation is None:
        sql = (
            f"INSERT INTO {table} "
            "(project_id, generation, counted_generation, counted_for, figures, counted_at) "
            "VALUES (%s, 0, 0, %s, %s, %s) ON CONFLICT (project_id) DO NOTHING"
        )
        params = [project_id, *values]
    else:
        sql = (
            f"UPDATE {table} SET counted_generation = %s, counted_for = %s, figures = %s, counted_at = %s "
            "WHERE project_id = %s AND generation = %s"
        )
        params = [generation, *values, project_id, generation]
        if connection.features.has_select_for_update_skip_locked:
            locked = f"SELECT project_id FROM {table} WHERE project_id = %s FOR UPDATE SKIP LOCKED"
            sql += f" AND project_id IN ({locked})"
            params.append(project_id)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount == 1
