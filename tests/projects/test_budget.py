"""Budget rules across rows: tasks equal eligible costs, flat-rate indirect costs, cross-financing,
overrun refusal, justified shifts and execution computed with a constant number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from szansa.domain.accounts.enums import Role
from szansa.domain.projects import enums, selectors, services
from szansa.domain.projects.models import BudgetLine, BudgetShift, BudgetTask
from tests.factories import UserFactory
from tests.factories.projects import add_line, make_project

pytestmark = pytest.mark.django_db
D = Decimal


def spend(actor, line, amount, day=datetime.date(2019, 5, 1)):
    return services.expenditure_record(
        actor=actor, line=line, date=day, document_number="FV/1", supplier="Firma", amount=D(amount)
    )


def problem_codes(project):
    return [p.code for p in services.budget_check(project)]


def test_a_consistent_budget_has_no_problems(project):
    assert services.budget_check(project) == []
    assert BudgetLine.objects.get(task__project=project, kind="indirect_flat_rate").amount == D("25000.00")


def test_tasks_that_do_not_add_up_to_eligible_costs_are_reported_with_the_difference(admin, project):
    task = BudgetTask.objects.get(project=project, number=1)
    add_line(admin, task, "Extra", "1", "100.00")
    services.indirect_costs_apply(actor=admin, project=project)
    problems = services.budget_check(project)
    assert [p.code for p in problems] == ["tasks_not_eligible_costs"]
    assert "125 125,00 zł" in problems[0].message and "125 000,00 zł" in problems[0].message


def test_a_line_amount_is_quantity_times_unit_price(admin, project, training):
    assert training.amount == D("60000.00")
    training.amount = D("1.00")
    with pytest.raises(ValidationError) as caught:
        training.full_clean()
    assert caught.value.error_dict["__all__"][0].code == "budget_line_amount_is_quantity_times_price"


@pytest.mark.parametrize(
    ("direct", "rate"),
    [
        ("830000.00", "25.00"),
        ("830000.01", "20.00"),
        ("1740000.00", "20.00"),
        ("1740000.01", "15.00"),
        ("4550000.00", "15.00"),
        ("4550000.01", "10.00"),
    ],
)
def test_the_flat_rate_follows_the_direct_cost_thresholds(db, direct, rate):
    assert services.flat_rate_for(D(direct), "2014-2020") == D(rate)


def test_a_wrong_flat_rate_and_a_stale_indirect_amount_are_reported(admin, project):
    line = BudgetLine.objects.get(task__project=project, kind="indirect_flat_rate")
    line.flat_rate = D("20.00")
    line.amount = line.unit_price = D("20000.00")
    line.save()
    assert set(problem_codes(project)) >= {"flat_rate_wrong", "tasks_not_eligible_costs"}
    line.flat_rate = D("25.00")
    line.save()
    assert "indirect_amount_wrong" in problem_codes(project)


def test_cross_financing_above_ten_percent_of_eligible_costs_is_reported(admin, project, training):
    task = training.task
    add_line(admin, task, "Wyposażenie", "1", "12500.00", category=enums.CostCategory.CROSS_FINANCING)
    assert "cross_financing_over_cap" not in problem_codes(project)  # exactly 10 % is allowed
    add_line(admin, task, "Wyposażenie 2", "1", "0.01", category=enums.CostCategory.CROSS_FINANCING)
    assert "cross_financing_over_cap" in problem_codes(project)


def test_cross_financing_is_also_capped_at_ten_percent_of_the_eu_funding(admin):
    project = make_project(admin, number="EU", eu_share=D("50000.00"), state_budget_share=D("56250.00"))
    task = services.project_record_save(actor=admin, record=BudgetTask(project=project, number=1, name="t"))
    add_line(admin, task, "Sprzęt", "1", "6000.00", category=enums.CostCategory.CROSS_FINANCING)
    codes = problem_codes(project)
    assert "cross_financing_over_eu_cap" in codes and "cross_financing_over_cap" not in codes


def test_an_expenditure_that_would_overrun_its_line_is_refused_naming_line_remaining_and_overrun(
    clerk, training
):
    spend(clerk, training, "59000.00")
    with pytest.raises(ValidationError) as caught:
        spend(clerk, training, "1500.50")
    error = caught.value.error_list[0]
    assert error.code == "line_overrun"
    assert "Szkolenie zawodowe" in error.message
    assert "1 000,00 zł" in error.message and "500,50 zł" in error.message
    spend(clerk, training, "1000.00")  # exactly what remains is fine
    assert selectors.line_available(training) == D("0.00")


def test_a_coordinator_shifts_free_money_with_a_justification_and_then_the_expenditure_passes(
    coordinator, clerk, training, counselling
):
    spend(clerk, training, "60000.00")
    with pytest.raises(ValidationError):
        spend(clerk, training, "2000.00")
    shift = services.budget_shift_record(
        actor=coordinator,
        from_line=counselling,
        to_line=training,
        amount=D("2000.00"),
        justification="Wyższe ceny szkoleń.",
        on=datetime.date(2019, 6, 1),
    )
    spend(clerk, training, "2000.00")
    assert list(BudgetShift.objects.filter(project=training.task.project)) == [shift]
    assert shift.approved_by == coordinator
    assert selectors.line_available(counselling) == D("38000.00")


def test_a_shift_needs_a_justification(coordinator, training, counselling):
    with pytest.raises(ValidationError) as caught:
        services.budget_shift_record(
            actor=coordinator, from_line=counselling, to_line=training, amount=D("1.00"), justification="  "
        )
    assert caught.value.error_dict["justification"][0].code == "justification_required"


def test_a_shift_cannot_move_more_than_is_free(coordinator, clerk, training, counselling):
    spend(clerk, counselling, "39000.00")
    with pytest.raises(ValidationError) as caught:
        services.budget_shift_record(
            actor=coordinator, from_line=counselling, to_line=training, amount=D("1000.01"), justification="x"
        )
    assert caught.value.error_list[0].code == "shift_over_free"


def test_a_shift_stays_within_one_project(admin, coordinator, training):
    other = make_project(admin, number="OTHER")
    task = services.project_record_save(actor=admin, record=BudgetTask(project=other, number=1, name="t"))
    foreign = add_line(admin, task, "Obca linia", "1", "10.00")
    with pytest.raises(ValidationError) as caught:
        services.budget_shift_record(
            actor=coordinator, from_line=training, to_line=foreign, amount=D("1.00"), justification="x"
        )
    assert caught.value.error_list[0].code == "other_project"


def test_only_the_coordinator_or_management_may_shift_and_the_clerk_may_not(clerk, training, counselling):
    with pytest.raises(PermissionDenied):
        services.budget_shift_record(
            actor=clerk, from_line=counselling, to_line=training, amount=D("1.00"), justification="x"
        )
    outsider = UserFactory(username="other-coordinator", role=Role.PROJECT_COORDINATOR)
    with pytest.raises(PermissionDenied):
        services.budget_shift_record(
            actor=outsider, from_line=counselling, to_line=training, amount=D("1.00"), justification="x"
        )
    manager = UserFactory(username="manager", role=Role.CENTRE_MANAGER)
    services.budget_shift_record(
        actor=manager, from_line=counselling, to_line=training, amount=D("1.00"), justification="x"
    )


def test_an_auditor_cannot_record_an_expenditure(training):
    auditor = UserFactory(username="auditor", role=Role.AUDITOR)
    with pytest.raises(PermissionDenied):
        spend(auditor, training, "1.00")


def test_execution_per_line_task_and_project(coordinator, clerk, project, training, counselling):
    spend(clerk, training, "30000.00")
    spend(clerk, counselling, "10000.00")
    services.budget_shift_record(
        actor=coordinator, from_line=counselling, to_line=training, amount=D("5000.00"), justification="x"
    )
    lines = {row.line.name: row.execution for row in selectors.line_execution(project)}
    assert lines["Szkolenie zawodowe"].plan == D("65000.00")
    assert lines["Szkolenie zawodowe"].remaining == D("35000.00")
    assert lines["Szkolenie zawodowe"].percent_executed == D("46.15")
    assert lines["Doradztwo"].shifts_out == D("5000.00")
    tasks = {row.task.number: row.execution for row in selectors.task_execution(project)}
    assert (tasks[1].planned, tasks[1].spent, tasks[1].remaining) == (
        D("100000.00"),
        D("40000.00"),
        D("60000.00"),
    )
    assert tasks[2].spent == D("0.00")
    whole = selectors.project_execution(project)
    assert (whole.planned, whole.spent, whole.remaining) == (D("125000.00"), D("40000.00"), D("85000.00"))
    assert whole.percent_executed == D("32.00")


def test_execution_queries_do_not_grow_with_lines_expenditures_or_shifts(admin, coordinator, clerk, project):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            selectors.line_execution(project)
            selectors.task_execution(project)
            selectors.project_execution(project)
            list(selectors.with_execution(type(project).objects.all()))
        return len(ctx.captured_queries)

    before = count()
    task = BudgetTask.objects.get(project=project, number=1)
    lines = [add_line(admin, task, f"Linia {i}", "1", "100.00") for i in range(5)]
    for line in lines:
        spend(clerk, line, "10.00")
    services.budget_shift_record(
        actor=coordinator, from_line=lines[0], to_line=lines[1], amount=D("5.00"), justification="x"
    )
    make_project(admin, number="SECOND")
    assert count() == before == 4


def test_indicators_show_the_target_and_zero_until_participants_exist(admin, project):
    from szansa.domain.projects.models import IndicatorDefinition, ProjectIndicator
    from szansa.domain.support.indicators.figures import indicator_progress

    services.project_record_save(
        actor=admin,
        record=ProjectIndicator(
            project=project, definition=IndicatorDefinition.objects.get(code="PI9i-P-01"), target=D("12")
        ),
    )
    [progress] = indicator_progress(project)
    assert (progress.target, progress.achieved, progress.percent_achieved) == (D("12"), D("0"), D("0"))


def test_a_line_cannot_be_planned_below_what_is_already_spent(admin, clerk, training):
    spend(clerk, training, "30000.00")
    training.unit_price = training.unit_price / 4  # the plan falls below the 30 000,00 zł spent
    with pytest.raises(ValidationError) as caught:
        services.budget_line_save(actor=admin, line=training)
    assert caught.value.error_dict["quantity"][0].code == "below_spent"
    training.refresh_from_db()
    assert training.amount == D("60000.00")
    training.unit_price = training.unit_price / 2  # exactly what is spent is still allowed
    services.budget_line_save(actor=admin, line=training)
    assert selectors.line_available(training) == D("0.00")


def test_a_supplier_nip_is_validated_and_stored_as_digits(clerk, training):
    with pytest.raises(ValidationError) as caught:
        services.expenditure_record(
            actor=clerk,
            line=training,
            date=datetime.date(2019, 5, 1),
            document_number="FV/2",
            supplier="Firma",
            supplier_nip="123-456-32-19",
            amount=D("10.00"),
        )
    assert "supplier_nip" in caught.value.message_dict
    expenditure = services.expenditure_record(
        actor=clerk,
        line=training,
        date=datetime.date(2019, 5, 1),
        document_number="FV/3",
        supplier="Firma",
        supplier_nip="PL 123-456-32-18",
        amount=D("10.00"),
    )
    expenditure.refresh_from_db()
    assert expenditure.supplier_nip == "1234563218"


def test_the_beneficiary_nip_and_regon_are_validated(admin, project):
    project.beneficiary_nip = "1234563219"
    project.beneficiary_regon = "123456786"
    with pytest.raises(ValidationError) as caught:
        project.full_clean()
    assert set(caught.value.message_dict) == {"beneficiary_nip", "beneficiary_regon"}
    project.beneficiary_nip = "123-456-32-18"
    project.beneficiary_regon = "123456785"
    project.full_clean()
