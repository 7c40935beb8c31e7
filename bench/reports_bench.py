"""Benchmark 3: all indicators of a project with BENCH_PARTICIPANTS participants and its participant export,
vs. one hand-written SQL aggregate over the same rows (participants, their people and their outcomes).

Also seeds what the run needs: the city registry of BENCH_PEOPLE people (szansa.demo.city, the data of
`seed_demo --scale city`) with all its participants in ONE project (the scale module spreads them over
projects of 2 000; the bench wants one big project), outcomes for those who left, and a target for every
indicator the rules know (a project only reports the indicators it has targets for).
"""

from __future__ import annotations

import datetime
import os
import random
import statistics
import time
from decimal import Decimal
from pathlib import Path

REPEAT = 3
BENCH_INDICATOR_TARGET = Decimal("100")
SMALL_PARTICIPANTS = 12  # the small project the dashboard and the recruitment board are compared with
SMALL_NUMBER_SUFFIX = "/small"

SQL_AGGREGATE = """
WITH counted AS (
    SELECT p.id, p.start_date, p.end_date, p.age_at_start, p.disability, person.sex
    FROM recruitment_participant p
    JOIN people_person person ON person.id = p.person_id
    WHERE p.project_id = %(project)s AND p.role = %(main)s AND p.status = ANY(%(counted)s)
), outcomes AS (
    SELECT o.participant_id,
           bool_or(o.kind = 'job_seeking') AS job_seeking,
           bool_or(o.kind IN ('employment', 'self_employment')) AS working,
           bool_or(o.kind = 'qualification') AS qualification,
           bool_or(o.kind = 'education') AS education,
           bool_or(o.kind = 'social_progress' AND o.achieved_on <= c.end_date + 90) AS social_progress
    FROM support_outcome o
    JOIN counted c ON c.id = o.participant_id
    WHERE c.end_date IS NOT NULL AND o.achieved_on >= c.start_date AND o.achieved_on <= c.end_date + 28
    GROUP BY o.participant_id
)
SELECT
    COUNT(*) FILTER (WHERE c.start_date <= %(today)s) AS started,
    COUNT(*) FILTER (WHERE c.start_date <= %(today)s AND c.disability) AS started_with_disability,
    COUNT(*) FILTER (WHERE c.start_date <= %(today)s AND c.sex = 'K') AS started_women,
    COUNT(*) FILTER (WHERE c.end_date IS NOT NULL) AS left_project,
    COUNT(*) FILTER (WHERE c.end_date IS NOT NULL AND c.age_at_start >= 18 AND o.job_seeking)
        AS adult_job_seeking,
    COUNT(*) FILTER (WHERE c.end_date IS NOT NULL AND c.age_at_start >= 18 AND o.working) AS adult_working,
    COUNT(*) FILTER (WHERE c.end_date IS NOT NULL AND o.job_seeking) AS job_seeking,
    COUNT(*) FILTER (WHERE c.end_date IS NOT NULL AND o.working) AS working,
    COUNT(*) FILTER (WHERE c.end_date IS NOT NULL AND o.qualification) AS qualification,
    COUNT(*) FILTER (WHERE c.end_date IS NOT NULL AND o.education) AS education,
    COUNT(*) FILTER (WHERE c.end_date IS NOT NULL AND o.social_progress) AS social_progress
FROM counted c
LEFT JOIN outcomes o ON o.participant_id = c.id
"""


def bench_project():
    """The seeded project with the most participants."""
    from django.db.models import Count

    from szansa.demo.city import CITY_PREFIX
    from szansa.domain.projects.models import Project

    return (
        Project.objects.filter(number__startswith=CITY_PREFIX)
        .annotate(n=Count("participants"))
        .order_by("-n", "pk")
        .first()
    )


def small_project():
    """The 12-participant project made beside the big one (`seed_small_project`), or None."""
    from django.db.models import Count

    from szansa.domain.projects.models import Project

    return (
        Project.objects.filter(number__endswith=SMALL_NUMBER_SUFFIX)
        .annotate(n=Count("participants"))
        .order_by("pk")
        .first()
    )


