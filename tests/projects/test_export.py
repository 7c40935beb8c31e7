"""The XLSX export of budgets and their execution, read back with openpyxl."""

import datetime
import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from szansa.domain.projects import selectors, services
from szansa.domain.projects.exports import PLN_FORMAT
from szansa.domain.projects.models import BudgetShift
from tests.factories.projects import make_project


@pytest.fixture
def spent(project, training, counselling, clerk, coordinator):
    services.budget_shift_record(
        actor=coordinator,
        from_line=counselling,
        to_line=training,
        amount=Decimal("2000.00"),
        justification="Więcej szkoleń",
        on=datetime.date(2019, 4, 1),
    )
    for day, amount in ((datetime.date(2019, 3, 1), "30000.00"), (datetime.date(2019, 6, 1), "15000.50")):
        services.expenditure_record(
            actor=clerk,
            line=training,
            date=day,
            document_number=f"FV/{day:%m}",
            supplier="Centrum Szkoleniowe Progres",
            amount=Decimal(amount),
        )
    services.expenditure_record(
        actor=clerk,
        line=counselling,
        date=datetime.date(2019, 5, 1),
        document_number="FV/DOR/1",
        supplier="Gabinet Równowaga",
        amount=Decimal("4000.00"),
    )
    return project


def download(client, path):
    response = client.get(path)
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    return response, load_workbook(io.BytesIO(content))


def rows_of(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_budget_export_matches_the_selectors(spent, client_for, cast):
    client = client_for(cast.audytor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response, workbook = download(client, reverse("projects:budget_export", args=[spent.pk]))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="budzet-T-1.xlsx"' in response["Content-Disposition"]
    assert response["Content-Disposition"].startswith("attachment")
    assert workbook.sheetnames == ["T-1", "Expenditures"]

    sheet = workbook["T-1"]
    rows = rows_of(sheet)
    assert rows[0][0] == "T-1 Projekt testowy"
    header = rows[4]
    assert header[:3] == ["Task", "Category", "Budget line"]
    assert header[-1] == "% executed"

    training = next(row for row in rows if row[2] == "Szkolenie zawodowe")
    # task, category, line, unit, quantity, unit price, amount, shifts, plan, spent, remaining, % executed
    assert training == [
        "1.",
        "services",
        "Szkolenie zawodowe",
        "szt.",
        10,
        6000,
        60000,
        2000,
        62000,
        45000.5,
        16999.5,
        72.58,
    ]
    training_row = rows.index(training) + 1
    for column in "FGHIJK":
        assert sheet[f"{column}{training_row}"].number_format == PLN_FORMAT

    total = rows[-1]
    execution = selectors.project_execution(spent)
    assert total[2] == "Total"
    assert Decimal(str(total[6])) == execution.planned == Decimal("125000.00")
    assert Decimal(str(total[9])) == execution.spent == Decimal("49000.50")
    assert Decimal(str(total[10])) == execution.remaining
    assert Decimal(str(total[11])) == execution.percent_executed

    tasks = {row[2]: row for row in rows if isinstance(row[0], int)}
    for task_row in selectors.task_execution(spent):
        exported = tasks[task_row.task.name]
        assert Decimal(str(exported[9])) == task_row.execution.spent
        assert Decimal(str(exported[8])) == task_row.execution.plan

    expenditures = rows_of(workbook["Expenditures"])
    assert expenditures[0][:3] == ["Project", "Task", "Budget line"]
    assert len(expenditures) == 1 + 3 + 1  # header, three expenditures, total
    first = expenditures[1]
    assert first[:3] == ["T-1", 1, "Szkolenie zawodowe"]
    assert first[3] == datetime.datetime(2019, 3, 1)
    assert first[4:6] == ["FV/03", "Centrum Szkoleniowe Progres"]
    assert first[7] == 30000
    assert workbook["Expenditures"]["H2"].number_format == PLN_FORMAT
    assert expenditures[-1][7] == "=SUM(H2:H4)"
    assert BudgetShift.objects.count() == 1


def test_the_list_export_has_a_sheet_per_visible_project(spent, admin, client_for, cast):
    make_project(admin, number="RPMP.09.01.01-12-0099/19", title="Drugi projekt")
    response, workbook = download(client_for(cast.kierownik), reverse("projects:projects_export"))
    # Ordered like the list (newest start first, then by number); "/" is not allowed in a sheet name.
    # No language chosen: the sheet names are Polish.
    assert workbook.sheetnames == ["RPMP.09.01.01-12-0099_19", "T-1", "Wydatki"]

    response, workbook = download(client_for(cast.specjalista), reverse("projects:projects_export"))
    assert len(workbook.sheetnames) == 1  # no project in scope: only the (empty) expenditures sheet


def test_the_export_of_a_project_out_of_scope_is_not_found(spent, client_for, cast):
    response = client_for(cast.specjalista).get(reverse("projects:budget_export", args=[spent.pk]))
    assert response.status_code == 404
