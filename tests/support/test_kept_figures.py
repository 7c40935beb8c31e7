"""The kept copy of a project's indicator figures (szansa.domain.support.indicators.kept,
docs/indicators.md#how-the-figures-are-counted): a read after a change of each input gives the recounted
figure, a second read costs the same few queries whatever the size of the project, a new day recounts,
the check command finds a corrupted copy, and a count that raced a write is not kept.

The worked cohort of tests/factories/indicator_cohort.py (project S-1): PI9i-P-01 = 8 (U, P1-P7 started,
all at risk at entry); PI9i-R-02 = 2 (P1, P2 working up to day 28) of the 5 adults who left (P1-P4, P7),
forecast 2 + 2/5 × 2 still in progress (P5, P6) = 2.8; EFS-EZ = P1 employed of P1, P2, P3 (vocational
activation, at risk, not in the severe group, left) = 33.3 %."""

import datetime
import logging
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from szansa.domain.people.enums import Sex
from szansa.domain.people.models import Person, Situation
from szansa.domain.projects.models import ProjectIndicator
from szansa.domain.recruitment import entry
from szansa.domain.recruitment import enums as recruitment_enums
from szansa.domain.recruitment import services as recruitment_services
from szansa.domain.recruitment.models import Participant
from szansa.domain.support.indicators import checks, kept
from szansa.domain.support.indicators import figures as indicator_figures
from szansa.domain.support.models import ProjectFigures
from tests.factories.indicator_cohort import Builder, add_targets, at_risk, link_call

pytestmark = pytest.mark.django_db
D = Decimal
TODAY = datetime.date(2026, 12, 5)


def _figures(project, today=TODAY):
    return {f.code: f for f in indicator_figures.project_figures(project, today)}


def _kept_row(project):
    return ProjectFigures.objects.get(project=project)


@pytest.fixture
def builder(cast, project, target_group, cohort):
    return Builder(cast, project, target_group)


def test_the_copy_serves_the_counted_figures_and_is_marked_stale_by_a_change(project, cohort, builder):
    before = _figures(project)
    assert (before["PI9i-R-02"].value, before["PI9i-R-02"].forecast) == (D(2), D("2.8"))
    row = _kept_row(project)
    assert (row.counted_for, row.counted_generation) == (TODAY, row.generation)
    # Rebuilt from the copy exactly as counted (value, forecast, the exact fraction 14/5).
    assert indicator_figures.kept_figures(project, TODAY) == indicator_figures.full_count(project, TODAY)
    assert indicator_figures.kept_figures(project, TODAY)["PI9i-R-02"].exact == Fraction(14, 5)
    builder.employment(cohort["P4"], 10, "1.0", 12)
    assert _kept_row(project).generation == row.generation + 1


def test_a_participant_leaving_moves_the_forecast(cast, project, cohort):
    assert _figures(project)["PI9i-R-02"].forecast == D("2.8")
    recruitment_services.participant_exit(
        actor=cast.koordynator,
        participant=cohort["P5"],
        end_date=datetime.date(2019, 10, 31),
        exit_reason=recruitment_enums.ExitReason.COMPLETED,
        completed_path=True,
    )
    # P5 left without an outcome: 2 of the 6 adults who left, forecast 2 + 2/6 × 1 (P6) = 2.33… → 2.3.
    after = _figures(project)["PI9i-R-02"]
    assert (after.value, after.forecast) == (D(2), D("2.3"))


def test_an_outcome_added_then_deleted(project, cohort, builder):
    assert _figures(project)["PI9i-R-02"].value == D(2)
    # P4 (adult, at risk, left) employed full time for a year 10 days after leaving: 3 of 5 who left,
    # forecast 3 + 3/5 × 2 = 4.2.
    outcome = builder.employment(cohort["P4"], 10, "1.0", 12)
    after = _figures(project)["PI9i-R-02"]
    assert (after.value, after.forecast) == (D(3), D("4.2"))
    outcome.delete()
    after = _figures(project)["PI9i-R-02"]
    assert (after.value, after.forecast) == (D(2), D("2.8"))


