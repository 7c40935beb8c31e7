"""Reads for pages, API and exports: budget execution. (A project's participants are counted by
szansa.domain.recruitment.selectors, its indicators by szansa.domain.support.indicators: both apps build
on projects, so the page or serializer asks each of them.)

Execution of a line = planned amount + shifts in − shifts out (the current plan), spent, and what
remains (available = plan − spent). Sums come from correlated subqueries, so a project's lines,
tasks or a list of projects cost a constant number of queries whatever their size (no N+1 and no
double counting from joining two child tables at once).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from szansa.domain.projects.models import (
    ZERO,
    BudgetLine,
    BudgetShift,
    BudgetTask,
    Expenditure,
    Project,
    percent,
)

MONEY = DecimalField(max_digits=14, decimal_places=2)


def _subtotal(queryset, field: str):
    # Group by a constant so the subquery yields one row per outer row.
    grouped = (
        queryset.order_by().annotate(_g=Value(1)).values("_g").annotate(total=Sum(field)).values("total")
    )
    return Coalesce(Subquery(grouped, output_field=MONEY), Value(ZERO), output_field=MONEY)


def annotate_line_execution(lines):
    """Lines with shifted_in, shifted_out, plan, spent and available."""
    return lines.annotate(
        shifted_in=_subtotal(BudgetShift.objects.filter(to_line=OuterRef("pk")), "amount"),
        shifted_out=_subtotal(BudgetShift.objects.filter(from_line=OuterRef("pk")), "amount"),
        spent=_subtotal(Expenditure.objects.filter(line=OuterRef("pk")), "amount"),
    ).annotate(
        plan=F("amount") + F("shifted_in") - F("shifted_out"),
        available=F("amount") + F("shifted_in") - F("shifted_out") - F("spent"),
    )


@dataclass(frozen=True)
class Execution:
    """Planned, moved, spent and remaining money of a line, a task or a project."""

    planned: Decimal
    shifts_in: Decimal
    shifts_out: Decimal
    spent: Decimal

    @property
    def plan(self) -> Decimal:
        """The plan after shifts."""
        return self.planned + self.shifts_in - self.shifts_out

    @property
    def remaining(self) -> Decimal:
        return self.plan - self.spent

    @property
    def percent_executed(self) -> Decimal:
        """Spent as a percentage of the plan after shifts, 2 places (0 for an empty plan)."""
        return percent(self.spent, self.plan) or ZERO


@dataclass(frozen=True)
class LineExecution:
    line: BudgetLine
    execution: Execution


@dataclass(frozen=True)
class TaskExecution:
    task: BudgetTask
    execution: Execution


def _execution(row) -> Execution:
    return Execution(
        planned=row.amount_planned, shifts_in=row.shifted_in, shifts_out=row.shifted_out, spent=row.spent
    )


def line_execution(project: Project) -> list[LineExecution]:
    """Every line of a project with its execution (one query)."""
    lines = (
        annotate_line_execution(BudgetLine.objects.filter(task__project=project))
        .annotate(amount_planned=F("amount"))
        .select_related("task")
        .order_by("task__number", "pk")
    )
    return [LineExecution(line, _execution(line)) for line in lines]


def line_available(line: BudgetLine) -> Decimal:
    """What may still be spent on one line (plan after shifts − spent)."""
    return (
        annotate_line_execution(BudgetLine.objects.filter(pk=line.pk))
        .values_list("available", flat=True)
        .get()
    )


def task_execution(project: Project) -> list[TaskExecution]:
    """Every task of a project with the execution of its lines summed (one query)."""
    tasks = (
        BudgetTask.objects.filter(project=project)
        .annotate(
            amount_planned=_subtotal(BudgetLine.objects.filter(task=OuterRef("pk")), "amount"),
            shifted_in=_subtotal(BudgetShift.objects.filter(to_line__task=OuterRef("pk")), "amount"),
            shifted_out=_subtotal(BudgetShift.objects.filter(from_line__task=OuterRef("pk")), "amount"),
            spent=_subtotal(Expenditure.objects.filter(line__task=OuterRef("pk")), "amount"),
        )
        .order_by("number")
    )
    return [TaskExecution(task, _execution(task)) for task in tasks]


def with_execution(projects):
    """Projects annotated with planned (sum of lines), shifts, and spent, for lists and the API."""
    return projects.annotate(
        amount_planned=_subtotal(BudgetLine.objects.filter(task__project=OuterRef("pk")), "amount"),
        shifted_in=_subtotal(BudgetShift.objects.filter(project=OuterRef("pk")), "amount"),
        shifted_out=_subtotal(BudgetShift.objects.filter(project=OuterRef("pk")), "amount"),
        spent=_subtotal(Expenditure.objects.filter(line__task__project=OuterRef("pk")), "amount"),
    )


def project_execution(project: Project) -> Execution:
    """The whole project's execution. Shifts move money inside the project, so in and out cancel."""
    row = with_execution(Project.objects.filter(pk=project.pk)).get()
    return _execution(row)


def execution_of(annotated_project) -> Execution:
    """The Execution of a project row that came from `with_execution`."""
    return _execution(annotated_project)
