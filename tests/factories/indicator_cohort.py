"""A constructed cohort for the indicator and effectiveness tests, with every figure worked out by hand.

Project S-1 (2019), call thresholds ES 34 %, EZ 22 %. All exits on END = 31.10.2019, so
"4 weeks after leaving" runs to 28.11.2019 (day 28) and the effectiveness window of 90 calendar days to
29.01.2020 (day 90: 30 days of November + 31 of December + 29 of January).

Every main participant is at risk at entry (a PO PŻ food-aid situation in force on the start date) and
inactive at entry (bierny zawodowo), except P2, who was unemployed (registered) at entry.

  who  role / status        age  exit  activation                   outcomes (days after exit)
  Env  environment of P4    40   END   social attended              employment ½ FTE 6 m (10), progress (20)
  Res  resigned before start 40   —     —                            —
  U    main, under 18       17   END   social attended              job seeking (5), qualification (10),
                                                                    employment 1 FTE 6 m (20), progress (40)
  P1   main                 40   END   vocational attended,         employment ½ FTE 3 m (27)
                                       social ABSENT only
  P2   main, unemployed     40   END   internship                   job seeking (3), employment 1 FTE 2 m (28)
  P3   main                 40   END   social + vocational planned  job seeking (29), education (28),
                                                                    progress (01.02.2020: day 93)
  P4   main                 40   END   social attended              job seeking (0: on the exit day),
                                                                    progress (60)
  P5   main, disability     40   —     —                            —
  P6   main, disability     40   —     —                            —
  P7   main, disability,    40   END   social + vocational attended civil-law 3 m (50)
       severe degree

Counted main participants: U, P1-P7 = 8; ended: U, P1, P2, P3, P4, P7 = 6; in progress: P5, P6 = 2.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from szansa.domain.people.enums import DisabilityDegree, SituationKind
from szansa.domain.people.models import Situation
from szansa.domain.projects import enums as project_enums
from szansa.domain.projects import services as project_services
from szansa.domain.projects.models import (
    Call,
    FundingApplication,
    IndicatorDefinition,
    ManagingBody,
    Measure,
    ProjectIndicator,
    TargetGroup,
)
from szansa.domain.recruitment import enums as recruitment_enums
from szansa.domain.recruitment import services as recruitment_services
from szansa.domain.recruitment.models import Participant
from szansa.domain.support import enums
from szansa.domain.support.models import (
    Activity,
    Attendance,
    IndividualPlan,
    Internship,
    Outcome,
    PlannedSupport,
    Session,
    SupportForm,
)
from tests.factories.people import PersonFactory
from tests.factories.projects import staffed_project
from tests.factories.recruitment import with_consent

START = datetime.date(2019, 2, 1)
END = datetime.date(2019, 10, 31)
D = Decimal

TARGETS = {
    "PI9i-P-01": 12,
    "PI9i-P-02": 4,
    "PI9i-R-01": 2,
    "PI9i-R-02": 3,
    "PI9i-R-03": 2,
    "PI9i-R-04": 1,
    "EECR01": 2,
    "EECR02": 1,
    "EECR03": 1,
    "EECR04": 4,
    "EFS-ES": 34,
    "EFS-EZ": 22,
}


def cohort_project(cast, participant_limit=12):
    """S-1, the coordinator and the specialist on its staff: the project the cohort is built on (None: no
    participant limit, for a test that enrols more)."""
    staff = (
        (cast.koordynator, project_enums.StaffRole.COORDINATOR),
        (cast.specjalista, project_enums.StaffRole.SPECIALIST),
    )
    return staffed_project(cast.admin, staff, number="S-1", participant_limit=participant_limit)


def cohort_target_group(cast, project, planned_total=12):
    """The project's 2019 target group "Osoby zagrożone"."""
    return project_services.project_record_save(
        actor=cast.admin,
        record=TargetGroup(project=project, year=2019, name="Osoby zagrożone", planned_total=planned_total),
    )