def test_an_activation_received(project, cohort, builder):
    assert _figures(project)["EFS-EZ"].value == D("33.3")
    # P4 attends a vocational training (the receivers recount the kept activation in bulk): P4 joins the
    # employment denominator without an employment: 1 of P1, P2, P3, P4 = 25.0 %.
    builder.attend(cohort["P4"], "vocational_training")
    assert _figures(project)["EFS-EZ"].value == D("25.0")


def test_a_persons_sex(project, cohort):
    people = [p.person_id for p in cohort.values()]
    Person.objects.filter(pk__in=people).update(sex=Sex.MALE)  # before any read: no copy yet
    first = _figures(project)["PI9i-P-01"]
    assert (first.women, first.men) == (D(0), D(8))
    person = cohort["P1"].person
    person.refresh_from_db()
    person.sex = Sex.FEMALE
    person.save()
    after = _figures(project)["PI9i-P-01"]
    assert (after.value, after.women, after.men) == (D(8), D(1), D(7))


def test_a_target_changed(project, cohort):
    assert _figures(project)["PI9i-P-01"].percent_of_target == D("66.67")  # 8 of 12
    indicator = ProjectIndicator.objects.get(project=project, definition__code="PI9i-P-01")
    indicator.target = D(16)
    indicator.save()
    assert _figures(project)["PI9i-P-01"].percent_of_target == D("50.00")  # 8 of 16


def test_the_bulk_recount_of_the_flags_at_entry(project, cohort):
    assert _figures(project)["PI9i-P-01"].value == D(8)
    # P4's only reason to be at risk (the food-aid situation) removed by a bulk load, past the receivers:
    # P4's kept flag still says at risk, so does the copy.
    Situation.objects.filter(person=cohort["P4"].person)._raw_delete(connection.alias)
    assert _figures(project)["PI9i-P-01"].value == D(8)
    # The nightly recount of the flags rewrites P4's flag in bulk: 7 at risk at entry.
    assert entry.refresh(Participant.objects.filter(project=project)) == 1
    assert _figures(project)["PI9i-P-01"].value == D(7)


def test_a_new_day_recounts(project, cohort):
    # Everyone of the cohort started on 01.02.2019: counted on the day before, nobody has started yet
    # (value 0), all 8 are forecast; on the start day all 8 count.
    day_before = datetime.date(2019, 1, 31)
    then = _figures(project, day_before)["PI9i-P-01"]
    assert (then.value, then.forecast) == (D(0), D(8))
    assert _kept_row(project).counted_for == day_before
    assert _figures(project, datetime.date(2019, 2, 1))["PI9i-P-01"].value == D(8)
    assert _kept_row(project).counted_for == datetime.date(2019, 2, 1)


@pytest.mark.parametrize("size", [3, 30])
def test_a_second_read_costs_the_same_queries_at_3_and_at_30(
    cast, project, target_group, size, django_assert_num_queries
):
    type(project).objects.filter(pk=project.pk).update(participant_limit=None)
    type(target_group).objects.filter(pk=target_group.pk).update(planned_total=30)
    project.refresh_from_db()
    target_group.refresh_from_db()
    link_call(cast.admin, project)
    add_targets(cast.admin, project)
    builder = Builder(cast, project, target_group)
    for n in range(size):
        participant = builder.enrol(f"A{n}")
        at_risk(participant)
        if n % 3 == 0:
            builder.exit(participant)
    first = _figures(project)
    assert first["PI9i-P-01"].value == D(size)  # all started on 01.02.2019, all at risk at entry
    # The project's indicators (1) and the kept row (1); no aggregate.
    with django_assert_num_queries(2):
        second = indicator_figures.project_figures(project, TODAY)
    assert {f.code: f for f in second} == first
    # The EECO figures of a 2014-2020 project: its period (1), nothing else.
    with django_assert_num_queries(1):
        assert indicator_figures.eeco_figures(project, TODAY) == []


