"""Demo data for the organisation of work: a year and a half of tasks and time records in Olkusz,
and a few cases in progress.

History (2018-01 .. 2019-06, deterministic from `rng_seed`): before the Olkusz project "Nowa jakość
- nowe możliwości" (July 2018 - June 2019) the team's social worker did much of the office work
herself (about 45 % of her recorded time); from July 2018 the administrative work goes to the clerk's
queue and her share falls to about 15 %. Historical rows are bulk-created (no notifications, no
audit trail of the seeding) with deadlines from `deadlines.due_date`; the cases in progress are
built through the services, dated from the seed's reference date (`seed_demo --reference-date`,
default szansa.demo.people.REFERENCE_DATE; never the real today) so that "my tasks" has something due
on the day the demo shows.

Idempotent: nothing is added when demo work already exists (recognised by DEMO_MARK in notes).
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from auditlog.context import disable_auditlog
from django.db import transaction
from django.utils import timezone

from szansa.demo.people import OLKUSZ, REFERENCE_DATE, ensure_demo_accounts
from szansa.domain.people.models import Person
from szansa.domain.work import enums, selectors, services
from szansa.domain.work.deadlines import add_working_days, due_date, is_working_day
from szansa.domain.work.models import Task, TaskKind, TimeRecord

DEMO_MARK = "[demo]"
HISTORY_FROM = datetime.date(2018, 1, 1)
HISTORY_TO = datetime.date(2019, 6, 30)
REORGANISATION = datetime.date(2018, 7, 1)
ADMIN_SHARE_BEFORE = 0.45
ADMIN_SHARE_AFTER = 0.15
SOCIAL_KINDS = (
    "community_interview",
    "social_contract_review",
    "care_visit",
    "followup_3_months",
    "end_of_stay",
)
ADMIN_KINDS = ("register_request", "payment_order", "office_administration")


@dataclass
class WorkSummary:
    tasks: int = 0
    time_records: int = 0
    cases: int = 0
    admin_share_before: Decimal | None = None
    admin_share_after: Decimal | None = None
    seeded: bool = False


def _summary(seeded: bool) -> WorkSummary:
    share = selectors.admin_share(HISTORY_FROM, HISTORY_TO, reorganisation=REORGANISATION)
    demo_tasks = Task.objects.filter(notes__startswith=DEMO_MARK)
    return WorkSummary(
        tasks=demo_tasks.count(),
        time_records=TimeRecord.objects.filter(task__in=demo_tasks).count(),
        cases=demo_tasks.exclude(case__isnull=True).values("case").distinct().count(),
        admin_share_before=share.before,
        admin_share_after=share.after,
        seeded=seeded,
    )


def _moment(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


class _History:
    def __init__(self, rng: random.Random, users: dict, people: list[Person]):
        self.rng = rng
        self.worker = users["pracownik2"]
        self.clerk = users["referent"]
        self.manager = users["kierownik"]
        self.people = people
        self.kinds = {kind.code: kind for kind in TaskKind.objects.all()}
        self.tasks: list[tuple[Task, list[TimeRecord]]] = []

    def task(self, code: str, monday: datetime.date, person, assignee) -> tuple[Task, list[TimeRecord]]:
        kind = self.kinds[code]
        where = services.route(kind, person=person)
        finished = monday + datetime.timedelta(days=4)
        task = Task(
            kind=kind,
            title=f"{kind.name_pl}: {person.full_name}" if person else f"{kind.name_pl} ({monday:%d.%m.%Y})",
            person=person,
            team_id=where.team_id,
            role=where.role,
            assignee=assignee,
            status=enums.TaskStatus.DONE,
            start_on=monday,
            due_on=due_date(kind, monday),
            completed_at=_moment(finished, 15),
            completed_by=assignee,
            created_by=self.manager,
            notes=f"{DEMO_MARK} {monday:%Y-%m-%d}",
        )
        entry = (task, [])
        self.tasks.append(entry)
        return entry

    def week(self, monday: datetime.date) -> None:
        days = [monday + datetime.timedelta(days=n) for n in range(5)]
        days = [day for day in days if is_working_day(day)]
        if not days:
            return
        before = monday < REORGANISATION
        target = (ADMIN_SHARE_BEFORE if before else ADMIN_SHARE_AFTER) + self.rng.uniform(-0.04, 0.04)
        social = [
            self.task(self.rng.choice(SOCIAL_KINDS), monday, self.rng.choice(self.people), self.worker)
            for _ in range(3)
        ]
        own_admin = [self.task("office_administration", monday, None, self.worker)]
        if before:
            # Before the reorganisation the social worker registers requests and orders payments herself.
            own_admin += [
                self.task(code, monday, self.rng.choice(self.people), self.worker)
                for code in ("register_request", "payment_order")
            ]
        else:
            for code in ("register_request", "payment_order", "payment_order"):
                _, records = self.task(code, monday, self.rng.choice(self.people), self.clerk)
                for day in days:
                    records.append(TimeRecord(user=self.clerk, date=day, minutes=self.rng.randint(40, 90)))
        for day in days:
            total = self.rng.randint(380, 440)
            admin = round(total * target)
            self._spread(own_admin, day, admin)
            self._spread(social, day, total - admin)

    def _spread(self, entries, day: datetime.date, minutes: int) -> None:
        chosen = self.rng.sample(entries, k=min(2, len(entries)))
        first = minutes if len(chosen) == 1 else round(minutes * self.rng.uniform(0.3, 0.7))
        for (_, records), part in zip(chosen, (first, minutes - first), strict=False):
            if part > 0:
                records.append(TimeRecord(user=self.worker, date=day, minutes=part))

    def save(self) -> None:
        with disable_auditlog():
            Task.objects.bulk_create([task for task, _ in self.tasks], batch_size=1000)
            records = []
            for task, task_records in self.tasks:
                for record in task_records:
                    record.task = task
                    records.append(record)
            TimeRecord.objects.bulk_create(records, batch_size=2000)
            # created_at is set on insert; date it to the week the task belongs to.
            for monday in sorted({task.start_on for task, _ in self.tasks}):
                Task.objects.filter(notes=f"{DEMO_MARK} {monday:%Y-%m-%d}").update(
                    created_at=_moment(monday, 8)
                )


def _current_work(users: dict, people: list[Person], today: datetime.date) -> None:
    """Cases at every step and open tasks around today, through the services."""
    worker, clerk, manager = users["pracownik2"], users["referent"], users["kierownik"]

    def back(days: int) -> datetime.date:
        return today - datetime.timedelta(days=days)

    def mark(case):
        Task.objects.filter(case=case).exclude(notes__startswith=DEMO_MARK).update(notes=DEMO_MARK)

    cases = []
    benefits = [
        "zasiłek okresowy",
        "zasiłek celowy",
        "usługi opiekuńcze",
        "zasiłek stały",
        "posiłek w szkole",
    ]
    for index, person in enumerate(people[:5]):
        opened = back(45 - index * 9)
        case = services.case_open(
            actor=clerk,
            person=person,
            benefit=benefits[index],
            opened_on=opened,
            minutes=15,
            urgent=index == 4,
        )
        cases.append(case)
    # 0: delivered, closed after the appeal period; 1: decision issued, not yet delivered; 2: awaiting
    # approval; 3: awaiting the clerk's draft; 4: urgent, interview not yet done (overdue).
    for index, case in enumerate(cases[:4]):
        interview_on = add_working_days(case.opened_on, 5)
        services.case_record_interview(actor=worker, case=case, on=interview_on, minutes=150)
        services.case_propose_support(
            actor=worker, case=case, proposal="Plan pomocy uzgodniony z rodziną.", on=interview_on, minutes=45
        )
        if index == 3:
            continue
        services.case_draft_decision(actor=clerk, case=case, outcome="grant", on=interview_on, minutes=40)
        if index == 2:
            continue
        services.case_approve_decision(actor=manager, case=case, on=interview_on, minutes=10)
        services.case_issue_decision(actor=clerk, case=case, on=interview_on, minutes=15)
        if index == 1:
            continue  # issued, waiting for the delivery receipt
        services.case_record_delivery(
            actor=clerk, case=case, method="in_person", delivered_on=interview_on, today=interview_on
        )
        case.refresh_from_db()
        if case.appeal_deadline < today:
            services.case_close(actor=clerk, case=case, on=case.appeal_deadline + datetime.timedelta(days=1))
    for case in cases:
        mark(case)
    person = people[-1]
    for code, start in (
        ("social_contract_review", back(30)),
        ("care_visit", back(20)),
        ("followup_3_months", today),
    ):
        services.task_create(actor=manager, kind=code, person=person, start_on=start, notes=DEMO_MARK)


@transaction.atomic
def seed_work(rng_seed: int = 1, today: datetime.date | None = None) -> WorkSummary:
    """Seed the work demo once; afterwards return what is there (see the module docstring). `today`
    is the seed's reference date (default REFERENCE_DATE)."""
    if Task.objects.filter(notes__startswith=DEMO_MARK).exists():
        return _summary(seeded=False)
    users = ensure_demo_accounts()
    people = list(Person.objects.filter(responsible_worker__team__name=OLKUSZ.team).order_by("pk")[:60])
    if not people:
        return _summary(seeded=False)
    rng = random.Random(rng_seed)
    history = _History(rng, users, people)
    monday = HISTORY_FROM - datetime.timedelta(days=HISTORY_FROM.weekday())
    while monday <= HISTORY_TO:
        history.week(monday)
        monday += datetime.timedelta(days=7)
    history.save()
    _current_work(users, people, today or REFERENCE_DATE)
    return _summary(seeded=True)