def seed_small_project(big) -> None:
    """A project like the big one (same measure, dates, staff, target groups, indicator targets) with
    SMALL_PARTICIPANTS of its participants and their outcomes copied: the same pages over 12 rows."""
    from szansa.domain.projects.models import Project, ProjectIndicator, ProjectStaff, TargetGroup
    from szansa.domain.recruitment.models import Participant
    from szansa.domain.support.indicators import kept
    from szansa.domain.support.models import Outcome

    if small_project() is not None:
        return
    fields = {
        f.attname: getattr(big, f.attname)
        for f in Project._meta.concrete_fields
        if not f.primary_key and f.name not in ("number", "title")
    }
    small = Project.objects.create(
        **fields, number=big.number + SMALL_NUMBER_SUFFIX, title=big.title + " (mały)"
    )
    for staff in ProjectStaff.objects.filter(project=big):
        staff.pk, staff.project = None, small
        staff.save()
    groups = {}
    for group in TargetGroup.objects.filter(project=big):
        old = group.pk
        group.pk, group.project = None, small
        group.save()
        groups[old] = group
    for indicator in ProjectIndicator.objects.filter(project=big):
        indicator.pk, indicator.project = None, small
        indicator.save()
    # Participants who left and some still in progress, as in the big project.
    chosen = list(
        Participant.objects.filter(project=big, end_date__isnull=False).order_by("pk")[
            : SMALL_PARTICIPANTS // 2
        ]
    ) + list(
        Participant.objects.filter(project=big, end_date__isnull=True).order_by("pk")[
            : SMALL_PARTICIPANTS // 2
        ]
    )
    for participant in chosen:
        outcomes = list(Outcome.objects.filter(participant=participant))
        participant.pk, participant.project = None, small
        participant.target_group = groups.get(participant.target_group_id)
        participant.save()
        for outcome in outcomes:
            outcome.pk, outcome.participant = None, participant
        Outcome.objects.bulk_create(outcomes)
    kept.invalidate_projects([small.pk])  # bulk_create sends no signal: the kept figures are recounted


def seed(*, people: int, participants: int, log=print) -> None:
    from auditlog.context import disable_auditlog
    from django.db import transaction

    from szansa.demo import city as scale
    from szansa.demo import people as demo
    from szansa.domain.people.models import Person

    demo.ensure_demo_accounts()
    project = bench_project()
    if project is not None and project.n >= participants:
        log(f"seed: reusing project {project.number} with {project.n} participants")
        seed_small_project(project)
        return
    if Person.objects.exists():
        raise RuntimeError(
            "bench: the registry already holds people but no bench project; use an empty database"
        )
    started = time.monotonic()
    # One project with every participant (the module's constant is read when projects are made).
    scale.PARTICIPANTS_PER_PROJECT = participants
    config = scale.CityConfig(people=people, participants=participants)
    config.attendance_per_participant = int(
        os.environ.get("BENCH_ATTENDANCE_PER_PARTICIPANT", config.attendance_per_participant)
    )
    scale.seed_city(config, report=lambda message: log(f"seed: {message}"))
    project = bench_project()
    with transaction.atomic(), disable_auditlog():
        outcomes = seed_outcomes(project)
        targets = seed_indicator_targets(project)
        seed_small_project(project)
    log(
        f"seed: {people} people, project {project.number} with {project.n} participants, "
        f"{outcomes} outcomes, {targets} indicator targets in {time.monotonic() - started:.0f} s"
    )


def seed_outcomes(project, seed: int = 8) -> int:
    """Outcomes for ~60% of those who left: one or two kinds, achieved around their end date."""
    from szansa.domain.accounts.models import User
    from szansa.domain.support import enums
    from szansa.domain.support.indicators import kept
    from szansa.domain.support.models import Outcome

    rng = random.Random(seed)
    recorder = User.objects.get(username="koordynator")
    kinds = [
        enums.OutcomeKind.JOB_SEEKING,
        enums.OutcomeKind.EMPLOYMENT,
        enums.OutcomeKind.SELF_EMPLOYMENT,
        enums.OutcomeKind.EDUCATION,
        enums.OutcomeKind.QUALIFICATION,
        enums.OutcomeKind.SOCIAL_PROGRESS,
    ]
    rows = []
    left = project.participants.filter(end_date__isnull=False).values_list("pk", "start_date", "end_date")
    for pk, start, end in left:
        if rng.random() > 0.6:
            continue
        for kind in rng.sample(kinds, rng.choice([1, 1, 2])):
            achieved = max(start, end + datetime.timedelta(days=rng.randint(-40, 60)))
            working = kind in (enums.OutcomeKind.EMPLOYMENT, enums.OutcomeKind.SELF_EMPLOYMENT)
            months = rng.choice([3, 6, 12]) if working else None
            rows.append(
                Outcome(
                    participant_id=pk,
                    kind=kind,
                    achieved_on=achieved,
                    evidence="Zaświadczenie (dane syntetyczne)",
                    contract_type=(
                        enums.ContractType.EMPLOYMENT_CONTRACT
                        if kind == enums.OutcomeKind.EMPLOYMENT
                        else enums.ContractType.BUSINESS
                        if kind == enums.OutcomeKind.SELF_EMPLOYMENT
                        else ""
                    ),
                    contract_months=months,
                    fte=Decimal("1.00") if working else None,
                    confirmed_by="specjalista" if kind == enums.OutcomeKind.SOCIAL_PROGRESS else "",
                    recorded_by=recorder,
                    holds_until=Outcome.contract_end(achieved, months),  # save() would set it
                )
            )
    Outcome.objects.bulk_create(rows, batch_size=5000)
    kept.invalidate_projects([project.pk])  # bulk_create sends no signal: the kept figures are recounted
    return len(rows)