def test_the_project_page_reads_the_copy(client_for, cast, project, cohort):
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = client_for(cast.koordynator)
    url = reverse("projects:project_detail", args=[project.pk])
    assert client.get(url).status_code == 200
    assert ProjectFigures.objects.get(project=project).figures["PI9i-P-01"]["value"] == "8"
    with CaptureQueriesContext(connection) as second:
        assert client.get(url).status_code == 200
    # No aggregate of the figures (COUNTs over the participants with their outcomes) on the second view:
    # only the kept row is read for them.
    sqls = [q["sql"] for q in second.captured_queries]
    assert not any("COUNT(" in sql and '"support_outcome"' in sql for sql in sqls)
    assert sum('"support_projectfigures"' in sql for sql in sqls) == 1


def test_the_check_command_finds_a_corrupted_copy_and_mends_it(project, cohort, capsys):
    _figures(project)
    row = _kept_row(project)
    corrupted = dict(row.figures)
    corrupted["PI9i-P-01"] = {**corrupted["PI9i-P-01"], "value": "9", "count": 9}
    ProjectFigures.objects.filter(pk=row.pk).update(figures=corrupted)
    assert _figures(project)["PI9i-P-01"].value == D(9)  # what a drifted copy would show
    with pytest.raises(CommandError) as failed:
        call_command("check_project_figures")
    assert failed.value.returncode == 1
    out = capsys.readouterr().out
    assert "PI9i-P-01: zapamiętane wartość=9" in out and "z przeliczenia wartość=8" in out
    call_command("check_project_figures", "--project", str(project.pk), "--fix")
    assert "poprawiono" in capsys.readouterr().out
    call_command("check_project_figures")  # no difference left: no error
    assert "z różnicami: 0" in capsys.readouterr().out
    assert _figures(project)["PI9i-P-01"].value == D(8)


def test_the_nightly_recount_reports_drift_and_counts_the_new_day(project, cohort, caplog):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    _figures(project, yesterday)
    row = _kept_row(project)
    ProjectFigures.objects.filter(pk=row.pk).update(
        figures={**row.figures, "PI9i-P-01": {**row.figures["PI9i-P-01"], "value": "1"}}
    )
    with caplog.at_level(logging.WARNING, logger=checks.__name__):
        result = checks.recount_project_figures_job()
    assert result["drifted"] == 1
    assert "PI9i-P-01" in caplog.text
    row = _kept_row(project)
    # S-1 has a copy, so it is recounted for the new day and served from it.
    assert row.counted_for == timezone.localdate()
    assert row.figures["PI9i-P-01"]["value"] == "8"


def test_a_count_that_raced_a_write_is_not_kept(project, cohort, builder):
    _figures(project)
    taken = kept.read(project.pk).generation
    # Counted (without P4's new job), then a write commits before the count is stored.
    counted = indicator_figures.encode(indicator_figures.full_count(project, TODAY))
    builder.employment(cohort["P4"], 10, "1.0", 12)
    assert kept.store(project.pk, taken, TODAY, counted) is False
    assert not kept.is_current(kept.read(project.pk), TODAY)
    assert _figures(project)["PI9i-R-02"].value == D(3)  # recounted with P4's job


def test_a_first_count_that_raced_a_write_is_not_kept(project, cohort, builder):
    ProjectFigures.objects.filter(project=project).delete()  # a project never read nor written since
    assert kept.read(project.pk) is None  # no row: the reader takes no generation
    counted = indicator_figures.encode(indicator_figures.full_count(project, TODAY))
    builder.employment(cohort["P4"], 10, "1.0", 12)  # the writer's statement creates the row
    assert kept.store(project.pk, None, TODAY, counted) is False
    assert _figures(project)["PI9i-R-02"].value == D(3)
