"""Reads of recruitment that pages, the API and (later) the work app share."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from szansa.domain.recruitment import access, enums
from szansa.domain.recruitment.models import Application, Participant, RecruitmentRound


def application_list(*, user, project=None, round=None):
    applications = access.scope_applications(Application.objects.all(), user)
    if project is not None:
        applications = applications.filter(round__target_group__project=project)
    if round is not None:
        applications = applications.filter(round=round)
    return applications.select_related("person", "round__target_group__project", "verified_by")


def application_get(*, user, pk) -> Application:
    try:
        return application_list(user=user).get(pk=pk)
    except (Application.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def participant_list(*, user, project=None):
    participants = access.scope_participants(Participant.objects.all(), user)
    if project is not None:
        participants = participants.filter(project=project)
    return participants.select_related("person", "project", "target_group", "linked_to__person")


def participant_get(*, user, pk) -> Participant:
    try:
        return participant_list(user=user).get(pk=pk)
    except (Participant.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def ranking(round: RecruitmentRound):
    """The ranking list of a round: ranked, enrolled and waiting applicants by position.

    Order: score descending; ties broken by the earlier application, then the lower income per
    person (services.ranking_key, stated on the list)."""
    return (
        round.applications.filter(rank__isnull=False)
        .exclude(status=enums.ApplicationStatus.WITHDRAWN)
        .select_related("person")
        .order_by("rank")
    )


def waiting_list(round: RecruitmentRound):
    """Lista rezerwowa: eligible applicants not enrolled, in ranking order."""
    return ranking(round).filter(status=enums.ApplicationStatus.WAITING_LIST)


@dataclass(frozen=True)
class Gauge:
    """How full a project is: main participants against the limit; the environment counted apart."""

    limit: int | None
    main: int
    environment: int

    @property
    def free(self) -> int | None:
        return None if self.limit is None else max(self.limit - self.main, 0)

    @property
    def percent(self) -> int | None:
        return None if not self.limit else round(100 * self.main / self.limit)


def _counted_participants():
    """Main participants who hold a place within the limit (the environment, otoczenie, and those who
    resigned before the start are not counted)."""
    return Participant.objects.main().counted()


def participants_count(project) -> int:
    return _counted_participants().filter(project=project).count()


def with_participants(projects):
    """Projects annotated with `participants_counted`, for lists (one subquery, no N+1)."""
    counts = (
        _counted_participants()
        .filter(project=OuterRef("pk"))
        .order_by()
        .values("project")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return projects.annotate(participants_counted=Coalesce(Subquery(counts), 0))


def limit_gauge(project) -> Gauge:
    return board_counts(project)[0]


def board_counts(project) -> tuple[Gauge, dict[int | None, int]]:
    """The project's limit gauge and its main participants per target group, in one aggregate query
    over the counted participants (the board shows both)."""
    rows = (
        Participant.objects.filter(project=project)
        .counted()
        .order_by()
        .values_list("target_group", "role")
        .annotate(n=Count("pk"))
    )
    main, environment, per_group = 0, 0, {}
    for group, role, n in rows:
        if role == enums.ParticipantRole.MAIN:
            main += n
            per_group[group] = per_group.get(group, 0) + n
        else:
            environment += n
    return Gauge(project.participant_limit, main, environment), per_group


def limit_gauges(projects) -> dict[int, Gauge]:
    """limit_gauge of each project, in one query (the recruitment index lists every project)."""
    counts = dict.fromkeys(((p.pk, role) for p in projects for role in enums.ParticipantRole.values), 0)
    rows = (
        Participant.objects.filter(project__in=[p.pk for p in projects])
        .counted()
        .order_by()
        .values_list("project_id", "role")
        .annotate(n=Count("pk"))
    )
    for project_id, role, n in rows:
        counts[(project_id, role)] = n
    return {
        p.pk: Gauge(
            p.participant_limit,
            counts[(p.pk, enums.ParticipantRole.MAIN)],
            counts[(p.pk, enums.ParticipantRole.ENVIRONMENT)],
        )
        for p in projects
    }


def follow_ups_due(*, on: datetime.date, user=None, project=None):
    """Exited participants whose 3-month follow-up is due by `on` and not recorded, oldest first;
    `overdue` participants are those whose due date has passed (follow_up_due < on)."""
    participants = (
        Participant.objects.all()
        if user is None
        else access.scope_participants(Participant.objects.all(), user)
    )
    if project is not None:
        participants = participants.filter(project=project)
    return participants.main().follow_up_due(on).select_related("person", "project").order_by("follow_up_due")


def follow_ups_overdue(*, on: datetime.date, user=None, project=None):
    return follow_ups_due(on=on, user=user, project=project).filter(follow_up_due__lt=on)
