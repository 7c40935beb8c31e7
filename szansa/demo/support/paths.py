"""Demo support path of "Nowa szansa" (Olkusz, 2019): the participants enrolled by the recruitment demo
are activated, diagnosed and given plans (demo_plans), take part in activities through 2019
(demo_activities), three do an internship, everybody leaves in December 2019 (one earlier), and
their outcomes and 3-month follow-ups are recorded, so that the indicators and effectiveness pages
show real figures worked out from those records.

Everything goes through the services. Idempotent: each step skips what is already done (an active
participant, an internship, an exit, an outcome, a follow-up). Deterministic: the rng is seeded and
the participants are taken in a fixed order. Synthetic data, never real.
"""

import datetime
import random
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import transaction

from szansa.demo.people import ensure_demo_accounts
from szansa.demo.recruitment import NOWA_SZANSA
from szansa.domain.projects.models import Project
from szansa.domain.recruitment import enums as recruitment_enums
from szansa.domain.recruitment import services as recruitment_services
from szansa.domain.recruitment.models import ExitSituation, Participant
from szansa.domain.support import enums
from szansa.domain.support.activities.services import activity_create
from szansa.domain.support.internships.services import internship_create
from szansa.domain.support.models import Activity, Internship, Outcome, SupportForm
from szansa.domain.support.outcomes.services import outcome_record

END = datetime.date(2019, 12, 20)
LEFT_EARLY = datetime.date(2019, 10, 31)
INTERNSHIP = (datetime.date(2019, 9, 2), datetime.date(2019, 11, 29))
ACTIVITIES = (datetime.date(2019, 3, 5), datetime.date(2019, 11, 29))
EMPLOYERS = [
    ("Przedsiębiorstwo Handlowe Olkusz sp. z o.o.", "Anna Wrona"),
    ("Zakład Usług Komunalnych w Olkuszu", "Jan Sikora"),
    ("Piekarnia Pod Kasztanem s.c.", "Maria Lis"),
]
K = enums.OutcomeKind
C = enums.ContractType
F = recruitment_enums.FollowUpResult

# What happens to each participant after leaving, by their position in the list (fixed order): kind,
# days after the exit, contract details. Result indicators count up to 28 days, effectiveness 3 months.
OUTCOMES = [
    [(K.EMPLOYMENT, 14, C.EMPLOYMENT_CONTRACT, 6, "1.00"), (K.SOCIAL_PROGRESS, 40)],
    [(K.EMPLOYMENT, 21, C.EMPLOYMENT_CONTRACT, 3, "0.50")],
    [(K.SELF_EMPLOYMENT, 25, C.BUSINESS, 12, None), (K.QUALIFICATION, -21)],
    [(K.EMPLOYMENT, 45, C.CIVIL_LAW, 3, None), (K.JOB_SEEKING, 7), (K.SOCIAL_PROGRESS, 50)],
    [(K.EMPLOYMENT, 10, C.EMPLOYMENT_CONTRACT, 2, "1.00"), (K.QUALIFICATION, -21)],
    [(K.JOB_SEEKING, 5), (K.SOCIAL_PROGRESS, 60)],
    [(K.EDUCATION, 12), (K.SOCIAL_PROGRESS, 35)],
    [(K.QUALIFICATION, -21), (K.SOCIAL_PROGRESS, 70)],
    [(K.SOCIAL_PROGRESS, 80)],
    [(K.JOB_SEEKING, 20)],
    [],
    [],  # the one who left early
]
FOLLOW_UP = {
    K.EMPLOYMENT: F.EMPLOYMENT,
    K.SELF_EMPLOYMENT: F.SELF_EMPLOYMENT,
    K.SOCIAL_PROGRESS: F.SOCIAL_PROGRESS,
}
EVIDENCE = {
    K.EMPLOYMENT: "kopia umowy (zanonimizowana)",
    K.SELF_EMPLOYMENT: "wpis do CEIDG",
    K.JOB_SEEKING: "zaświadczenie z PUP w Olkuszu o rejestracji",
    K.EDUCATION: "zaświadczenie ze szkoły",
    K.QUALIFICATION: "certyfikat po egzaminie zewnętrznym",
    K.SOCIAL_PROGRESS: "opinia psychologa projektu",
}


def _participants(project):
    return list(
        Participant.objects.filter(project=project)
        .main()
        .counted()
        .select_related("person", "project")
        .order_by("start_date", "person__last_name", "pk")
    )


def _activate(actor, participants) -> int:
    done = 0
    for participant in participants:
        if participant.status == recruitment_enums.ParticipantStatus.ENROLLED:
            recruitment_services.participant_activate(actor=actor, participant=participant)
            done += 1
    return done


def _plans_and_activities(users, project, participants, rng_seed: int) -> dict:
    """Diagnoses, plans and contracts (demo_plans, helper "plans": idempotent per participant) and the
    activities with attendance (demo_activities, helper "activities": run once, when the project has no
    activity besides internships yet)."""
    from szansa.demo.support.activities import seed_activities
    from szansa.demo.support.plans import seed_plans

    admin = users["admin"]
    done = {
        "plans": seed_plans(participants, actor=admin, rng=random.Random(f"{rng_seed}-plans-{NOWA_SZANSA}"))
    }
    if Activity.objects.filter(project=project).exclude(form__code="internship").exists():
        done["activities"] = 0
        return done
    made = seed_activities(
        project,
        participants,
        actor=admin,
        specialist=users["specjalista"],
        start=ACTIVITIES[0],
        end=ACTIVITIES[1],
        rng=random.Random(f"{rng_seed}-activities-{NOWA_SZANSA}"),
    )
    done["activities"] = len(made)
    return done


