"""Indicator figures counted in the database (szansa.domain.support.indicators.figures) against the rules
explained participant by participant (selectors.compute over the cohort), on the hand-built cohort of
tests/factories/indicator_cohort.py, whose figures are worked out in tests/support/test_indicators.py."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from szansa.domain.people.enums import Sex, SituationKind
from szansa.domain.people.models import Situation
from szansa.domain.support.indicators import figures as indicator_figures
from szansa.domain.support.indicators import selectors as indicator_selectors
from szansa.domain.support.indicators.cohort import load_cohort
from szansa.domain.support.indicators.rules import RULES
from tests.factories import PersonFactory
from tests.factories.indicator_cohort import Builder, add_targets, at_risk, link_call

pytestmark = pytest.mark.django_db
D = Decimal


def test_every_rule_counted_in_the_database_equals_the_rule_explained_person_by_person(project, cohort):
    loaded = load_cohort(project)
    found = indicator_figures.figures(project, list(RULES))
    assert set(found) == set(RULES)
    for code in RULES:
        explained = indicator_selectors.compute(code, loaded)
        figure = found[code]
        assert (figure.value, figure.forecast, figure.women, figure.men) == (
            explained.value,
            explained.forecast,
            explained.women,
            explained.men,
        ), code
        assert figure.count == len(explained.counted), code
        assert figure.exact == explained.exact, code


def test_the_worked_figures_from_the_database(project, cohort):
    # The worked example of tests/factories/indicator_cohort.py: PI9i-P-01 = the 8 main participants who
    # started, all at risk at entry; PI9i-R-02 = P1 and P2 (working up to day 28, adults) = 2 of the 5
    # adults who left (P1-P4, P7), forecast 2 + 2/5 × 2 adults still in progress (P5, P6) = 2.8.
    values = {figure.code: figure for figure in indicator_figures.project_figures(project)}
    assert values["PI9i-P-01"].value == D(8)
    assert values["PI9i-R-02"].value == D(2)
    assert values["PI9i-R-02"].forecast == D("2.8")
    progress = {row.indicator.definition.code: row for row in indicator_figures.indicator_progress(project)}
    assert progress["PI9i-P-01"].percent_achieved == D("66.67")  # 8 of a target of 12


def _queries(callable_):
    """The SELECTs the call sends (the SET LOCAL that turns PostgreSQL's JIT off, and the savepoint
    around it, are not reads)."""
    with CaptureQueriesContext(connection) as context:
        callable_()
    return sum(1 for query in context.captured_queries if query["sql"].lstrip().upper().startswith("SELECT"))


def test_the_figures_cost_the_same_queries_for_3_and_for_30_participants(cast, project, target_group):
    # Room for 30 (the fixture's project and group plan 12).
    type(project).objects.filter(pk=project.pk).update(participant_limit=None)
    type(target_group).objects.filter(pk=target_group.pk).update(planned_total=30)
    project.refresh_from_db()
    target_group.refresh_from_db()
    link_call(cast.admin, project)
    add_targets(cast.admin, project)
    builder = Builder(cast, project, target_group)
    for n in range(3):
        at_risk(builder.exit(builder.enrol(f"A{n}")))
    small = _queries(lambda: indicator_figures.project_figures(project))
    for n in range(27):
        participant = builder.enrol(f"B{n}")
        at_risk(participant)
        if n % 3 == 0:
            builder.exit(participant)
    large = _queries(lambda: indicator_figures.project_figures(project))
    # The indicators (1), the kept copy (1, stale: each enrolment marked it so) and the one aggregate (1),
    # whatever the number of participants; read again, the kept copy serves.
    assert small == large == 3
    assert _queries(lambda: indicator_figures.project_figures(project)) == 2
    figures = {f.code: f for f in indicator_figures.project_figures(project)}
    assert figures["PI9i-P-01"].value == D(30)  # 3 + 27 started on START, all at risk at entry


def test_the_drill_down_counts_in_the_database_whom_the_rule_explains_as_counted(project, cohort):
    # For every indicator listed person by person, the `counts` the database works out for each
    # participant (the page's two lists) is what `rules.explain` says of them, and the counted are the
    # figure's count.
    for code, rule in RULES.items():
        if rule.kind == "ratio":
            continue
        figure, rows = indicator_selectors.indicator_drilldown(project, code)
        in_database = {p.pk: p.counts for p in indicator_figures.drilldown_participants(project, code)}
        assert {row.participant.pk: row.counts for row in rows} == in_database, code
        assert sum(in_database.values()) == figure.count, code
        assert [row.counts for row in rows] == sorted((row.counts for row in rows), reverse=True), code


def test_a_drill_down_page_costs_the_same_queries_for_3_and_for_30_participants(
    cast, project, target_group, client_for
):
    from django.urls import reverse

    type(project).objects.filter(pk=project.pk).update(participant_limit=None)
    type(target_group).objects.filter(pk=target_group.pk).update(planned_total=30)
    project.refresh_from_db()
    target_group.refresh_from_db()
    add_targets(cast.admin, project)
    builder = Builder(cast, project, target_group)
    for n in range(3):
        at_risk(builder.exit(builder.enrol(f"A{n}")))
    client = client_for(cast.koordynator)
    url = reverse("support:indicator_people", args=[project.pk, "PI9i-R-02"])

    def page_queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    small = page_queries()
    for n in range(27):
        at_risk(builder.exit(builder.enrol(f"B{n}")))
    # 30 rows still fit one page of the lists (DRILLDOWN_PAGE_SIZE is 100): the same queries.
    assert page_queries() == small


def test_eeco_figures_only_for_a_2021_2027_project(project, cohort):
    # Project S-1 is of the 2014-2020 period: no EECO section (tests/support/test_indicator_guidelines.py
    # checks the figures of a 2021-2027 project through the same function).
    assert indicator_figures.eeco_figures(project) == []


# --- the flags at entry kept on the participant ---------------------------------------------------------


def test_the_flag_at_entry_follows_a_situation_recorded_later(cast, project, target_group):
    builder = Builder(cast, project, target_group)
    participant = builder.enrol("Late")
    participant.refresh_from_db()
    assert participant.at_risk_at_entry is False  # nothing in the registry, nothing declared
    situation = at_risk(participant)  # a PO PŻ food-aid situation in force since 2015
    participant.refresh_from_db()
    assert participant.at_risk_at_entry is True
    situation.delete()
    participant.refresh_from_db()
    assert participant.at_risk_at_entry is False


def test_the_flag_at_entry_follows_an_income_recorded_for_another_member_of_the_household(
    cast, project, target_group
):
    from tests.factories import HouseholdFactory, IncomeRecordFactory

    builder = Builder(cast, project, target_group)
    participant = builder.enrol("Household")  # starts on 01.02.2019
    household = HouseholdFactory()
    person = participant.person
    person.household, person.household_relation = household, "head"
    person.save()
    member = PersonFactory(household=household, household_relation="spouse")
    # February 2019: the member's 400.00 zł over two people = 200.00 zł a person, not above the criterion
    # for a household of several (528.00 zł in 2019, docs/income-criterion.md): at risk at entry.
    income = IncomeRecordFactory(person=member, month=datetime.date(2019, 2, 1), net_amount=D("400.00"))
    participant.refresh_from_db()
    assert participant.at_risk_at_entry is True
    # Corrected to 4 000.00 zł: 2 000.00 zł a person, above the criterion: no longer at risk.
    income.net_amount = D("4000.00")
    income.save()
    participant.refresh_from_db()
    assert participant.at_risk_at_entry is False


def test_a_severe_disability_on_the_start_date_puts_the_participant_in_the_second_group(
    cast, project, target_group
):
    builder = Builder(cast, project, target_group)
    participant = builder.enrol("Severe")
    Situation.objects.create(
        person=participant.person,
        kind=SituationKind.DISABILITY,
        disability_degree="severe",
        disability_causes=["05-R"],
        valid_from=datetime.date(2015, 1, 1),
    )
    participant.refresh_from_db()
    assert participant.disability_group == "severe"
    assert participant.at_risk_at_entry is True  # a disability is itself a reason (docs/at-risk.md)


def test_drift_is_found_and_mended_by_the_command(cast, project, target_group, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from szansa.domain.recruitment.models import Participant
    from szansa.domain.support.models import Activation

    builder = Builder(cast, project, target_group)
    participant = builder.enrol("Drift")
    at_risk(participant)
    builder.attend(participant, "social_competence_training")
    assert Activation.objects.get(participant=participant).social is True
    # A bulk load bypassing the receivers leaves the kept values stale.
    Participant.objects.filter(pk=participant.pk).update(at_risk_at_entry=False)
    Activation.objects.filter(participant=participant).delete()
    with pytest.raises(CommandError) as refused:
        call_command("recount_participant_flags")
    assert refused.value.returncode == 1
    out = capsys.readouterr().out
    assert (
        f"uczestnik {participant.pk}: zapamiętane zagrożenie=nie, grupa=—, z przeliczenia zagrożenie=tak"
        in out
    )
    assert (
        f"uczestnik {participant.pk}: zapamiętane społeczna=nie, zawodowa=nie, z przeliczenia społeczna=tak"
        in out
    )
    call_command("recount_participant_flags", "--fix")
    out = capsys.readouterr().out
    assert "cechy na wejściu: poprawieni uczestnicy: 1." in out
    assert "aktywizacja: poprawieni uczestnicy: 1." in out
    participant.refresh_from_db()
    assert participant.at_risk_at_entry is True
    assert Activation.objects.get(participant=participant).social is True
    call_command("recount_participant_flags")  # nothing left to mend: no error
    assert "cechy na wejściu: różnice: 0." in capsys.readouterr().out


def test_activation_follows_attendance_plans_and_internships(cast, project, target_group):
    from szansa.domain.support import enums
    from szansa.domain.support.models import Activation, Attendance

    builder = Builder(cast, project, target_group)
    participant = builder.enrol("Kinds")

    def kept():
        found = Activation.objects.filter(participant=participant).first()
        return (found.social, found.vocational) if found else (False, False)

    # Absent from a social session: not activated; marked present: socially activated.
    builder.attend(participant, "social_competence_training", status=enums.AttendanceStatus.ABSENT)
    assert kept() == (False, False)
    attendance = Attendance.objects.get(participant=participant)
    attendance.status = enums.AttendanceStatus.PRESENT
    attendance.save()
    assert kept() == (True, False)
    # An internship is vocational activation; removing the attendance leaves only that.
    builder.internship(participant)
    assert kept() == (True, True)
    attendance.delete()
    assert kept() == (False, True)
    # Vocational support planned in an individual plan counts too.
    other = builder.enrol("Planned")
    builder.plan(other, "vocational_training")
    assert Activation.objects.get(participant=other).vocational is True


def test_the_sex_split_of_a_figure_counts_each_sex(cast, project, target_group):
    # Two women and one man started, all at risk: PI9i-P-01 = 3, K 2, M 1.
    builder = Builder(cast, project, target_group)
    for name, sex in (("W1", Sex.FEMALE), ("W2", Sex.FEMALE), ("M1", Sex.MALE)):
        participant = builder.enrol(name)
        participant.person.sex = sex
        participant.person.save()
        at_risk(participant)
    [figure] = indicator_figures.figures(project, ["PI9i-P-01"]).values()
    assert (figure.value, figure.women, figure.men) == (D(3), D(2), D(1))


def test_a_contract_runs_out_on_the_day_its_months_end(cast, project, target_group):
    from szansa.domain.support import enums

    builder = Builder(cast, project, target_group)
    participant = builder.exit(builder.enrol("Job"))
    outcome = builder.outcome(
        participant,
        enums.OutcomeKind.EMPLOYMENT,
        on=datetime.date(2019, 1, 31),
        contract_type=enums.ContractType.EMPLOYMENT_CONTRACT,
        contract_months=1,
        fte=D("1.00"),
    )
    outcome.refresh_from_db()
    assert outcome.holds_until == datetime.date(2019, 2, 28)  # 31 January + 1 month: the month's last day
