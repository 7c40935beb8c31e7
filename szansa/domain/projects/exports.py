"""XLSX export of project budgets and their execution (openpyxl).

One sheet per project (tasks, their lines, totals) and one sheet of all expenditures. Money is
written as numbers with a PLN number format, so the workbook can be summed and filtered.

The workbook is written in openpyxl's write-only mode, row after row, and the expenditures are read
with a database iterator: a project with tens of thousands of expenditures is never whole in memory
(docs/participant-exports.md#large-exports).
"""

import datetime
import io
import re

from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from szansa.domain.projects import selectors
from szansa.domain.projects.models import Expenditure
from szansa.lib.spreadsheets import formula, safe_row, write_only_workbook

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


def _header_cells(sheet, labels) -> list:
    cells = safe_row(sheet, [str(label) for label in labels], font=BOLD)
    for cell in cells:
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cells


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


def _execution_values(execution) -> list:
    return [
        execution.planned,
        execution.shifts_in - execution.shifts_out,
        execution.plan,
        execution.spent,
        execution.remaining,
        execution.percent_executed,
    ]


def _budget_row(sheet, values: list, *, bold: bool = False, fill: bool = False) -> list:
    """A 12-column row of the project sheet: money from column 6 (index 5) on, the % last."""
    cells = safe_row(sheet, values, font=BOLD if bold else None)
    for index, cell in enumerate(cells, start=1):
        if index in MONEY_COLUMNS:
            _money(cell)
        elif index == 12:
            cell.number_format = PERCENT_FORMAT
        elif index == 5:
            cell.number_format = "#,##0.00"
        if fill:
            cell.fill = HEADER_FILL
    return cells


def _project_sheet(workbook, project, taken: set[str]) -> None:
    sheet = workbook.create_sheet(sheet_title(project.number, taken))
    for index, (_key, width) in enumerate(BUDGET_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A6"
    sheet.append(safe_row(sheet, [f"{project.number} {project.title}"], font=Font(bold=True, size=13)))
    sheet.append(safe_row(sheet, [_("Beneficiary: %(name)s") % {"name": project.beneficiary}]))
    period = _("Period: %(start)s – %(end)s; exported on %(today)s") % {
        "start": f"{project.start:%d.%m.%Y}",
        "end": f"{project.end:%d.%m.%Y}",
        "today": f"{datetime.date.today():%d.%m.%Y}",
    }
    sheet.append(safe_row(sheet, [period]))
    sheet.append([])
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
    sheet.append(_header_cells(sheet, labels))

    lines_by_task: dict[int, list] = {}
    for row in selectors.line_execution(project):
        lines_by_task.setdefault(row.line.task_id, []).append(row)
    for task_row in selectors.task_execution(project):
        task = task_row.task
        values = [task.number, None, task.name, None, None, None, *_execution_values(task_row.execution)]
        cells = _budget_row(sheet, values, fill=True)
        cells[0].font = cells[2].font = BOLD
        sheet.append(cells)
        for line_row in lines_by_task.get(task.pk, []):
            line = line_row.line
            values = [
                f"{task.number}.",
                str(line.get_category_display()),
                line.name,
                line.unit,
                line.quantity,
                line.unit_price,
                *_execution_values(line_row.execution),
            ]
            sheet.append(_budget_row(sheet, values))
    total = selectors.project_execution(project)
    values = [None, None, _("Total"), None, None, None, *_execution_values(total)]
    sheet.append(_budget_row(sheet, values, bold=True))


def expenditures_of(projects):
    return (
        Expenditure.objects.filter(line__task__project__in=[p.pk for p in projects])
        .select_related("line__task__project", "entered_by")
        .order_by("line__task__project__number", "date", "pk")
    )


def _expenditure_sheet(workbook, projects, taken: set[str], progress=None) -> None:
    sheet = workbook.create_sheet(sheet_title(_("Expenditures"), taken))
    for index, width in enumerate([24, 8, 40, 12, 20, 36, 36, 16, 20], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
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
    sheet.append(_header_cells(sheet, labels))
    row = 2
    for expenditure in expenditures_of(projects).iterator(chunk_size=2000):
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
        cells = safe_row(sheet, values)
        cells[3].number_format = "DD.MM.YYYY"
        _money(cells[7])
        sheet.append(cells)
        row += 1
        if progress is not None and row % 1000 == 0:
            progress(row - 2)
    if row > 2:
        total = safe_row(sheet, [None] * 6 + [_("Total"), formula(f"=SUM(H2:H{row - 1})")], font=BOLD)
        _money(total[7])
        sheet.append(total)
    if progress is not None:
        progress(row - 2)


def write_budget_workbook(out, projects, progress=None) -> None:
    """The XLSX file of the projects' budgets and execution, written to `out` (a path or binary file)
    row by row; progress(expenditures written) now and then."""
    workbook = write_only_workbook()
    taken: set[str] = set()
    for project in projects:
        _project_sheet(workbook, project, taken)
    _expenditure_sheet(workbook, projects, taken, progress)
    workbook.save(out)


def budget_workbook(projects) -> bytes:
    """The XLSX file of the projects' budgets and execution, as bytes."""
    buffer = io.BytesIO()
    write_budget_workbook(buffer, projects)
    return buffer.getvalue()
