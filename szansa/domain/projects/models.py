"""EU projects: calls, funding applications, projects, budgets and spending (ARCHITECTURE.md: projects/).

Money is Decimal(12, 2) in PLN everywhere, never float. Rules that hold within one row are database
CheckConstraints (with translated messages, so `full_clean` reports them too); rules that span rows
(the budget tasks add up to the eligible costs, a line is not overrun) live in `services`.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Round
from django.utils.translation import gettext_lazy as _

from szansa.domain.people.validators import compact_identifier, validate_nip, validate_regon
from szansa.domain.projects import enums
from szansa.lib.money import format_pln

ZERO = Decimal("0.00")
HUNDRED = Decimal("100")
RATE_PLACES = Decimal("0.01")


def percent(part, whole, places: Decimal = RATE_PLACES) -> Decimal | None:
    """part / whole as a percentage, rounded half-up to two places for display.

    The amounts are stored exactly; only the rate is rounded, and only here (docs/projects-and-budget.md:
    1 031 544,93 / 1 216 630,61 = 84,787… % shows as 84,79 %). None when the whole is zero or unknown.
    """
    if part is None or not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(places, rounding=ROUND_HALF_UP)


def money_field(verbose_name, **kwargs):
    kwargs.setdefault("validators", [MinValueValidator(ZERO)])
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, **kwargs)


def rate_field(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name,
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(ZERO), MaxValueValidator(HUNDRED)],
        **kwargs,
    )


# --- programmes and calls ------------------------------------------------------------------------------


class ManagingBody(models.Model):
    """An institution that runs calls and funds projects (instytucja zarządzająca / pośrednicząca)."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    city = models.CharField(_("city"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=enums.BodyKind.choices)
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("Sources; values marked 'verify' are unconfirmed.")
    )

    class Meta:
        verbose_name = _("managing or intermediate body")
        verbose_name_plural = _("managing and intermediate bodies")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Programme(models.Model):
    """An operational programme with the period in which its expenditure is eligible."""

    code = models.CharField(_("code"), max_length=40, unique=True, help_text=_("E.g. RPO WM 2014-2020."))
    name = models.CharField(_("name"), max_length=255)
    period = models.CharField(_("financial period"), max_length=9, choices=enums.ProgrammePeriod.choices)
    eligibility_start = models.DateField(_("eligibility from"))
    eligibility_end = models.DateField(_("eligibility until"))
    managing_body = models.ForeignKey(
        ManagingBody,
        verbose_name=_("managing body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    cross_financing_max = rate_field(
        _("cross-financing cap (% of eligible costs and of EU funding)"),
        null=True,
        blank=True,
        help_text=_(
            "EFS programmes 2014-2020: 10 % (Wytyczne w zakresie kwalifikowalności wydatków 2014-2020). "
            "Empty: no cap."
        ),
    )
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("Sources; values marked 'verify' are unconfirmed.")
    )

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(eligibility_end__gte=F("eligibility_start")),
                name="programme_eligibility_ordered",
                violation_error_code="programme_eligibility_ordered",
                violation_error_message=_("The eligibility period must not end before it starts."),
            )
        ]

    def __str__(self):
        return self.code


