"""Writes to EU projects. Every write names its actor, checks the permission, validates fully and
leaves an audit trail (django-auditlog's actor is set around the save).

Rules that span rows live here: the budget tasks add up to the eligible costs, an expenditure may
not overrun its line, a shift moves only free money within one project (see `budget_check`).
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from szansa.domain.projects import enums
from szansa.domain.projects.models import (
    ZERO,
    ApplicationStatusChange,
    BudgetLine,
    BudgetShift,
    Expenditure,
    FundingApplication,
    IndirectCostRate,
    PaymentClaim,
    Project,
    line_amount,
)
from szansa.domain.projects.selectors import line_available
from szansa.lib.money import CENT, format_pln
from szansa.lib.services import require, save_validated

HUNDRED = Decimal("100")

# The refusal of a write, translated when it is shown.
DENIED = gettext_lazy("You may not do this in this project.")


# --- calls and applications ------------------------------------------------------------------------------


def call_save(*, actor, call):
    require(actor, "projects.change_call", message=DENIED)
    return save_validated(actor, call)


def application_save(*, actor, application: FundingApplication) -> FundingApplication:
    """Create or edit an application's data; its status changes only through application_transition."""
    require(actor, "projects.change_call", message=DENIED)
    return save_validated(actor, application)


@transaction.atomic
def application_transition(
    *, actor, application: FundingApplication, to: str, on: datetime.date, note: str = ""
) -> FundingApplication:
    """Move an application along draft → submitted → evaluated → selected / not selected →
    contract signed (or withdrawn before that), with a dated history row."""
    require(actor, "projects.change_call", message=DENIED)
    application = FundingApplication.objects.select_for_update().get(pk=application.pk)
    current = enums.ApplicationStatus(application.status)
    target = enums.ApplicationStatus(to)
    if target not in enums.APPLICATION_TRANSITIONS[current]:
        raise ValidationError(
            _('An application with the status "%(current)s" cannot become "%(target)s".')
            % {"current": current.label, "target": target.label},
            code="illegal_transition",
        )
    if application.status_changed_on and on < application.status_changed_on:
        raise ValidationError(
            _("The date cannot be earlier than the previous status change (%(date)s).")
            % {"date": f"{application.status_changed_on:%d.%m.%Y}"},
            code="transition_before_previous",
        )
    if target == enums.ApplicationStatus.SUBMITTED and application.submitted_on is None:
        application.submitted_on = on
    application.status = target
    application.status_changed_on = on
    save_validated(actor, application)
    with set_actor(actor):
        ApplicationStatusChange.objects.create(
            application=application, from_status=current, to_status=target, on=on, changed_by=actor, note=note
        )
    return application


# --- projects and their parts -------------------------------------------------------------------------------


def project_save(*, actor, project: Project) -> Project:
    require(
        actor,
        "projects.change_project" if project.pk else "projects.add_project",
        project if project.pk else None,
        message=DENIED,
    )
    return save_validated(actor, project)


def project_record_save(*, actor, record):
    """Save a row that belongs to a project: task, target group, indicator, staff assignment."""
    require(actor, "projects.change_project", record.project, message=DENIED)
    return save_validated(actor, record)


def budget_line_save(*, actor, line: BudgetLine) -> BudgetLine:
    """Save a direct line with amount = quantity × unit price (an indirect line: see indirect_costs_apply)."""
    require(actor, "projects.change_project", line.task.project, message=DENIED)
    if line.kind == enums.LineKind.DIRECT:
        line.amount = line_amount(line.quantity, line.unit_price)
    if line.pk:
        with transaction.atomic():
            saved = BudgetLine.objects.select_for_update().get(pk=line.pk)
            # What is already spent (net of shifts) cannot be planned away.
            minimum = saved.amount - line_available(saved)
            if line.amount < minimum:
                message = _(
                    'The line "%(line)s" already has %(used)s spent (after shifts); '
                    "its amount cannot be lower than that."
                ) % {"line": line.name, "used": format_pln(minimum)}
                raise ValidationError({"quantity": ValidationError(message, code="below_spent")})
            return save_validated(actor, line)
    return save_validated(actor, line)


# --- indirect costs --------------------------------------------------------------------------------------


def flat_rate_for(direct_costs: Decimal, period: str) -> Decimal:
    """The indirect-cost flat rate for the project's total direct costs, as data
    (docs/projects-and-budget.md)."""
    rates = IndirectCostRate.objects.filter(period=period)
    for row in rates:  # ordered by threshold, the open-ended row last
        if row.direct_costs_up_to is None or direct_costs <= row.direct_costs_up_to:
            return row.rate
    raise ValidationError(
        _("No indirect-cost flat rate is defined for the period %(period)s.") % {"period": period},
        code="no_flat_rate",
    )


def direct_costs(project: Project) -> Decimal:
    return (
        BudgetLine.objects.filter(task__project=project, kind=enums.LineKind.DIRECT).aggregate(
            total=Sum("amount")
        )["total"]
        or ZERO
    )


