"""Demo support paths: each given participant gets a diagnosis (some a re-diagnosis), an individual plan
(some revised) and a social contract, all through szansa.domain.support.plans, so the demo shows what a
worker would have entered. Deterministic for a given random.Random; a participant who already has a
diagnosis is left alone (idempotent)."""

import datetime

from django.contrib.auth import get_user_model

from szansa.domain.accounts.enums import Role
from szansa.domain.support import enums
from szansa.domain.support.models import Diagnosis, SocialContract, SupportForm
from szansa.domain.support.plans import rules as plan_rules
from szansa.domain.support.plans import services as plan_services

SOCIAL_FORMS = ["psychological_counselling", "social_work", "financial_counselling", "life_skills_training"]
VOCATIONAL_FORMS = ["career_counselling", "job_coaching", "vocational_training", "general_course"]
GOALS = [
    ("Podjęcie zatrudnienia lub stażu", "umowa o pracę lub umowa stażowa"),
    ("Zdobycie kwalifikacji zawodowych", "certyfikat ukończenia kursu"),
    ("Wzmocnienie kompetencji społecznych", "ocena specjalisty w re-diagnozie"),
    ("Uregulowanie zadłużenia czynszowego", "porozumienie ze spółdzielnią"),
]


def _users_with(role):
    return list(get_user_model().objects.filter(is_active=True, groups__name=role).order_by("pk"))


def _day(start: datetime.date, end: datetime.date, fraction: float) -> datetime.date:
    return start + datetime.timedelta(days=int((end - start).days * fraction))


def _areas(rng, better=None):
    levels = better or {area: rng.randint(1, 3) for area in rng.sample(enums.DiagnosisArea.values, 4)}
    return [
        {"area": area, "need_level": level, "finding": "Opis sytuacji (dane syntetyczne).", "strengths": ""}
        for area, level in levels.items()
    ]


def _supports(rng, start, end, specialist):
    chosen = [rng.choice(SOCIAL_FORMS), rng.choice(VOCATIONAL_FORMS)]
    forms = {form.code: form for form in SupportForm.objects.filter(code__in=chosen)}
    return [
        {
            "form": forms[code],
            "hours": rng.choice([6, 10, 20, 40, 60]),
            "specialist": specialist if forms[code].delivery == enums.Delivery.INDIVIDUAL else None,
            "starts_on": start,
            "ends_on": end,
        }
        for code in chosen
        if code in forms
    ]


def seed_plans(participants, *, actor, rng) -> int:
    """Give each participant a path; returns how many were seeded."""
    specialists = _users_with(Role.SPECIALIST)
    workers = _users_with(Role.SOCIAL_WORKER)
    seeded = 0
    for participant in participants:
        if Diagnosis.objects.filter(participant=participant).exists():
            continue
        start, end = plan_rules.participation_period(participant)
        if (end - start).days < 30:
            continue
        specialist = rng.choice(specialists) if specialists else None
        first = plan_services.diagnosis_create(
            actor=actor,
            participant=participant,
            made_on=_day(start, end, 0.02),
            summary="Diagnoza wstępna potrzeb i potencjału (dane syntetyczne).",
            areas=_areas(rng),
        )
        goals = [
            {"description": text, "measure": measure, "target_date": _day(start, end, 0.9)}
            for text, measure in rng.sample(GOALS, 2)
        ]
        plan = plan_services.plan_create(
            actor=actor,
            participant=participant,
            drawn_up_on=_day(start, end, 0.04),
            diagnosis=first,
            goals=goals,
            supports=_supports(rng, _day(start, end, 0.05), _day(start, end, 0.85), specialist),
        )
        plan_services.plan_accept(
            actor=actor, plan=plan, by_participant_on=plan.drawn_up_on, by_worker_on=plan.drawn_up_on
        )
        if rng.random() < 0.4:
            on = _day(start, end, 0.4)
            plan_services.plan_revise(
                actor=actor,
                plan=plan,
                reason=rng.choice(
                    ["Zmiana sytuacji zdrowotnej", "Podjęcie pracy dorywczej", "Potrzeba kursu"]
                ),
                on=on,
                goals=goals,
                supports=_supports(rng, on, _day(start, end, 0.85), specialist),
            )
        if rng.random() < 0.5:
            before = {row.area: row.need_level for row in first.areas.all()}
            plan_services.diagnosis_create(
                actor=actor,
                participant=participant,
                made_on=_day(start, end, 0.8),
                kind=enums.DiagnosisKind.REDIAGNOSIS,
                summary="Re-diagnoza (dane syntetyczne).",
                areas=_areas(
                    rng, {area: max(level - rng.randint(0, 2), 0) for area, level in before.items()}
                ),
            )
        worker = participant.person.responsible_worker
        if worker is None or Role.SOCIAL_WORKER not in worker.roles:
            worker = rng.choice(workers) if workers else None
        number = f"KS/{start.year}/P{participant.pk}"
        if worker is not None and not SocialContract.objects.filter(number=number).exists():
            plan_services.contract_conclude(
                actor=actor,
                person=participant.person,
                participant=participant,
                number=number,
                variant=rng.choice(
                    [enums.ContractVariant.A, enums.ContractVariant.B, enums.ContractVariant.B]
                ),
                worker=worker,
                concluded_on=_day(start, end, 0.03),
                starts_on=_day(start, end, 0.03),
                ends_on=end,
                goals="\n".join(goal["description"] for goal in goals),
                client_obligations="Udział w zaplanowanych zajęciach\nInformowanie o zmianie sytuacji",
                centre_obligations="Organizacja i sfinansowanie wsparcia\nPomoc pracownika socjalnego",
                schedule="Diagnoza i plan\nRealizacja wsparcia\nOcena kontraktu",
            )
        seeded += 1
    return seeded
