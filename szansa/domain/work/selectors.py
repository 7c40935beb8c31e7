"""Reads for pages, the API and the dashboard: my tasks, queues, case steps and workload figures.

The admin-share indicator (the one the Olkusz project reports): of the minutes social workers
recorded in a month, the share spent on tasks of administrative kinds.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from szansa.domain.accounts.enums import Role
from szansa.domain.accounts.models import User
from szansa.domain.work import enums
from szansa.domain.work.access import queue_filter, scope_tasks
from szansa.domain.work.models import Case, Task, TimeRecord
from szansa.lib.dates import month_start

HUNDRED = Decimal(100)
STEP_KINDS = {
    enums.CaseStatus.REQUEST_REGISTERED: "register_request",
    enums.CaseStatus.INTERVIEW: "community_interview",
    enums.CaseStatus.SUPPORT_PROPOSED: "propose_support",
    enums.CaseStatus.DECISION_DRAFTED: "draft_decision",
    enums.CaseStatus.DECISION_APPROVED: "approve_decision",
    enums.CaseStatus.DECISION_ISSUED: "issue_decision",
    enums.CaseStatus.CLOSED: "appeal_watch",
}


def _tasks(user):
    return scope_tasks(Task.objects.select_related("kind", "person", "assignee", "team", "case"), user)


@dataclass
class MyTasks:
    overdue: list = field(default_factory=list)
    today: list = field(default_factory=list)
    upcoming: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.overdue) + len(self.today) + len(self.upcoming)


def my_tasks(user, today: datetime.date) -> MyTasks:
    """The user's active tasks: overdue, due today, and the rest (later or without a deadline)."""
    result = MyTasks()
    for task in _tasks(user).active().filter(assignee_id=user.pk):
        if task.due_on is None or task.due_on > today:
            result.upcoming.append(task)
        elif task.due_on == today:
            result.today.append(task)
        else:
            result.overdue.append(task)
    return result


def queue(user, role: str | None = None):
    """Unassigned active tasks in the queues the user holds (managers: every queue), optionally one role."""
    tasks = _tasks(user).active().filter(assignee__isnull=True)
    if not user.has_perm("work.reassign_task") and not user.has_role(Role.AUDITOR):
        tasks = tasks.filter(queue_filter(user))
    if role:
        tasks = tasks.filter(role=role)
    return tasks


def queue_roles(user) -> list[str]:
    """Roles whose queue the user may open."""
    if user.has_perm("work.reassign_task") or user.has_role(Role.AUDITOR):
        return [role for role in Role.values if role != Role.AUDITOR]
    return [role for role in Role.values if role in user.roles]


@dataclass(frozen=True)
class Step:
    status: str
    label: str
    done: bool
    current: bool
    task: Task | None
    overdue: bool


def case_steps(case: Case, today: datetime.date) -> list[Step]:
    """The steps of a case in order, each with its (latest) task and whether it is overdue."""
    by_kind = {}
    for task in case.tasks.select_related("kind", "assignee", "completed_by").order_by("pk"):
        by_kind[task.kind.code] = task
    reached = enums.CASE_STEPS.index(enums.CaseStatus(case.status))
    steps = []
    for index, status in enumerate(enums.CASE_STEPS):
        task = by_kind.get(STEP_KINDS[status])
        steps.append(
            Step(
                status=status.value,
                label=status.label,
                done=index <= reached,
                current=index == reached + 1,
                task=task,
                overdue=bool(task and task.is_overdue(today)),
            )
        )
    return steps


def case_tasks_outside_steps(case: Case):
    return case.tasks.exclude(kind__code__in=STEP_KINDS.values()).select_related("kind", "assignee")


# --- workload -----------------------------------------------------------------------------------------


def social_workers():
    return (
        User.objects.filter(is_active=True, groups__name=Role.SOCIAL_WORKER).select_related("team").distinct()
    )


@dataclass(frozen=True)
class Caseload:
    worker: User
    people: int
    households: int