class Measure(models.Model):
    """A priority axis / measure / sub-measure of a programme (e.g. 9.1.1 or 2.5)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="measures"
    )
    priority_axis = models.CharField(_("priority axis"), max_length=100, blank=True)
    code = models.CharField(_("measure / sub-measure"), max_length=20, help_text=_("E.g. 9.1.1 or 2.5."))
    name = models.CharField(_("name"), max_length=255)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["programme__code", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "code"],
                name="measure_code_unique_in_programme",
                violation_error_code="measure_code_unique_in_programme",
                violation_error_message=_("The programme already has a measure with this code."),
            )
        ]

    def __str__(self):
        return f"{self.programme.code} {self.code} {self.name}"


class IndirectCostRate(models.Model):
    """The flat rate of indirect costs by the project's total direct costs, as data
    (docs/projects-and-budget.md).

    The row with the smallest `direct_costs_up_to` not below the direct costs applies; a row with
    no upper bound covers everything above the last threshold.
    """

    period = models.CharField(_("financial period"), max_length=9, choices=enums.ProgrammePeriod.choices)
    direct_costs_up_to = money_field(
        _("direct costs up to (zł)"), null=True, blank=True, help_text=_("Empty: no upper bound.")
    )
    rate = rate_field(_("flat rate (%)"))
    legal_basis = models.CharField(_("legal basis"), max_length=255)

    class Meta:
        verbose_name = _("indirect-cost flat rate")
        verbose_name_plural = _("indirect-cost flat rates")
        ordering = ["period", F("direct_costs_up_to").asc(nulls_last=True)]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "direct_costs_up_to"],
                name="indirect_rate_threshold_unique",
                nulls_distinct=False,
            )
        ]

    def __str__(self):
        bound = format_pln(self.direct_costs_up_to) if self.direct_costs_up_to is not None else "∞"
        return f"{self.period}: ≤ {bound} → {self.rate} %"


class Call(models.Model):
    """A call for proposals (nabór / konkurs) of a managing or intermediate body."""

    number = models.CharField(_("call number"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=255, blank=True)
    body = models.ForeignKey(
        ManagingBody, verbose_name=_("announced by"), on_delete=models.PROTECT, related_name="calls"
    )
    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.PROTECT, related_name="calls"
    )
    announced_on = models.DateField(_("announced on"))
    deadline = models.DateField(_("deadline for applications"), null=True, blank=True)
    funds_available = money_field(_("funds available (zł)"), null=True, blank=True)
    applications_count = models.PositiveIntegerField(_("applications received"), null=True, blank=True)
    cofinancing_rate_max = rate_field(_("maximum co-financing rate (%)"), null=True, blank=True)
    eu_rate = rate_field(
        _("EU share of eligible costs (%)"),
        null=True,
        blank=True,
        help_text=_("E.g. 84.28 % in PO WER; the rest of the co-financing is the state budget."),
    )
    social_effectiveness_min = rate_field(_("social effectiveness threshold (%)"), null=True, blank=True)
    employment_effectiveness_min = rate_field(
        _("employment effectiveness threshold (%)"), null=True, blank=True
    )
    # The second group of the effectiveness rules (severe degree, intellectual or multiple disabilities,
    # docs/indicators.md#effectiveness-thresholds): empty = the guideline's values of
    # support/data/effectiveness_thresholds.json.
    severe_social_effectiveness_min = rate_field(
        _("social effectiveness threshold, severe/intellectual/multiple disabilities (%)"),
        null=True,
        blank=True,
        help_text=_("Empty: the guideline's value (34 %)."),
    )
    severe_employment_effectiveness_min = rate_field(
        _("employment effectiveness threshold, severe/intellectual/multiple disabilities (%)"),
        null=True,
        blank=True,
        help_text=_("Empty: the guideline's value (12 %)."),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-announced_on", "number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__isnull=True) | Q(deadline__gte=F("announced_on")),
                name="call_deadline_after_announcement",
                violation_error_code="call_deadline_after_announcement",
                violation_error_message=_("The deadline cannot be earlier than the announcement."),
            )
        ]

    def __str__(self):
        return self.number


class FundingApplication(models.Model):
    """A funding application (wniosek o dofinansowanie) submitted in a call; status via services only."""

    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="applications"
    )
    title = models.CharField(_("project title"), max_length=255)
    applicant = models.CharField(_("applicant"), max_length=255, help_text=_("The centre that applies."))
    requested_amount = money_field(_("requested co-financing (zł)"))
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    rank_position = models.PositiveIntegerField(_("position on the ranking list"), null=True, blank=True)
    rank_of = models.PositiveIntegerField(_("applications on the ranking list"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=enums.ApplicationStatus.choices,
        default=enums.ApplicationStatus.DRAFT,
        editable=False,
    )
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True, editable=False)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("funding application")
        verbose_name_plural = _("funding applications")
        ordering = ["call", "rank_position", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rank_position__isnull=True)
                | (Q(rank_position__gte=1) & (Q(rank_of__isnull=True) | Q(rank_position__lte=F("rank_of")))),
                name="application_rank_within_list",
                violation_error_code="application_rank_within_list",
                violation_error_message=_("The ranking position must lie between 1 and the number ranked."),
            )
        ]

    def __str__(self):
        return self.title

    @property
    def ranking_display(self) -> str:
        """ "15 of 56" (translated), or "" before the ranking list is known."""
        if self.rank_position is None:
            return ""
        if self.rank_of is None:
            return str(self.rank_position)
        return _("%(position)s of %(total)s") % {"position": self.rank_position, "total": self.rank_of}


class ApplicationStatusChange(models.Model):
    """One dated step in an application's history, written by services.application_transition."""

    application = models.ForeignKey(
        FundingApplication, verbose_name=_("application"), on_delete=models.CASCADE, related_name="history"
    )
    from_status = models.CharField(_("from"), max_length=20, choices=enums.ApplicationStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=enums.ApplicationStatus.choices)
    on = models.DateField(_("on"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.RESTRICT, related_name="+"
    )
    changed_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("application status change")
        verbose_name_plural = _("application status changes")
        ordering = ["application", "on", "pk"]

    def __str__(self):
        return f"{self.on:%d.%m.%Y}: {self.get_from_status_display()} → {self.get_to_status_display()}"


# --- projects --------------------------------------------------------------------------------------------


class ProjectQuerySet(models.QuerySet):
    # Which projects a user may see: projects.access.scope_projects (access builds on the models).

    def running_on(self, day):
        return self.filter(start__lte=day, end__gte=day)


class Project(models.Model):
    """A funded project (projekt) with its financing plan.

    Invariants (docs/projects-and-budget.md), as constraints: co-financing ≤ eligible costs ≤ total value;
    eligible = co-financing + own contribution; EU share + state budget = co-financing when both
    are known; start ≤ end. The programme's eligibility period is checked in `clean` (it spans tables).
    """

    number = models.CharField(_("project number"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=255)
    beneficiary = models.CharField(_("beneficiary"), max_length=255, help_text=_("The centre that runs it."))
    beneficiary_nip = models.CharField(
        _("beneficiary's NIP"), max_length=20, blank=True, validators=[validate_nip]
    )
    beneficiary_regon = models.CharField(
        _("beneficiary's REGON"), max_length=14, blank=True, validators=[validate_regon]
    )
    partners = models.TextField(_("partners"), blank=True, help_text=_("One partner per line."))
    application = models.OneToOneField(
        FundingApplication,
        verbose_name=_("funding application"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project",
    )
    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.PROTECT, related_name="projects"
    )
    goal = models.TextField(_("goal"), blank=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    total_value = money_field(_("total value (zł)"))
    eligible_costs = money_field(_("eligible costs (zł)"))
    cofinancing = money_field(_("co-financing (zł)"), help_text=_("EU share plus state budget."))
    own_contribution = money_field(_("own contribution (zł)"))
    eu_share = money_field(_("EU share (zł)"), null=True, blank=True)
    state_budget_share = money_field(_("state budget (zł)"), null=True, blank=True)
    participant_limit = models.PositiveIntegerField(_("participant limit"), null=True, blank=True)
    last_payment_date = models.DateField(
        _("date of the last payment"),
        null=True,
        blank=True,
        help_text=_("Starts the retention period of the project documents."),
    )
    # Retention of the project's documents (docs/data-protection.md#retention), read by szansa.domain.privacy.
    documents_kept_until = models.DateField(
        _("documents kept until"),
        null=True,
        blank=True,
        help_text=_(
            "2014-2020 projects: the date until which the managing body requires the documents to be "
            "available (Regulation (EU) No 1303/2013, art. 140)."
        ),
    )
    public_aid_granted_on = models.DateField(
        _("public aid granted on"),
        null=True,
        blank=True,
        help_text=_(
            "Only for a project that involves public or de minimis aid: its records are kept ten years "
            "from this day."
        ),
    )
    notes = models.TextField(_("notes"), blank=True, help_text=_("E.g. which amounts are estimates."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-start", "number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cofinancing__lte=F("eligible_costs")),
                name="project_cofinancing_within_eligible",
                violation_error_code="project_cofinancing_within_eligible",
                violation_error_message=_("The co-financing cannot exceed the eligible costs."),
            ),
            models.CheckConstraint(
                condition=Q(eligible_costs__lte=F("total_value")),
                name="project_eligible_within_total",
                violation_error_code="project_eligible_within_total",
                violation_error_message=_("The eligible costs cannot exceed the total value of the project."),
            ),
            models.CheckConstraint(
                condition=Q(eligible_costs=F("cofinancing") + F("own_contribution")),
                name="project_eligible_is_cofinancing_plus_own",
                violation_error_code="project_eligible_is_cofinancing_plus_own",
                violation_error_message=_(
                    "The eligible costs must equal the co-financing plus the own contribution."
                ),
            ),
            models.CheckConstraint(
                condition=Q(eu_share__isnull=True)
                | Q(state_budget_share__isnull=True)
                | Q(cofinancing=F("eu_share") + F("state_budget_share")),
                name="project_cofinancing_split_adds_up",
                violation_error_code="project_cofinancing_split_adds_up",
                violation_error_message=_(
                    "The EU share and the state budget must add up to the co-financing."
                ),
            ),
            models.CheckConstraint(
                condition=Q(end__gte=F("start")),
                name="project_period_ordered",
                violation_error_code="project_period_ordered",
                violation_error_message=_("The project cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(
                    total_value__gte=0, eligible_costs__gte=0, cofinancing__gte=0, own_contribution__gte=0
                ),
                name="project_amounts_not_negative",
                violation_error_code="project_amounts_not_negative",
                violation_error_message=_("Amounts cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def save(self, *args, **kwargs):
        self.beneficiary_nip = compact_identifier(self.beneficiary_nip)
        self.beneficiary_regon = compact_identifier(self.beneficiary_regon)
        super().save(*args, **kwargs)

    # Derived figures: rates are on the eligible costs (docs/projects-and-budget.md), rounded to 2 places
    # for display.
    @property
    def non_eligible_costs(self) -> Decimal:
        return self.total_value - self.eligible_costs

    @property
    def cofinancing_rate(self) -> Decimal | None:
        return percent(self.cofinancing, self.eligible_costs)

    @property
    def own_contribution_rate(self) -> Decimal | None:
        return percent(self.own_contribution, self.eligible_costs)

    @property
    def eu_rate(self) -> Decimal | None:
        return percent(self.eu_share, self.eligible_costs)

    @property
    def state_budget_rate(self) -> Decimal | None:
        return percent(self.state_budget_share, self.eligible_costs)

    @property
    def programme(self) -> Programme:
        return self.measure.programme

    def status_on(self, day) -> str:
        """planned / running / finished on a day (for lists and dashboards)."""
        if day < self.start:
            return "planned"
        return "running" if day <= self.end else "finished"

    def clean(self):
        errors = {}
        if self.measure_id and self.start and self.end:
            programme = self.measure.programme
            if self.start < programme.eligibility_start or self.end > programme.eligibility_end:
                errors["end" if self.start >= programme.eligibility_start else "start"] = ValidationError(
                    _(
                        "The project period must lie within the eligibility period of %(programme)s "
                        "(%(start)s – %(end)s)."
                    ),
                    code="outside_eligibility",
                    params={
                        "programme": programme.code,
                        "start": f"{programme.eligibility_start:%d.%m.%Y}",
                        "end": f"{programme.eligibility_end:%d.%m.%Y}",
                    },
                )
        if errors:
            raise ValidationError(errors)


class ProjectRecord(models.Model):
    """Base of rows that belong to a project: auditlog groups their history under it."""

    class Meta:
        abstract = True

    def get_additional_data(self):
        return {"project_id": self.project_id}


# --- budget ------------------------------------------------------------------------------------------------


class BudgetTask(ProjectRecord):
    """A budget task (zadanie) of a project; its lines add up to its amount."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="tasks"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=255)

    class Meta:
        verbose_name = _("budget task")
        verbose_name_plural = _("budget tasks")
        ordering = ["project", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "number"],
                name="budget_task_number_unique",
                violation_error_code="budget_task_number_unique",
                violation_error_message=_("The project already has a task with this number."),
            )
        ]

    def __str__(self):
        return _("Task %(number)s: %(name)s") % {"number": self.number, "name": self.name}


class BudgetLine(models.Model):
    """A line of the budget: quantity × unit price = amount (stored and checked), or a flat rate.

    An indirect flat-rate line holds the rate applied to the project's direct costs
    (services.indirect_costs_apply keeps it up to date: quantity 1, unit price = amount).
    """

    task = models.ForeignKey(
        BudgetTask, verbose_name=_("task"), on_delete=models.CASCADE, related_name="lines"
    )
    category = models.CharField(_("category"), max_length=30, choices=enums.CostCategory.choices)
    name = models.CharField(_("name"), max_length=255)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    quantity = models.DecimalField(
        _("quantity"), max_digits=12, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )
    unit_price = money_field(_("unit price (zł)"))
    amount = money_field(_("amount (zł)"))
    kind = models.CharField(
        _("kind"), max_length=20, choices=enums.LineKind.choices, default=enums.LineKind.DIRECT
    )
    flat_rate = rate_field(_("flat rate (%)"), null=True, blank=True)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["task__number", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount=Round(F("quantity") * F("unit_price"), 2)),
                name="budget_line_amount_is_quantity_times_price",
                violation_error_code="budget_line_amount_is_quantity_times_price",
                violation_error_message=_("The amount must equal the quantity times the unit price."),
            ),
            models.CheckConstraint(
                condition=Q(kind="direct", flat_rate__isnull=True)
                | Q(kind="indirect_flat_rate", flat_rate__isnull=False, category="indirect"),
                name="budget_line_flat_rate_only_for_indirect",
                violation_error_code="budget_line_flat_rate_only_for_indirect",
                violation_error_message=_(
                    "Only an indirect-cost line has a flat rate, and it must have one "
                    "(category: indirect costs)."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.task.number}.{self.name}"

    @property
    def project_id(self):
        return self.task.project_id

    def get_additional_data(self):
        return {"project_id": self.task.project_id}


def line_amount(quantity, unit_price) -> Decimal:
    """quantity × unit price, rounded half-up to the grosz (PostgreSQL's round() does the same)."""
    return (Decimal(quantity) * Decimal(unit_price)).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


class Expenditure(models.Model):
    """An expenditure (wydatek) charged to a budget line; recorded by services.expenditure_record."""

    line = models.ForeignKey(
        BudgetLine, verbose_name=_("budget line"), on_delete=models.PROTECT, related_name="expenditures"
    )
    date = models.DateField(_("date"))
    document_number = models.CharField(_("document number"), max_length=100)
    supplier = models.CharField(_("supplier"), max_length=255)
    supplier_nip = models.CharField(_("supplier's NIP"), max_length=20, blank=True, validators=[validate_nip])
    amount = money_field(_("amount (zł)"), validators=[MinValueValidator(Decimal("0.01"))])
    description = models.CharField(_("description"), max_length=255, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.RESTRICT, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("expenditure")
        verbose_name_plural = _("expenditures")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="expenditure_amount_positive",
                violation_error_code="expenditure_amount_positive",
                violation_error_message=_("The amount must be greater than zero."),
            )
        ]

    def __str__(self):
        return f"{self.date:%d.%m.%Y} {self.document_number}: {format_pln(self.amount)}"

    def save(self, *args, **kwargs):
        self.supplier_nip = compact_identifier(self.supplier_nip)
        super().save(*args, **kwargs)

    def get_additional_data(self):
        return {"project_id": self.line.task.project_id}


class BudgetShift(ProjectRecord):
    """Money moved between two lines of one project, with its justification (kept as history)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="budget_shifts"
    )
    from_line = models.ForeignKey(
        BudgetLine, verbose_name=_("from line"), on_delete=models.PROTECT, related_name="shifts_out"
    )
    to_line = models.ForeignKey(
        BudgetLine, verbose_name=_("to line"), on_delete=models.PROTECT, related_name="shifts_in"
    )
    amount = money_field(_("amount (zł)"), validators=[MinValueValidator(Decimal("0.01"))])
    justification = models.TextField(_("justification"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), on_delete=models.RESTRICT, related_name="+"
    )
    date = models.DateField(_("date"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("budget shift")
        verbose_name_plural = _("budget shifts")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="budget_shift_amount_positive",
                violation_error_code="budget_shift_amount_positive",
                violation_error_message=_("The amount must be greater than zero."),
            ),
            models.CheckConstraint(
                condition=~Q(from_line=F("to_line")),
                name="budget_shift_between_two_lines",
                violation_error_code="budget_shift_between_two_lines",
                violation_error_message=_("A shift needs two different lines."),
            ),
            models.CheckConstraint(
                condition=~Q(justification=""),
                name="budget_shift_justified",
                violation_error_code="budget_shift_justified",
                violation_error_message=_("Give a justification for the shift."),
            ),
        ]

    def __str__(self):
        return f"{self.date:%d.%m.%Y}: {self.from_line} → {self.to_line} {format_pln(self.amount)}"


class PaymentClaim(ProjectRecord):
    """A payment claim (wniosek o płatność) for a period."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="payment_claims"
    )
    number = models.CharField(_("number"), max_length=60, blank=True)
    period_from = models.DateField(_("period from"))
    period_to = models.DateField(_("period to"))
    amount_claimed = money_field(_("amount claimed (zł)"))
    status = models.CharField(
        _("status"), max_length=20, choices=enums.ClaimStatus.choices, default=enums.ClaimStatus.DRAFT
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    approved_amount = money_field(_("approved amount (zł)"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("payment claim")
        verbose_name_plural = _("payment claims")
        ordering = ["project", "period_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_to__gte=F("period_from")),
                name="payment_claim_period_ordered",
                violation_error_code="payment_claim_period_ordered",
                violation_error_message=_("The period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(approved_amount__isnull=True) | Q(approved_amount__lte=F("amount_claimed")),
                name="payment_claim_approved_within_claimed",
                violation_error_code="payment_claim_approved_within_claimed",
                violation_error_message=_("The approved amount cannot exceed the amount claimed."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_on__isnull=False),
                name="payment_claim_submitted_dated",
                violation_error_code="payment_claim_submitted_dated",
                violation_error_message=_("Give the date the claim was submitted."),
            ),
        ]

    def __str__(self):
        return f"{self.period_from:%d.%m.%Y} – {self.period_to:%d.%m.%Y}: {format_pln(self.amount_claimed)}"


# --- target groups, indicators, staff -------------------------------------------------------------------


class TargetGroup(ProjectRecord):
    """Who the project supports in a given year, with the planned number of participants.

    `eligibility_notes` describes the rules in words; the recruitment issue links machine-checked
    eligibility rules to this row.
    """

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="target_groups"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    planned_total = models.PositiveIntegerField(_("planned participants"))
    planned_women = models.PositiveIntegerField(_("of whom women"), null=True, blank=True)
    planned_men = models.PositiveIntegerField(_("of whom men"), null=True, blank=True)
    eligibility_notes = models.TextField(_("eligibility rules (description)"), blank=True)

    class Meta:
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        ordering = ["project", "year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_women__isnull=True)
                | Q(planned_men__isnull=True)
                | Q(planned_total=F("planned_women") + F("planned_men")),
                name="target_group_sexes_add_up",
                violation_error_code="target_group_sexes_add_up",
                violation_error_message=_("Women and men must add up to the planned participants."),
            )
        ]

    def __str__(self):
        return f"{self.year}: {self.name}"

    def clean(self):
        if (
            self.project_id
            and self.year
            and not (self.project.start.year <= self.year <= self.project.end.year)
        ):
            raise ValidationError(
                {
                    "year": ValidationError(
                        _("The year lies outside the project period."), code="year_outside_project"
                    )
                }
            )


class IndicatorDefinition(models.Model):
    """An output or result indicator as defined by the programme (data: projects/data/indicators.json)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name_pl = models.CharField(_("name (Polish)"), max_length=400)
    name_en = models.CharField(_("name (English)"), max_length=400)
    period = models.CharField(
        _("financial period"), max_length=9, choices=enums.ProgrammePeriod.choices, blank=True
    )
    kind = models.CharField(_("kind"), max_length=10, choices=enums.IndicatorKind.choices)
    unit = models.CharField(_("unit"), max_length=40)
    measurement_moment = models.CharField(
        _("measured"), max_length=30, choices=enums.MeasurementMoment.choices
    )
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("Source and rules; 'verify' marks unconfirmed.")
    )

    class Meta:
        verbose_name = _("indicator definition")
        verbose_name_plural = _("indicator definitions")
        ordering = ["kind", "code"]

    def __str__(self):
        return f"{self.code} {self.name_pl}"


class ProjectIndicator(ProjectRecord):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="indicators"
    )
    definition = models.ForeignKey(
        IndicatorDefinition, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="+"
    )
    baseline = models.DecimalField(_("baseline"), max_digits=10, decimal_places=2, default=ZERO)
    target = models.DecimalField(_("target"), max_digits=10, decimal_places=2)
    target_women = models.DecimalField(
        _("target (women)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    target_men = models.DecimalField(
        _("target (men)"), max_digits=10, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("project indicator")
        verbose_name_plural = _("project indicators")
        ordering = ["project", "definition__kind", "definition__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "definition"],
                name="project_indicator_unique",
                violation_error_code="project_indicator_unique",
                violation_error_message=_("The project already has this indicator."),
            ),
            models.CheckConstraint(
                condition=Q(target_women__isnull=True)
                | Q(target_men__isnull=True)
                | Q(target=F("target_women") + F("target_men")),
                name="project_indicator_sexes_add_up",
                violation_error_code="project_indicator_sexes_add_up",
                violation_error_message=_("The targets for women and men must add up to the target."),
            ),
        ]

    def __str__(self):
        return f"{self.definition.code}: {self.target}"


class ProjectStaff(ProjectRecord):
    """A staff member assigned to a project, with their role in it and hours (the basis of access)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="staff"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.RESTRICT,
        related_name="project_assignments",
    )
    role = models.CharField(_("role in the project"), max_length=20, choices=enums.StaffRole.choices)
    hours_per_month = models.DecimalField(
        _("hours per month"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        verbose_name = _("project staff member")
        verbose_name_plural = _("project staff")
        ordering = ["project", "role", "user__last_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="project_staff_period_ordered",
                violation_error_code="project_staff_period_ordered",
                violation_error_message=_("The end date cannot be earlier than the start date."),
            )
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"