def link_call(admin, project, social="34.00", employment="22.00"):
    call = project_services.call_save(
        actor=admin,
        call=Call(
            number=f"CALL-{project.number}",
            body=ManagingBody.objects.get(name="Małopolskie Centrum Przedsiębiorczości"),
            measure=Measure.objects.get(programme__code="RPO WM 2014-2020", code="9.1.1"),
            announced_on=datetime.date(2018, 3, 1),
            social_effectiveness_min=D(social),
            employment_effectiveness_min=D(employment),
        ),
    )
    application = project_services.application_save(
        actor=admin,
        application=FundingApplication(
            call=call, title=project.title, applicant=project.beneficiary, requested_amount=D("1000.00")
        ),
    )
    project.application = application
    project.save(update_fields=["application"])
    return call


def add_targets(admin, project, targets=TARGETS):
    for code, target in targets.items():
        project_services.project_record_save(
            actor=admin,
            record=ProjectIndicator(
                project=project, definition=IndicatorDefinition.objects.get(code=code), target=D(target)
            ),
        )


class Builder:
    """Writes the support records of a test cohort straight to the tables (the rules under test are the
    indicators', not the services' that record them)."""

    def __init__(self, cast, project, target_group):
        self.cast, self.project, self.target_group = cast, project, target_group
        self.activities = {}

    def enrol(self, name, *, age=40, start=START, role="main", linked_to=None):
        birth = datetime.date(start.year - age, 1, 1)
        if age < 18:
            birth = datetime.date(start.year - age - 1, start.month + 1, 1)  # 17 on the start day
        person = PersonFactory(responsible_worker=self.cast.pracownik, last_name=name, birth_date=birth)
        with_consent(person)
        return recruitment_services.participant_enrol(
            actor=self.cast.koordynator,
            person=person,
            project=self.project,
            start_date=start,
            target_group=self.target_group if role == "main" else None,
            role=role,
            linked_to=linked_to,
        )

    def exit(self, participant, end=END):
        recruitment_services.participant_activate(actor=self.cast.koordynator, participant=participant)
        return recruitment_services.participant_exit(
            actor=self.cast.koordynator,
            participant=participant,
            end_date=end,
            exit_reason=recruitment_enums.ExitReason.COMPLETED,
            completed_path=True,
        )

    def activity(self, code):
        if code not in self.activities:
            form = SupportForm.objects.get(code=code)
            activity = Activity.objects.create(
                project=self.project,
                form=form,
                title=form.name_pl,
                starts_on=START,
                ends_on=END,
                min_attendance=form.min_attendance,
            )
            start = timezone.make_aware(datetime.datetime(2019, 3, 4, 10))
            session = Session.objects.create(
                activity=activity, starts_at=start, ends_at=start + datetime.timedelta(hours=2)
            )
            self.activities[code] = (activity, session)
        return self.activities[code]

    def attend(self, participant, code, status=enums.AttendanceStatus.PRESENT):
        _, session = self.activity(code)
        Attendance.objects.create(
            session=session, participant=participant, status=status, recorded_by=self.cast.koordynator
        )

    def plan(self, participant, *codes):
        plan = IndividualPlan.objects.create(
            participant=participant, drawn_up_on=START, drawn_up_by=self.cast.koordynator
        )
        for code in codes:
            PlannedSupport.objects.create(
                plan=plan,
                form=SupportForm.objects.get(code=code),
                hours=D("10"),
                starts_on=START,
                ends_on=END,
            )

    def internship(self, participant):
        activity, _ = self.activity("internship")
        Internship.objects.create(
            activity=activity,
            participant=participant,
            employer="Firma",
            mentor="Opiekun",
            starts_on=datetime.date(2019, 6, 1),
            ends_on=datetime.date(2019, 8, 31),
        )

    def outcome(self, participant, kind, days=None, on=None, **fields):
        on = on or participant.end_date + datetime.timedelta(days=days)
        if kind == enums.OutcomeKind.SOCIAL_PROGRESS:
            fields.setdefault("confirmed_by", "psycholog")
        return Outcome.objects.create(
            participant=participant,
            kind=kind,
            achieved_on=on,
            evidence=f"dokument {participant.person.last_name} {kind}",
            recorded_by=self.cast.koordynator,
            **fields,
        )

    def employment(self, participant, days, fte, months, contract=enums.ContractType.EMPLOYMENT_CONTRACT):
        return self.outcome(
            participant,
            enums.OutcomeKind.EMPLOYMENT,
            days,
            contract_type=contract,
            contract_months=months,
            fte=D(fte) if fte else None,
        )


