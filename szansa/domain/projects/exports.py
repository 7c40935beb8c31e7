"""XLSX export of project budgets and their execution (openpyxl).

One sheet per project (tasks, their lines, totals) and one sheet of all expenditures. Money is
written as numbers with a PLN number format, so the workbook can be summed and filtered.
"""

import datetime
import io
import re

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from szansa.domain.projects import selectors
from szansa.domain.projects.models import Expenditure
from szansa.lib.spreadsheets import formula, set_cell

PLN_FORMAT = '#,##0.00 "zł"'
PERCENT_FORMAT = '0.00" %"'
HEADER_FILL = PatternFill("solid", fgColor="EEF2F6")
BOLD = Font(bold=True)
INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_title(text: str, taken: set[str]) -> str:
    """A valid, unique sheet name (31 characters, none of []:*?/\\)."""
    base = INVALID_SHEET_CHARS.sub("_", text)[:31] or "-"
    title, counter = base, 2
    while title.lower() in taken:
        suffix = f" ({counter})"
        title, counter = base[: 31 - len(suffix)] + suffix, counter + 1
    taken.add(title.lower())
    return title


def file_name(projects) -> str:
    if len(projects) == 1:
        number = re.sub(r"[^0-9A-Za-z.-]+", "_", projects[0].number)
        return f"budzet-{number}.xlsx"
    return f"budzety-projektow-{datetime.date.today():%Y-%m-%d}.xlsx"


def _header(sheet, row: int, labels) -> None:
    for column, label in enumerate(labels, start=1):
        cell = set_cell(sheet, row, column, str(label))
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _money(cell) -> None:
    cell.number_format = PLN_FORMAT


BUDGET_COLUMNS = [
    ("task", 10),
    ("category", 20),
    ("line", 42),
    ("unit", 10),
    ("quantity", 10),
    ("unit price", 14),
    ("amount", 16),
    ("shifts", 14),
    ("plan", 16),
    ("spent", 16),
    ("remaining", 16),
    ("executed", 10),
]
MONEY_COLUMNS = (6, 7, 8, 9, 10, 11)


def _execution_cells(sheet, row: int, execution, first_money_column: int = 7) -> None:
    values = [
        execution.planned,
        execution.shifts_in - execution.shifts_out,
        execution.plan,
        execution.spent,
        execution.remaining,
    ]
    for offset, value in enumerate(values):
        _money(set_cell(sheet, row, first_money_column + offset, value))
    cell = set_cell(sheet, row, first_money_column + len(values), execution.percent_executed)
    cell.number_format = PERCENT_FORMAT


def _project_sheet(workbook, project, taken: set[str]) -> None:
    sheet = workbook.create_sheet(sheet_title(project.number, taken))
    set_cell(sheet, 1, 1, f"{project.number} {project.title}").font = Font(bold=True, size=13)
    set_cell(sheet, 2, 1, _("Beneficiary: %(name)s") % {"name": project.beneficiary})
    period = _("Period: %(start)s – %(end)s; exported on %(today)s") % {
        "start": f"{project.start:%d.%m.%Y}",
        "end": f"{project.end:%d.%m.%Y}",
        "today": f"{datetime.date.today():%d.%m.%Y}",
    }
    set_cell(sheet, 3, 1, period)
    labels = [
        _("Task"),
        _("Category"),
        _("Budget line"),
        _("Unit"),
        _("Quantity"),
        _("Unit price"),
        _("Amount"),
        _("Shifts (+/−)"),
        _("Plan after shifts"),
        _("Spent"),
        _("Remaining"),
        # xgettext:no-python-format
        _("% executed"),
    ]
    _header(sheet, 5, labels)
    for index, (_key, width) in enumerate(BUDGET_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A6"

    lines_by_task: dict[int, list] = {}
    for row in selectors.line_execution(project):
        lines_by_task.setdefault(row.line.task_id, []).append(row)
    row_number = 6
    for task_row in selectors.task_execution(project):
        task = task_row.task
        set_cell(sheet, row_number, 1, task.number).font = BOLD
        set_cell(sheet, row_number, 3, task.name).font = BOLD
        _execution_cells(sheet, row_number, task_row.execution)
        for column in range(1, 13):
            sheet.cell(row=row_number, column=column).fill = HEADER_FILL
        row_number += 1
        for line_row in lines_by_task.get(task.pk, []):
            line = line_row.line
            set_cell(sheet, row_number, 1, f"{task.number}.")
            set_cell(sheet, row_number, 2, str(line.get_category_display()))
            set_cell(sheet, row_number, 3, line.name)
            set_cell(sheet, row_number, 4, line.unit)
            set_cell(sheet, row_number, 5, line.quantity).number_format = "#,##0.00"
            _money(set_cell(sheet, row_number, 6, line.unit_price))
            _execution_cells(sheet, row_number, line_row.execution)
            row_number += 1
    total = selectors.project_execution(project)
    set_cell(sheet, row_number, 3, _("Total")).font = BOLD
    _execution_cells(sheet, row_number, total)
    for column in range(1, 13):
        sheet.cell(row=row_number, column=column).font = BOLD


def _expenditure_sheet(workbook, projects, taken: set[str]) -> None:
    sheet = workbook.create_sheet(sheet_title(_("Expenditures"), taken))
    labels = [
        _("Project"),
        _("Task"),
        _("Budget line"),
        _("Date"),
        _("Document number"),
        _("Supplier"),
        _("Description"),
        _("Amount"),
        _("Entered by"),
    ]
    _header(sheet, 1, labels)
    for index, width in enumerate([24, 8, 40, 12, 20, 36, 36, 16, 20], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    expenditures = (
        Expenditure.objects.filter(line__task__project__in=[p.pk for p in projects])
        .select_related("line__task__project", "entered_by")
        .order_by("line__task__project__number", "date", "pk")
    )
    row = 2
    for expenditure in expenditures:
        line = expenditure.line
        values = [
            line.task.project.number,
            line.task.number,
            line.name,
            expenditure.date,
            expenditure.document_number,
            expenditure.supplier,
            expenditure.description,
            expenditure.amount,
            str(expenditure.entered_by),
        ]
        for column, value in enumerate(values, start=1):
            set_cell(sheet, row, column, value)
        sheet.cell(row=row, column=4).number_format = "DD.MM.YYYY"
        _money(sheet.cell(row=row, column=8))
        row += 1
    if row > 2:
        set_cell(sheet, row, 7, _("Total")).font = BOLD
        total = set_cell(sheet, row, 8, formula(f"=SUM(H2:H{row - 1})"))
        total.font = BOLD
        _money(total)


def budget_workbook(projects) -> bytes:
    """The XLSX file of the projects' budgets and execution, as bytes."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    for project in projects:
        _project_sheet(workbook, project, taken)
    _expenditure_sheet(workbook, projects, taken)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