def seed_indicator_targets(project) -> int:
    from szansa.domain.projects.models import IndicatorDefinition, ProjectIndicator
    from szansa.domain.support.indicators.rules import RULES

    existing = set(
        ProjectIndicator.objects.filter(project=project).values_list("definition__code", flat=True)
    )
    definitions = IndicatorDefinition.objects.filter(code__in=RULES).exclude(code__in=existing)
    ProjectIndicator.objects.bulk_create(
        ProjectIndicator(project=project, definition=d, target=BENCH_INDICATOR_TARGET) for d in definitions
    )
    return ProjectIndicator.objects.filter(project=project).count()


def timed(function, repeat: int = REPEAT) -> tuple[float, object]:
    """Median wall time of `repeat` calls (no warm-up: the first call counts) and the last result."""
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def sql_aggregate(project, today: datetime.date) -> dict:
    from django.db import connection

    from szansa.domain.recruitment import enums

    with connection.cursor() as cursor:
        cursor.execute(
            SQL_AGGREGATE,
            {
                "project": project.pk,
                "main": enums.ParticipantRole.MAIN.value,
                "counted": [str(s) for s in enums.COUNTED_STATUSES],
                "today": today,
            },
        )
        names = [column.name for column in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))


def download_csv(project) -> int:
    """The participant CSV a user downloads (the streamed full export: COPY on PostgreSQL), read piece
    by piece into a discarded sink as the response would send it; returns its size in bytes."""
    from szansa.domain.recruitment.exports import full_csv_stream

    return sum(len(piece) for piece in full_csv_stream(project))


def run(*, out: Path, log=print) -> dict:
    from django.utils import timezone

    from szansa.domain.recruitment.exports import project_participants
    from szansa.domain.support.indicators import kept
    from szansa.domain.support.indicators.figures import project_figures

    project = bench_project()
    today = timezone.localdate()
    log(f"reports: project {project.number} ({project.n} participants) …")
    # The figures are kept per project and day (support.ProjectFigures): the first read after a change
    # counts them with the one aggregate, later reads take the kept copy. Both are recorded; the ratio is
    # that of the read a user gets between two changes (the median of REPEAT reads, the first a recount).
    kept.invalidate_projects([project.pk])
    started = time.perf_counter()
    project_figures(project, today)
    recount_s = time.perf_counter() - started
    indicators_s, values = timed(lambda: project_figures(project, today))
    export_s, export_bytes = timed(lambda: download_csv(project))
    export_rows = project_participants(project).count()
    sql_s, aggregate = timed(lambda: sql_aggregate(project, today))
    result = {
        "project": project.number,
        "participants": project.n,
        "indicator_count": len(values),
        "indicators": {v.code: str(v.value) for v in values},
        "export_format": "csv",
        "export_rows": export_rows,
        "export_bytes": export_bytes,
        "sql": {k: int(v) for k, v in aggregate.items()},
        "indicators_s": indicators_s,
        "indicators_recount_s": recount_s,
        "export_s": export_s,
        "sql_s": sql_s,
        "repeat": REPEAT,
    }
    result["ratio"] = (indicators_s + export_s) / sql_s
    result["target_met"] = result["ratio"] <= 3.0
    if not result["target_met"]:
        result.update(profile(project, today, out))
    return result


def profile(project, today, out: Path) -> dict:
    from pyinstrument import Profiler

    from szansa.domain.support.indicators.figures import project_figures

    profiler = Profiler(interval=0.0005)
    profiler.start()
    project_figures(project, today)
    download_csv(project)
    profiler.stop()
    text = profiler.output_text(unicode=True, color=False)
    path = out / "profile-reports.txt"
    path.write_text(text)
    return {"profile": str(path), "profile_head": text[:6000]}