def build_cohort(cast, project, target_group) -> dict[str, Participant]:
    b = Builder(cast, project, target_group)
    k = enums.OutcomeKind
    people = {}
    for name in ("P1", "P2", "P3", "P4", "P5", "P6", "P7"):
        people[name] = b.enrol(name)
    people["U"] = b.enrol("U", age=17)
    people["Env"] = b.enrol("Env", role="environment", linked_to=people["P4"])
    people["Res"] = b.enrol("Res", start=datetime.date(2019, 3, 1))
    recruitment_services.participant_resign_before_start(
        actor=cast.koordynator, participant=people["Res"], on=datetime.date(2019, 2, 15)
    )
    for name in ("U", "P1", "P2", "P3", "P4", "P7", "Env"):
        people[name] = b.exit(people[name])
    for name in ("P5", "P6"):
        recruitment_services.participant_activate(actor=cast.koordynator, participant=people[name])
    Participant.objects.filter(pk__in=[people[n].pk for n in ("P5", "P6", "P7")]).update(disability=True)
    main = ("U", "P1", "P2", "P3", "P4", "P5", "P6", "P7")
    Participant.objects.filter(pk__in=[people[n].pk for n in main]).update(
        labour_status=recruitment_enums.LabourStatus.INACTIVE
    )
    Participant.objects.filter(pk=people["P2"].pk).update(
        labour_status=recruitment_enums.LabourStatus.REGISTERED_UNEMPLOYED
    )
    for name in main:
        people[name].refresh_from_db()
        at_risk(people[name])
    Situation.objects.create(
        person=people["P7"].person,
        kind=SituationKind.DISABILITY,
        disability_degree=DisabilityDegree.SEVERE,
        valid_from=datetime.date(2015, 1, 1),
    )
    # P5 has a severe disability too, but is still in progress: not in any effectiveness denominator.
    Situation.objects.create(
        person=people["P5"].person,
        kind=SituationKind.DISABILITY,
        disability_degree=DisabilityDegree.SEVERE,
        valid_from=datetime.date(2015, 1, 1),
    )

    b.attend(people["Env"], "social_competence_training")
    b.employment(people["Env"], 10, "0.5", 6)
    b.outcome(people["Env"], k.SOCIAL_PROGRESS, 20)

    b.attend(people["U"], "social_competence_training")
    b.outcome(people["U"], k.JOB_SEEKING, 5)
    b.outcome(people["U"], k.QUALIFICATION, 10)
    b.employment(people["U"], 20, "1.0", 6)
    b.outcome(people["U"], k.SOCIAL_PROGRESS, 40)

    b.attend(people["P1"], "vocational_training")
    b.attend(people["P1"], "social_competence_training", enums.AttendanceStatus.ABSENT)
    b.employment(people["P1"], 27, "0.5", 3)

    b.internship(people["P2"])
    b.outcome(people["P2"], k.JOB_SEEKING, 3)
    b.employment(people["P2"], 28, "1.0", 2)

    b.plan(people["P3"], "psychological_counselling", "career_counselling")
    b.outcome(people["P3"], k.JOB_SEEKING, 29)
    b.outcome(people["P3"], k.EDUCATION, 28)
    b.outcome(people["P3"], k.SOCIAL_PROGRESS, on=datetime.date(2020, 2, 1))  # 31.01.2020 + 1 day

    b.attend(people["P4"], "social_competence_training")
    b.outcome(people["P4"], k.JOB_SEEKING, 0)
    b.outcome(people["P4"], k.SOCIAL_PROGRESS, 60)

    b.attend(people["P7"], "social_competence_training")
    b.attend(people["P7"], "vocational_training")
    b.employment(people["P7"], 50, None, 3, contract=enums.ContractType.CIVIL_LAW)
    return people


def at_risk(participant, since=datetime.date(2015, 1, 1)):
    """Makes the person at risk of poverty or social exclusion from `since` (a PO PŻ food-aid situation,
    a reason of docs/at-risk.md)."""
    return Situation.objects.create(person=participant.person, kind=SituationKind.FOOD_AID, valid_from=since)


def names(participants) -> set[str]:
    return {p.person.last_name for p in participants}