def _internship_activity(actor, project) -> Activity:
    activity = Activity.objects.filter(project=project, form__code="internship").order_by("pk").first()
    if activity is not None:
        return activity
    return activity_create(
        actor=actor,
        project=project,
        form=SupportForm.objects.get(code="internship"),
        title="Staże zawodowe u pracodawców z Olkusza",
        starts_on=INTERNSHIP[0],
        ends_on=INTERNSHIP[1],
    )


def _internships(actor, project, participants) -> int:
    done = 0
    chosen = participants[:3]
    if all(Internship.objects.filter(participant=p).exists() for p in chosen):
        return 0
    activity = _internship_activity(actor, project)
    for participant, (employer, mentor) in zip(chosen, EMPLOYERS, strict=False):
        if Internship.objects.filter(participant=participant).exists():
            continue
        starts, ends = max(INTERNSHIP[0], activity.starts_on), min(INTERNSHIP[1], activity.ends_on)
        internship_create(
            actor=actor,
            activity=activity,
            participant=participant,
            employer=employer,
            mentor=mentor,
            starts_on=starts,
            ends_on=ends,
            position="pracownik pomocniczy",
        )
        done += 1
    return done


def _exits(actor, participants) -> int:
    done = 0
    situations = {s.code: s for s in ExitSituation.objects.all()}
    for index, participant in enumerate(participants):
        if participant.end_date is not None:
            continue
        left_early = index == len(participants) - 1 and len(participants) > 1
        first = OUTCOMES[index][0][0] if index < len(OUTCOMES) and OUTCOMES[index] else None
        recruitment_services.participant_exit(
            actor=actor,
            participant=participant,
            end_date=LEFT_EARLY if left_early else END,
            exit_reason=(
                recruitment_enums.ExitReason.LEFT_EARLY
                if left_early
                else recruitment_enums.ExitReason.COMPLETED
            ),
            completed_path=not left_early,
            exit_situation_1=situations.get(str(first)) or situations.get("other"),
            note="przeprowadzka poza gminę" if left_early else "",
        )
        done += 1
    return done


def _outcomes(actor, participants, rng: random.Random) -> int:
    done = 0
    for index, participant in enumerate(participants):
        participant.refresh_from_db()
        if index >= len(OUTCOMES) or participant.end_date is None or participant.outcomes.exists():
            continue
        for kind, days, *contract in OUTCOMES[index]:
            achieved = participant.end_date + datetime.timedelta(days=days)
            fields = {}
            if contract:
                contract_type, months, fte = contract
                fields = {
                    "contract_type": contract_type,
                    "contract_months": months,
                    "fte": Decimal(fte) if fte else None,
                }
            if kind == K.SOCIAL_PROGRESS:
                fields["confirmed_by"] = rng.choice(
                    ["mgr Ewa Nowak, psycholog", "mgr Piotr Zając, terapeuta"]
                )
            outcome_record(
                actor=actor,
                participant=participant,
                kind=kind,
                achieved_on=achieved,
                evidence=EVIDENCE[kind],
                **fields,
            )
            done += 1
    return done


def _follow_ups(actor, participants) -> int:
    done = 0
    for participant in participants:
        participant.refresh_from_db()
        if participant.end_date is None or participant.follow_up_on is not None:
            continue
        window = participant.end_date + relativedelta(months=3)
        kinds = set(
            Outcome.objects.filter(
                participant=participant, achieved_on__gt=participant.end_date, achieved_on__lte=window
            ).values_list("kind", flat=True)
        )
        result = next(
            (FOLLOW_UP[k] for k in (K.EMPLOYMENT, K.SELF_EMPLOYMENT, K.SOCIAL_PROGRESS) if k in kinds), None
        )
        if result is None:
            result = F.JOB_SEEKING if K.JOB_SEEKING in kinds else F.NONE
        recruitment_services.participant_record_follow_up(
            actor=actor, participant=participant, on=participant.follow_up_due or window, result=result
        )
        done += 1
    return done


@transaction.atomic
def seed_support(rng_seed: int = 1) -> dict:
    """Run the demo support path of "Nowa szansa"; returns what each step did (all zeros the second time)."""
    project = Project.objects.filter(number=NOWA_SZANSA).first()
    if project is None or not _participants(project):
        return {}
    users = ensure_demo_accounts()
    admin = users["admin"]
    rng = random.Random(f"{rng_seed}-support-{NOWA_SZANSA}")
    done = {"activated": _activate(admin, _participants(project))}
    done.update(_plans_and_activities(users, project, _participants(project), rng_seed))
    done["internships"] = _internships(admin, project, _participants(project))
    done["exits"] = _exits(admin, _participants(project))
    participants = _participants(project)
    done["outcomes"] = _outcomes(admin, participants, rng)
    done["follow_ups"] = _follow_ups(admin, participants)
    return done
