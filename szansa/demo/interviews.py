"""Demo data for community interviews, in the Andrychów team of the demo account `pracownik`, dated from
the seed's reference date (never the real today):

- a confirmed full interview seven months back, its write-back accepted — so the update reminder gives the
  person a community-interview task of an update;
- a completed interview awaiting confirmation, with a phone number that differs from the registry;
- a draft conducted on the reference date, partly filled in (two revisions);
- an open community-interview task due on the reference date with no interview yet: the field app's download
  of the day starts its draft.

All through the services, as the worker would. Idempotent: nothing is added once any interview exists, or
when no questionnaire is in force on the dates (a reference date before 11 November 2021).
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Exists, OuterRef

from szansa.demo.people import ANDRYCHOW, REFERENCE_DATE, ensure_demo_accounts
from szansa.domain.interviews import selectors, services
from szansa.domain.interviews.enums import InterviewKind
from szansa.domain.interviews.models import Interview
from szansa.domain.people.enums import SituationKind
from szansa.domain.people.models import Person, Situation
from szansa.domain.work import services as work_services
from szansa.lib.errors import ServiceError

NARRATIVE = {
    "I.A.8": "request",
    "I.H.1": "Pomoc w opłaceniu czynszu i zakupie opału na zimę.",
    "I.H.2": "Wsparcie w znalezieniu pracy w pobliżu miejsca zamieszkania.",
    "I.I.1": "Rodzina utrzymuje się z niskich dochodów; zaległości w opłatach za mieszkanie od 3 miesięcy.",
    "I.I.2": "Wskazane wsparcie finansowe i aktywizacja zawodowa osoby bezrobotnej.",
    "I.J.1": "Zasiłek celowy na opał; skierowanie do urzędu pracy; ponowna wizyta za trzy miesiące.",
}


def _supported_people(limit: int) -> list[Person]:
    reason = Situation.objects.filter(person=OuterRef("pk"), kind=SituationKind.ASSISTANCE_REASON)
    return list(
        Person.objects.filter(responsible_worker__team__name=ANDRYCHOW.team)
        .filter(Exists(reason))
        .order_by("pk")[:limit]
    )


def _finish(interview, worker, **answers):
    saved = services.interview_save(
        interview, {**interview.answers, **NARRATIVE, **answers}, interview.revision, worker
    )
    return services.interview_complete(saved, worker)


@transaction.atomic
def seed_interviews(reference: datetime.date | None = None) -> int:
    """Seed the interview demo once (see the module docstring); the number of interviews added."""
    reference = reference or REFERENCE_DATE
    past = reference - relativedelta(months=7)
    if Interview.objects.exists():
        return 0
    try:
        selectors.questionnaire_for(past)
        selectors.questionnaire_for(reference)
    except ServiceError:
        return 0
    people = _supported_people(4)
    if len(people) < 4:
        return 0
    worker = ensure_demo_accounts()["pracownik"]
    old, waiting, drafted, planned = people
    confirmed = _finish(services.interview_start(old, worker, past, InterviewKind.FULL), worker)
    services.interview_confirm(confirmed, worker, [])
    services.update_tasks_create(reference)
    _finish(
        services.interview_start(waiting, worker, reference - datetime.timedelta(days=3), InterviewKind.FULL),
        worker,
        **{"I.A.5": "600 700 800"},
    )
    draft = services.interview_start(drafted, worker, reference, InterviewKind.FULL)
    services.interview_save(draft, {**draft.answers, "I.H.1": NARRATIVE["I.H.1"]}, draft.revision, worker)
    work_services.task_create(
        actor=worker,
        kind=selectors.INTERVIEW_TASK_KIND,
        person=planned,
        start_on=reference - datetime.timedelta(days=20),
    )
    return Interview.objects.count()
