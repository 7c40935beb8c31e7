"""The worked examples of docs/indicators.md, one small cohort each, with the expected figures worked out
by hand in the comments: inactive vs unemployed at entry (PI9i-R-01, EECR01), the effectiveness window of
90 calendar days (day 89 / 90 / 91), starting education as social progress, the at-risk output, the
second effectiveness group (intellectual / multiple disabilities of a lower degree) with the call's
thresholds, 29 February and the under-18 exclusion, overlapping unemployment spells (EECO03), a future
starter, and the drill-down's reasons."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from szansa.domain.people.enums import DisabilityCause, DisabilityDegree, LabourMarketStatus, SituationKind
from szansa.domain.people.models import Situation
from szansa.domain.projects import services as project_services
from szansa.domain.projects.enums import StaffRole
from szansa.domain.projects.models import Measure, ProjectStaff, TargetGroup
from szansa.domain.recruitment import enums as recruitment_enums
from szansa.domain.recruitment import services as recruitment_services
from szansa.domain.recruitment.models import Participant
from szansa.domain.support import enums
from szansa.domain.support.indicators import effectiveness as indicator_effectiveness
from szansa.domain.support.indicators import figures as indicator_figures
from szansa.domain.support.indicators import selectors as indicator_selectors
from szansa.domain.support.indicators.cohort import load_cohort
from tests.factories.indicator_cohort import END, Builder, at_risk, link_call, names
from tests.factories.people import PersonFactory
from tests.factories.projects import make_project
from tests.factories.recruitment import with_consent

pytestmark = pytest.mark.django_db
D = Decimal
K = enums.OutcomeKind
INACTIVE = recruitment_enums.LabourStatus.INACTIVE
UNEMPLOYED = recruitment_enums.LabourStatus.REGISTERED_UNEMPLOYED


@pytest.fixture(autouse=True)
def english():
    """The reasons are asserted in English (the source texts); the pages speak Polish by default."""
    with translation.override("en"):
        yield


@pytest.fixture
def b(cast, project, target_group):
    return Builder(cast, project, target_group)


def entry(participant, labour_status=INACTIVE, **fields):
    """Sets the participant data at entry (what the coordinator confirms on the card, saved as
    recruitment.services.participant_update saves it)."""
    participant.refresh_from_db()
    for name, field_value in {"labour_status": labour_status, **fields}.items():
        setattr(participant, name, field_value)
    participant.save()
    participant.refresh_from_db()
    return participant


def staffed(cast, project):
    """The coordinator on the project's staff (as the conftest's project S-1)."""
    project_services.project_record_save(
        actor=cast.admin,
        record=ProjectStaff(
            project=project, user=cast.koordynator, role=StaffRole.COORDINATOR, valid_from=project.start
        ),
    )
    return project


def value(project, code, today=None):
    """The indicator explained person by person; its figures counted in the database must be the same."""
    explained = indicator_selectors.compute(code, load_cohort(project, today))
    [counted] = indicator_figures.figures(project, [code], today).values()
    assert (counted.value, counted.forecast, counted.women, counted.men) == (
        explained.value,
        explained.forecast,
        explained.women,
        explained.men,
    ), code
    return explained


# --- PI9i-R-01 / EECR01: inactive at entry -------------------------------------------------------------


def test_job_seeking_after_leaving_counts_only_those_inactive_at_entry(cast, project, b):
    # docs/indicators.md, worked example "Job seeking": three adults at risk, all left on 31.10.2019 and
    # all registered as job-seekers on day 5 (05.11.2019, within the 4 weeks):
    #   A inactive at entry      -> counts
    #   B unemployed at entry    -> does not count (already a job-seeker at entry)
    #   C employed at entry      -> does not count
    # PI9i-R-01 = 1 (A), EECR01 = 1 (A); the population of both is {A}.
    people = {}
    for name, status in (("A", INACTIVE), ("B", UNEMPLOYED), ("C", recruitment_enums.LabourStatus.EMPLOYED)):
        people[name] = entry(b.exit(b.enrol(name)), status)
        at_risk(people[name])
        b.outcome(people[name], K.JOB_SEEKING, 5)
    for code in ("PI9i-R-01", "EECR01"):
        result = value(project, code)
        assert names(result.participants) == {"A"}, code
        assert result.value == D(1)
    value_, rows = indicator_selectors.indicator_drilldown(project, "PI9i-R-01")
    why = {row.participant.person.last_name: row for row in rows}
    assert why["A"].counts and "day 5 after leaving" in why["A"].reason
    assert not why["B"].counts and "not inactive at entry" in why["B"].reason
    assert not why["C"].counts and "not inactive at entry" in why["C"].reason


# --- the effectiveness window: at least 90 calendar days --------------------------------------------


def test_employment_on_day_89_and_90_counts_day_91_does_not(cast, project, b):
    # Worked example "Effectiveness window": four at-risk participants left on 31.10.2019 after a
    # vocational training; each took a full-time job for 6 months:
    #   D89 on 28.01.2020 (day 89), D90 on 29.01.2020 (day 90), D91 on 30.01.2020 (day 91),
    #   D0 on 31.10.2019 (day 0, the end date itself).
    # Day 1 is 01.11.2019: 30 days of November + 31 of December = 61 -> 29.01.2020 is day 90.
    # EZ = {D89, D90} / 4 = 50 %.
    for name, day in (("D89", 89), ("D90", 90), ("D91", 91), ("D0", 0)):
        participant = b.exit(b.enrol(name))
        at_risk(participant)
        b.attend(participant, "vocational_training")
        b.employment(participant, day, "1.0", 6)
    link_call(cast.admin, project)
    ratio = indicator_effectiveness.project_effectiveness(project).employment
    assert names(ratio.denominator) == {"D89", "D90", "D91", "D0"}
    assert names(c.participant for c in ratio.numerator) == {"D89", "D90"}
    assert [o.achieved_on for c in ratio.numerator for o in c.evidence] == [
        datetime.date(2020, 1, 28),
        datetime.date(2020, 1, 29),
    ]
    assert ratio.percent == D("50.0")
    by_name = {p.person.last_name: p.pk for p in ratio.denominator}
    assert "outside the 90 days" in ratio.reasons[by_name["D91"]]
    assert "day 91" in ratio.reasons[by_name["D91"]]


# --- social progress: starting education first -------------------------------------------------------


def test_starting_education_counts_as_social_progress_without_a_generic_progress(cast, project, b):
    # Worked example "Social progress": four at-risk participants with social activation, left 31.10.2019:
    #   E  started education on day 30 (no "social progress" recorded)           -> counts (education)
    #   V  volunteering confirmed by a psychologist on day 45                    -> counts
    #   Q  gained a qualification on day 10 (not a form of social progress)    -> does not count
    #   L  started education on day 95 (after the 90 days)                      -> does not count
    # ES = 2 / 4 = 50 %.
    for name in ("E", "V", "Q", "L"):
        participant = b.exit(b.enrol(name))
        at_risk(participant)
        b.attend(participant, "social_competence_training")
    people = {p.person.last_name: p for p in Participant.objects.filter(project=project)}
    b.outcome(people["E"], K.EDUCATION, 30)
    b.outcome(people["V"], K.SOCIAL_PROGRESS, 45, progress_form=enums.SocialProgressForm.VOLUNTEERING)
    b.outcome(people["Q"], K.QUALIFICATION, 10)
    b.outcome(people["L"], K.EDUCATION, 95)
    ratio = indicator_effectiveness.project_effectiveness(project).social
    assert names(c.participant for c in ratio.numerator) == {"E", "V"}
    assert ratio.percent == D("50.0")
    assert "starting education" in ratio.reasons[people["E"].pk]
    assert "taking up voluntary work" in ratio.reasons[people["V"].pk]
    assert "day 95" in ratio.reasons[people["L"].pk]


# --- the at-risk output and the second effectiveness group -------------------------------------------


def test_the_at_risk_output_counts_only_those_at_risk_at_entry(cast, project, b):
    # Worked example "At-risk output": R1 uses PO PŻ since 2015 (at risk), R2 declared homeless in the
    # participant data, N has no reason at all, R3's only reason starts after the start date.
    # PI9i-P-01 = 2 (R1, R2); N and R3 are listed with the reason.
    r1, r2, n, r3 = (b.enrol(name) for name in ("R1", "R2", "N", "R3"))
    at_risk(r1)
    entry(r2, homeless=True)
    at_risk(r3, since=datetime.date(2019, 6, 1))  # after the start on 01.02.2019
    result = value(project, "PI9i-P-01")
    assert names(result.participants) == {"R1", "R2"}
    assert result.value == D(2)
    _, rows = indicator_selectors.indicator_drilldown(project, "PI9i-P-01")
    why = {row.participant.person.last_name: row.reason for row in rows}
    assert why["N"].startswith("not at risk of poverty or social exclusion at entry")
    assert why["R3"].startswith("not at risk of poverty or social exclusion at entry")
    assert "PO PŻ" in why["R1"]


def test_intellectual_or_multiple_disabilities_of_a_lower_degree_are_in_the_second_group(cast, project, b):
    # Worked example "Severe disability group": all left on 31.10.2019 after vocational training.
    #   S   severe degree (any cause)                          -> second group
    #   I   moderate degree, cause 01-U (intellectual)         -> second group
    #   M   mild degree, causes 05-R and 04-O (multiple)       -> second group
    #   O   moderate degree, one cause 05-R                    -> at-risk group
    # I took a ½-time job for 3 months on day 20; nobody else works.
    # Second group EZ = 1 / 3 = 33.3 % against the call's own threshold of 30 % -> met;
    # at-risk group EZ = 0 / 1.
    def disability(participant, degree, causes):
        Situation.objects.create(
            person=participant.person,
            kind=SituationKind.DISABILITY,
            disability_degree=degree,
            disability_causes=causes,
            valid_from=datetime.date(2015, 1, 1),
        )

    for name, degree, causes in (
        ("S", DisabilityDegree.SEVERE, [DisabilityCause.MOTOR]),
        ("I", DisabilityDegree.MODERATE, [DisabilityCause.INTELLECTUAL]),
        ("M", DisabilityDegree.MILD, [DisabilityCause.MOTOR, DisabilityCause.SIGHT]),
        ("O", DisabilityDegree.MODERATE, [DisabilityCause.MOTOR]),
    ):
        participant = b.exit(b.enrol(name))
        disability(participant, degree, causes)
        b.attend(participant, "vocational_training")
        if name == "I":
            b.employment(participant, 20, "0.5", 3)
    call = link_call(cast.admin, project)
    call.severe_employment_effectiveness_min = D("30.00")
    call.save()
    cohort = load_cohort(project)
    groups = {p.person.last_name: p.disability_group for p in cohort.participants}
    assert groups == {"S": "severe", "I": "intellectual", "M": "multiple", "O": ""}
    result = indicator_effectiveness.compute_effectiveness(cohort)
    severe = result.employment_severe
    assert names(severe.denominator) == {"S", "I", "M"}
    assert (severe.percent, severe.threshold, severe.met) == (D("33.3"), D("30.00"), True)
    assert names(result.employment.denominator) == {"O"}  # O is at risk by the disability itself
    # Without the call's own value the guideline's 12 % applies.
    call.severe_employment_effectiveness_min = None
    call.save()
    assert indicator_effectiveness.compute_effectiveness(
        load_cohort(project)
    ).employment_severe.threshold == D("12.00")


# --- 29 February and the under-18 exclusion ------------------------------------------------------------


def test_a_person_born_on_29_february_is_18_on_28_february_of_a_common_year(cast):
    # Worked example "Age": born 29.02.2004, starts on 28.02.2022 (a common year). Civil Code art. 112:
    # the year of life ends on the last day of February and the age is reached at its beginning -> 18
    # at entry, so PI9i-R-02 (18 or older) counts her job on day 3 after leaving. A twin starting on
    # 27.02.2022 is 17 and is left out. PI9i-R-02 = 1.
    project = staffed(
        cast,
        make_project(
            cast.admin, number="S-29", start=datetime.date(2022, 1, 1), end=datetime.date(2022, 12, 31)
        ),
    )
    group = project_services.project_record_save(
        actor=cast.admin, record=TargetGroup(project=project, year=2022, name="Grupa", planned_total=5)
    )
    b = Builder(cast, project, group)
    people = {}
    for name, start in (("Leap", datetime.date(2022, 2, 28)), ("Twin", datetime.date(2022, 2, 27))):
        person = PersonFactory(
            responsible_worker=cast.pracownik, last_name=name, birth_date=datetime.date(2004, 2, 29)
        )
        with_consent(person)
        participant = recruitment_services.participant_enrol(
            actor=cast.koordynator, person=person, project=project, start_date=start, target_group=group
        )
        participant = b.exit(participant, end=datetime.date(2022, 6, 30))
        at_risk(participant)
        b.employment(participant, 3, "1.0", 6)
        people[name] = participant
    assert (people["Leap"].age_at_start, people["Twin"].age_at_start) == (18, 17)
    result = value(project, "PI9i-R-02")
    assert names(result.participants) == {"Leap"}
    _, rows = indicator_selectors.indicator_drilldown(project, "PI9i-R-02")
    [twin] = [r for r in rows if r.participant.pk == people["Twin"].pk]
    assert "under 18 at entry (aged 17" in twin.reason


# --- 2021-2027: EECO outputs, overlapping spells, a future starter -------------------------------------


@pytest.fixture
def project_2021(cast):
    project = make_project(
        cast.admin,
        number="FEM-1",
        measure=Measure.objects.get(programme__code="FEM 2021-2027", code="6.11"),
        start=datetime.date(2024, 1, 1),
        end=datetime.date(2025, 12, 31),
    )
    staffed(cast, project)
    group = project_services.project_record_save(
        actor=cast.admin, record=TargetGroup(project=project, year=2024, name="Grupa", planned_total=10)
    )
    return project, group


def test_eeco_outputs_of_a_2021_2027_project(cast, project_2021):
    # Worked example "EECO": a 2021–2027 project, today 01.06.2024.
    #   LT  aged 40, registry: unemployed (registered) from 01.01.2022 with no end, and a newer closed
    #       record "unemployed, not registered" 01.03.2023–31.03.2023 inside it; starts 01.03.2024.
    #       Joined spell from 01.01.2022 -> more than 12 months on 01.03.2024 -> long-term unemployed.
    #   Y   aged 20, inactive, ISCED 3, DEGURBA 3 (rural); starts 01.03.2024.
    #   F   aged 60, employed; starts 01.09.2024 (a future starter: counted only in the forecast).
    # EECO01 = 2 (LT, Y; forecast 3), EECO02 = 1 (LT), EECO03 = 1 (LT), EECO04 = 1 (Y), EECO05 = 0
    # (F has not started; forecast 1), EECO07 = 1 (Y, 18–29), EECO08 = 0 (F not started), EECO10 = 1 (Y),
    # EECO17 = 1 (Y).
    project, group = project_2021
    b = Builder(cast, project, group)
    lt_person = PersonFactory(
        responsible_worker=cast.pracownik, last_name="LT", birth_date=datetime.date(1984, 1, 1)
    )
    Situation.objects.create(
        person=lt_person,
        kind=SituationKind.LABOUR_MARKET,
        labour_status=LabourMarketStatus.REGISTERED_UNEMPLOYED,
        valid_from=datetime.date(2022, 1, 1),
    )
    Situation.objects.create(
        person=lt_person,
        kind=SituationKind.LABOUR_MARKET,
        labour_status=LabourMarketStatus.UNREGISTERED_UNEMPLOYED,
        valid_from=datetime.date(2023, 3, 1),
        valid_to=datetime.date(2023, 3, 31),
    )
    with_consent(lt_person)
    lt = recruitment_services.participant_enrol(
        actor=cast.koordynator,
        person=lt_person,
        project=project,
        start_date=datetime.date(2024, 3, 1),
        target_group=group,
    )
    assert (lt.labour_status, lt.labour_substatus) == (
        recruitment_enums.LabourStatus.REGISTERED_UNEMPLOYED,
        recruitment_enums.LabourSubstatus.LONG_TERM_UNEMPLOYED,
    )
    y = entry(b.enrol("Y", age=20, start=datetime.date(2024, 3, 1)), INACTIVE, education="3", degurba="3")
    entry(b.enrol("F", age=60, start=datetime.date(2024, 9, 1)), recruitment_enums.LabourStatus.EMPLOYED)
    values = {v.code: v for v in indicator_selectors.eeco_values(project, today=datetime.date(2024, 6, 1))}
    assert len(values) == 17
    expected = {
        "EECO01": (2, 3),
        "EECO02": (1, 1),
        "EECO03": (1, 1),
        "EECO04": (1, 1),
        "EECO05": (0, 1),
        "EECO06": (0, 0),
        "EECO07": (1, 1),
        "EECO08": (0, 1),
        "EECO09": (0, 0),
        "EECO10": (1, 1),
        "EECO17": (1, 1),
    }
    for code, (achieved, forecast) in expected.items():
        assert (values[code].value, values[code].forecast) == (D(achieved), D(forecast)), code
    # The same figures counted in the database (the indicators page and the API read these).
    counted = indicator_figures.eeco_figures(project, today=datetime.date(2024, 6, 1))
    assert [(f.code, f.value, f.forecast, f.women, f.men) for f in counted] == [
        (v.code, v.value, v.forecast, v.women, v.men) for v in values.values()
    ]
    assert names(values["EECO03"].participants) == {"LT"}
    assert y.age_at_start == 20
    _, rows = indicator_selectors.indicator_drilldown(project, "EECO01", today=datetime.date(2024, 6, 1))
    [future] = [r for r in rows if r.participant.person.last_name == "F"]
    assert not future.counts and "has not started yet (starts on 01.09.2024)" in future.reason


def test_a_2014_2020_project_has_no_eeco_section(cast, project, b):
    b.enrol("A")
    assert indicator_selectors.eeco_values(project) == []
    assert indicator_figures.eeco_figures(project) == []


def test_the_window_follows_the_end_date_not_the_calendar_month(cast, project, b):
    # The factory's exit is END = 31.10.2019: 90 days end on 29.01.2020, while three calendar months would
    # end on 31.01.2020. An outcome on 31.01.2020 (day 92) no longer counts.
    participant = b.exit(b.enrol("W"))
    at_risk(participant)
    b.attend(participant, "vocational_training")
    b.employment(participant, (datetime.date(2020, 1, 31) - END).days, "1.0", 6)
    ratio = indicator_effectiveness.project_effectiveness(project).employment
    assert (len(ratio.numerator), len(ratio.denominator)) == (0, 1)