def flat_rate_amount(direct: Decimal, rate: Decimal) -> Decimal:
    return (direct * rate / HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


@transaction.atomic
def indirect_costs_apply(*, actor, project: Project) -> list[BudgetLine]:
    """Set each indirect flat-rate line to the rate for the current direct costs × those costs."""
    require(actor, "projects.change_project", project, message=DENIED)
    direct = direct_costs(project)
    rate = flat_rate_for(direct, project.measure.programme.period)
    lines = list(BudgetLine.objects.filter(task__project=project, kind=enums.LineKind.INDIRECT_FLAT_RATE))
    for line in lines:
        line.flat_rate = rate
        line.quantity = Decimal("1.00")
        line.unit_price = line.amount = flat_rate_amount(direct, rate)
        save_validated(actor, line)
    return lines


# --- budget check (rules across rows) --------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One broken budget rule: a stable code for programs and a translated message for people."""

    code: str
    message: str

    def __str__(self):
        return self.message


def budget_check(project: Project) -> list[Problem]:
    """Everything wrong with a project's budget, as a list (empty when the budget is consistent)."""
    problems = []
    lines = list(BudgetLine.objects.filter(task__project=project))
    total = sum((line.amount for line in lines), ZERO)
    if total != project.eligible_costs:
        problems.append(
            Problem(
                "tasks_not_eligible_costs",
                _(
                    "The budget tasks add up to %(total)s but the eligible costs are %(eligible)s "
                    "(difference %(difference)s)."
                )
                % {
                    "total": format_pln(total),
                    "eligible": format_pln(project.eligible_costs),
                    "difference": format_pln(total - project.eligible_costs),
                },
            )
        )
    direct = sum((line.amount for line in lines if line.kind == enums.LineKind.DIRECT), ZERO)
    indirect = [line for line in lines if line.kind == enums.LineKind.INDIRECT_FLAT_RATE]
    if indirect:
        problems.extend(_check_indirect(project, direct, indirect))
    problems.extend(_check_cross_financing(project, lines))
    problems.extend(_check_call_cap(project))
    return problems


def _check_indirect(project, direct, indirect) -> list[Problem]:
    problems = []
    if len(indirect) > 1:
        problems.append(
            Problem("several_indirect_lines", _("The budget has more than one indirect-cost line."))
        )
    rate = flat_rate_for(direct, project.measure.programme.period)
    for line in indirect:
        if line.flat_rate != rate:
            problems.append(
                Problem(
                    "flat_rate_wrong",
                    _(
                        "Direct costs of %(direct)s allow indirect costs at %(rate)s %%, "
                        "the line uses %(used)s %%."
                    )
                    % {"direct": format_pln(direct), "rate": rate, "used": line.flat_rate},
                )
            )
        expected = flat_rate_amount(direct, line.flat_rate)
        if line.amount != expected:
            problems.append(
                Problem(
                    "indirect_amount_wrong",
                    _(
                        "Indirect costs should be %(expected)s (%(rate)s %% of %(direct)s), "
                        "the line says %(amount)s."
                    )
                    % {
                        "expected": format_pln(expected),
                        "rate": line.flat_rate,
                        "direct": format_pln(direct),
                        "amount": format_pln(line.amount),
                    },
                )
            )
    return problems


def _check_cross_financing(project, lines) -> list[Problem]:
    cap = project.measure.programme.cross_financing_max
    if cap is None:
        return []
    cross = sum((line.amount for line in lines if line.category == enums.CostCategory.CROSS_FINANCING), ZERO)
    problems = []
    for code, base, label in (
        ("cross_financing_over_cap", project.eligible_costs, _("of the eligible costs")),
        ("cross_financing_over_eu_cap", project.eu_share, _("of the EU funding")),
    ):
        if base is None:
            continue
        limit = (base * cap / HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)
        if cross > limit:
            problems.append(
                Problem(
                    code,
                    _("Cross-financing of %(cross)s exceeds %(cap)s %% %(base)s (%(limit)s).")
                    % {"cross": format_pln(cross), "cap": cap, "base": label, "limit": format_pln(limit)},
                )
            )
    return problems


def _check_call_cap(project) -> list[Problem]:
    call = project.application.call if project.application_id else None
    if call is None or call.cofinancing_rate_max is None or not project.eligible_costs:
        return []
    rate = project.cofinancing * HUNDRED / project.eligible_costs
    if rate > call.cofinancing_rate_max:
        return [
            Problem(
                "cofinancing_above_call_max",
                _("The co-financing rate %(rate)s %% exceeds the call's maximum of %(max)s %%.")
                % {"rate": project.cofinancing_rate, "max": call.cofinancing_rate_max},
            )
        ]
    return []


# --- spending ----------------------------------------------------------------------------------------------


def _overrun_error(line: BudgetLine, available: Decimal, amount: Decimal) -> ValidationError:
    return ValidationError(
        _(
            'The expenditure of %(amount)s would overrun the line "%(line)s": %(available)s remains, '
            "the overrun would be %(overrun)s. Ask the project coordinator to shift money to this line first."
        )
        % {
            "amount": format_pln(amount),
            "line": line.name,
            "available": format_pln(available),
            "overrun": format_pln(amount - available),
        },
        code="line_overrun",
    )


@transaction.atomic
def expenditure_record(*, actor, line: BudgetLine, **fields) -> Expenditure:
    """Record an expenditure on a line; refuse one that would overrun the line.

    The line row is locked (SELECT … FOR UPDATE) before the remaining amount is read, so two
    concurrent expenditures on the same line are serialised and cannot both pass.
    """
    line = BudgetLine.objects.select_for_update().select_related("task__project").get(pk=line.pk)
    require(actor, "projects.record_expenditure", line.task.project, message=DENIED)
    expenditure = Expenditure(line=line, entered_by=actor, **fields)
    expenditure.full_clean()
    available = line_available(line)
    if expenditure.amount > available:
        raise _overrun_error(line, available, expenditure.amount)
    with set_actor(actor):
        expenditure.save()
    return expenditure


@transaction.atomic
def budget_shift_record(
    *,
    actor,
    from_line: BudgetLine,
    to_line: BudgetLine,
    amount: Decimal,
    justification: str,
    on: datetime.date | None = None,
) -> BudgetShift:
    """Move free money from one line to another of the same project, justified and kept in history."""
    locked = {
        line.pk: line
        for line in BudgetLine.objects.select_for_update()
        .select_related("task__project")
        .filter(pk__in=[from_line.pk, to_line.pk])
        .order_by("pk")  # a fixed lock order: two opposite shifts cannot deadlock
    }
    from_line, to_line = locked[from_line.pk], locked.get(to_line.pk, locked[from_line.pk])
    project = from_line.task.project
    require(actor, "projects.shift_budget", project, message=DENIED)
    if to_line.task.project_id != project.pk:
        raise ValidationError(
            _("Money can only be shifted between lines of the same project."), code="other_project"
        )
    if not (justification or "").strip():
        raise ValidationError(
            {
                "justification": ValidationError(
                    _("Give a justification for the shift."), code="justification_required"
                )
            }
        )
    free = line_available(from_line)
    if amount > free:
        raise ValidationError(
            _('Only %(free)s is free on the line "%(line)s"; %(amount)s cannot be shifted.')
            % {"free": format_pln(free), "line": from_line.name, "amount": format_pln(amount)},
            code="shift_over_free",
        )
    shift = BudgetShift(
        project=project,
        from_line=from_line,
        to_line=to_line,
        amount=amount,
        justification=justification.strip(),
        approved_by=actor,
        date=on or datetime.date.today(),
    )
    return save_validated(actor, shift)


CLAIM_TRANSITIONS = {
    enums.ClaimStatus.DRAFT: {enums.ClaimStatus.SUBMITTED},
    enums.ClaimStatus.SUBMITTED: {enums.ClaimStatus.APPROVED, enums.ClaimStatus.REJECTED},
    enums.ClaimStatus.REJECTED: {enums.ClaimStatus.DRAFT},
    enums.ClaimStatus.APPROVED: {enums.ClaimStatus.PAID},
    enums.ClaimStatus.PAID: set(),
}


def payment_claim_save(*, actor, claim: PaymentClaim) -> PaymentClaim:
    """Create or edit a payment claim (the clerk books them, like expenditures)."""
    require(actor, "projects.record_expenditure", claim.project, message=DENIED)
    if claim.entered_by_id is None:
        claim.entered_by = actor
    return save_validated(actor, claim)


@transaction.atomic
def payment_claim_transition(
    *, actor, claim: PaymentClaim, to: str, on: datetime.date, approved_amount: Decimal | None = None
) -> PaymentClaim:
    """draft → submitted → approved (with the approved amount) / rejected → paid."""
    require(actor, "projects.record_expenditure", claim.project, message=DENIED)
    current, target = enums.ClaimStatus(claim.status), enums.ClaimStatus(to)
    if target not in CLAIM_TRANSITIONS[current]:
        raise ValidationError(
            _('A payment claim with the status "%(current)s" cannot become "%(target)s".')
            % {"current": current.label, "target": target.label},
            code="illegal_transition",
        )
    if target == enums.ClaimStatus.SUBMITTED:
        claim.submitted_on = on
    if target == enums.ClaimStatus.APPROVED:
        claim.approved_amount = claim.amount_claimed if approved_amount is None else approved_amount
    last_payment = claim.project.last_payment_date
    if target == enums.ClaimStatus.PAID and (last_payment is None or on > last_payment):
        claim.project.last_payment_date = on  # drives the retention date (docs/data-protection.md)
        save_validated(actor, claim.project)
    claim.status = target
    return save_validated(actor, claim)