def caseload() -> list[Caseload]:
    """People and households (families) each social worker is responsible for."""
    workers = social_workers().annotate(
        people=Count("caseload", distinct=True),
        households=Count("caseload__household", distinct=True),
        alone=Count("caseload", filter=Q(caseload__household__isnull=True), distinct=True),
    )
    # A person living alone without a household record is a one-person household.
    return [Caseload(w, w.people, w.households + w.alone) for w in workers]


@dataclass(frozen=True)
class QueueLoad:
    role: str
    team: str
    open: int
    overdue: int

    @property
    def role_label(self) -> str:
        return Role(self.role).label


def queue_load(today: datetime.date) -> list[QueueLoad]:
    """Active and overdue tasks per queue (role and team)."""
    rows = (
        Task.objects.active()
        .values("role", "team__name")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
        .order_by("role", "team__name")
    )
    return [QueueLoad(r["role"], r["team__name"] or "", r["open"], r["overdue"]) for r in rows]


@dataclass(frozen=True)
class WeekRow:
    worker: User
    minutes: dict  # work class -> minutes

    @property
    def total(self) -> int:
        return sum(self.minutes.values())

    def of(self, work_class: str) -> int:
        return self.minutes.get(work_class, 0)


def week_by_class(week_of: datetime.date, users=None) -> list[WeekRow]:
    """Every worker's minutes in the week (Monday to Sunday) containing `week_of`, by class of work."""
    monday = week_of - datetime.timedelta(days=week_of.weekday())
    records = TimeRecord.objects.filter(date__gte=monday, date__lte=monday + datetime.timedelta(days=6))
    if users is not None:
        records = records.filter(user__in=users)
    totals: dict[int, dict] = {}
    for row in records.values("user_id", "task__kind__work_class").annotate(total=Sum("minutes")):
        totals.setdefault(row["user_id"], {})[row["task__kind__work_class"]] = row["total"]
    workers = User.objects.in_bulk(list(totals))
    return sorted(
        (WeekRow(workers[pk], minutes) for pk, minutes in totals.items()),
        key=lambda row: (row.worker.last_name, row.worker.first_name, row.worker.username),
    )


def share(part: int, whole: int) -> Decimal | None:
    """Percentage with one decimal place, or None for an empty whole."""
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class MonthShare:
    month: datetime.date
    admin_minutes: int
    total_minutes: int

    @property
    def percent(self) -> Decimal | None:
        return share(self.admin_minutes, self.total_minutes)


@dataclass(frozen=True)
class AdminShare:
    months: list[MonthShare]
    reorganisation: datetime.date | None
    before: Decimal | None
    after: Decimal | None


def admin_share(
    first: datetime.date, last: datetime.date, reorganisation: datetime.date | None = None
) -> AdminShare:
    """Monthly share of social workers' recorded time spent on administrative work, from the month of
    `first` to the month of `last`; with the weighted shares before and after `reorganisation`."""
    start = month_start(first)
    end = month_start(last) + relativedelta(months=1)
    rows = (
        TimeRecord.objects.filter(date__gte=start, date__lt=end, user__in=social_workers().values("pk"))
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(
            total=Sum("minutes"),
            admin=Sum("minutes", filter=Q(task__kind__work_class=enums.WorkClass.ADMINISTRATIVE)),
        )
    )
    found = {row["month"]: (row["admin"] or 0, row["total"]) for row in rows}
    months, month = [], start
    while month < end:
        admin, total = found.get(month, (0, 0))
        months.append(MonthShare(month, admin, total))
        month += relativedelta(months=1)
    before = after = None
    if reorganisation is not None:
        early = [m for m in months if m.month < reorganisation]
        late = [m for m in months if m.month >= reorganisation]
        before = share(sum(m.admin_minutes for m in early), sum(m.total_minutes for m in early))
        after = share(sum(m.admin_minutes for m in late), sum(m.total_minutes for m in late))
    return AdminShare(months, reorganisation, before, after)


def unread_notifications(user):
    return user.notifications.filter(read_at__isnull=True).select_related("task")
