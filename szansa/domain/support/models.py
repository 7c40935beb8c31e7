"""Individual support paths (ARCHITECTURE.md: support/): diagnosis, individual plan, social contract,
the catalogue of support forms, activities with sessions and attendance, internships, outcomes.

Participants come from szansa.domain.recruitment; this app records what happens to them between enrolment and
the follow-up. Figures that the law or the project fixes (the catalogue, stipend rates, completion
thresholds) are data, edited by a coordinator, never constants in code.
"""

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from szansa.domain.projects.models import Project
from szansa.domain.recruitment.models import Participant
from szansa.domain.support import enums
from szansa.lib.money import format_pln

ZERO = Decimal("0.00")


def _user_fk(verbose_name, related_name="+", **kwargs):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        related_name=related_name,
        **kwargs,
    )


class SupportForm(models.Model):
    """A form of support from the catalogue (data: support/data/support_forms.json)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name_pl = models.CharField(_("name (Polish)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)
    instrument = models.CharField(
        _("kind of active-integration instrument"), max_length=20, choices=enums.InstrumentKind.choices
    )
    delivery = models.CharField(_("delivered as"), max_length=20, choices=enums.Delivery.choices)
    min_attendance = models.PositiveSmallIntegerField(
        _("attendance needed to complete (%)"),
        default=80,
        validators=[MaxValueValidator(100)],
    )
    ends_with_exam = models.BooleanField(_("ends with an exam"), default=False)
    gives_qualification = models.BooleanField(
        _("a passed exam gives a qualification"),
        default=False,
        help_text=_("A certificate counts towards the 'gained a qualification' indicator."),
    )
    active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("form of support")
        verbose_name_plural = _("forms of support")
        ordering = ["position", "code"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "pl").startswith("en") else self.name_pl


class Diagnosis(models.Model):
    """Diagnosis of a participant's needs and potential; a re-diagnosis is a new row beside the first."""

    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.PROTECT, related_name="diagnoses"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=enums.DiagnosisKind.choices, default=enums.DiagnosisKind.INITIAL
    )
    made_on = models.DateField(_("made on"))
    made_by = _user_fk(_("made by"))
    summary = models.TextField(_("summary"), blank=True)
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("diagnosis")
        verbose_name_plural = _("diagnoses")
        ordering = ["participant", "made_on", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.made_on:%d.%m.%Y}"

    def get_absolute_url(self):
        return reverse("support:diagnosis", args=[self.pk])


class DiagnosisArea(models.Model):
    diagnosis = models.ForeignKey(
        Diagnosis, verbose_name=_("diagnosis"), on_delete=models.CASCADE, related_name="areas"
    )
    area = models.CharField(_("area"), max_length=20, choices=enums.DiagnosisArea.choices)
    finding = models.TextField(_("finding"), blank=True)
    need_level = models.PositiveSmallIntegerField(
        _("need level"), choices=enums.NeedLevel.choices, default=enums.NeedLevel.NONE
    )
    strengths = models.TextField(_("strengths and potential"), blank=True)

    class Meta:
        verbose_name = _("diagnosis area")
        verbose_name_plural = _("diagnosis areas")
        ordering = ["diagnosis", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["diagnosis", "area"],
                name="diagnosis_area_once",
                violation_error_message=_("This area is already in the diagnosis."),
            )
        ]

    def __str__(self):
        return self.get_area_display()


class IndividualPlan(models.Model):
    """Individual plan (IPD / individual reintegration path). A revision is a new version; earlier
    versions stay as they were, so the history shows what was agreed when."""

    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.PROTECT, related_name="plans"
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1, editable=False)
    drawn_up_on = models.DateField(_("drawn up on"))
    drawn_up_by = _user_fk(_("drawn up by"))
    diagnosis = models.ForeignKey(
        Diagnosis,
        verbose_name=_("based on the diagnosis"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    revision_reason = models.TextField(_("reason for the revision"), blank=True)
    accepted_by_participant_on = models.DateField(_("accepted by the participant on"), null=True, blank=True)
    accepted_by_worker_on = models.DateField(_("accepted by the worker on"), null=True, blank=True)
    superseded_on = models.DateField(_("superseded on"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("individual plan")
        verbose_name_plural = _("individual plans")
        ordering = ["participant", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "version"],
                name="plan_version_unique",
                violation_error_message=_("This version of the plan already exists."),
            )
        ]

    def __str__(self):
        return str(_("Individual plan, version %(version)s") % {"version": self.version})

    def get_absolute_url(self):
        return reverse("support:plan", args=[self.pk])

    @property
    def is_current(self) -> bool:
        return self.superseded_on is None


class PlanGoal(models.Model):
    plan = models.ForeignKey(
        IndividualPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="goals"
    )
    description = models.TextField(_("goal"))
    measure = models.CharField(_("how it is measured"), max_length=255)
    target_date = models.DateField(_("target date"))
    achieved_on = models.DateField(_("achieved on"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["plan", "position", "pk"]

    def __str__(self):
        return self.description


class PlannedSupport(models.Model):
    """A form of support planned in a plan: hours, the responsible specialist and timing."""

    plan = models.ForeignKey(
        IndividualPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="supports"
    )
    form = models.ForeignKey(
        SupportForm, verbose_name=_("form of support"), on_delete=models.PROTECT, related_name="+"
    )
    hours = models.DecimalField(
        _("hours planned"), max_digits=6, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )
    specialist = _user_fk(_("responsible specialist"), related_name="planned_supports", null=True, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("planned support")
        verbose_name_plural = _("planned support")
        ordering = ["plan", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="planned_support_period_ordered",
                violation_error_message=_("The end date cannot be earlier than the start date."),
            )
        ]

    def __str__(self):
        return f"{self.form} ({self.hours} h)"


class SocialContract(models.Model):
    """Kontrakt socjalny (art. 108 ustawy o pomocy społecznej, docs/social-work.md) between a social
    worker and a person."""

    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="social_contracts"
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("in the project as"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="social_contracts",
    )
    number = models.CharField(_("number"), max_length=40)
    variant = models.CharField(
        _("variant"), max_length=20, choices=enums.ContractVariant.choices, default=enums.ContractVariant.B
    )
    worker = _user_fk(_("social worker"), related_name="social_contracts")
    concluded_on = models.DateField(_("concluded on"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    goals = models.TextField(_("goals"), help_text=_("One per line."))
    client_obligations = models.TextField(_("obligations of the person"), help_text=_("One per line."))
    centre_obligations = models.TextField(_("obligations of the centre"), help_text=_("One per line."))
    schedule = models.TextField(_("schedule of actions"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=enums.ContractStatus.choices,
        default=enums.ContractStatus.IN_FORCE,
    )
    evaluated_on = models.DateField(_("evaluated on"), null=True, blank=True)
    evaluation = models.TextField(_("evaluation"), blank=True)
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("social contract")
        verbose_name_plural = _("social contracts")
        ordering = ["-concluded_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"],
                name="social_contract_number_unique",
                violation_error_message=_("A contract with this number already exists."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="social_contract_period_ordered",
                violation_error_message=_("The end date cannot be earlier than the start date."),
            ),
        ]

    def __str__(self):
        return str(_("Social contract %(number)s") % {"number": self.number})

    def get_absolute_url(self):
        return reverse("support:contract", args=[self.pk])

    @staticmethod
    def lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]


class Room(models.Model):
    """A room where sessions take place (booked once at a time)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    capacity = models.PositiveSmallIntegerField(_("capacity"), null=True, blank=True)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Activity(models.Model):
    """A group activity (training, course, workshop), an individual one (counselling, therapy,
    coaching) or an internship programme, within a project."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="activities"
    )
    form = models.ForeignKey(
        SupportForm, verbose_name=_("form of support"), on_delete=models.PROTECT, related_name="activities"
    )
    title = models.CharField(_("title"), max_length=255)
    provider = models.CharField(_("provider"), max_length=255, blank=True)
    trainer = models.CharField(_("trainer"), max_length=255, blank=True)
    specialist = _user_fk(_("specialist"), related_name="activities", null=True, blank=True)
    room = models.ForeignKey(
        Room,
        verbose_name=_("room"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    place = models.CharField(_("place"), max_length=255, blank=True)
    capacity = models.PositiveSmallIntegerField(_("capacity"), null=True, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    min_attendance = models.PositiveSmallIntegerField(
        _("attendance needed to complete (%)"), validators=[MaxValueValidator(100)]
    )
    ends_with_exam = models.BooleanField(_("ends with an exam"), default=False)
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["project", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="activity_period_ordered",
                violation_error_message=_("The end date cannot be earlier than the start date."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("support:activity", args=[self.pk])

    @property
    def delivery(self) -> str:
        return self.form.delivery

    @property
    def is_group(self) -> bool:
        return self.form.delivery == enums.Delivery.GROUP


class ActivityParticipant(models.Model):
    """A participant assigned to an activity (from their plan), with the outcome of the activity."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.PROTECT, related_name="members"
    )
    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.PROTECT, related_name="activity_places"
    )
    planned_support = models.ForeignKey(
        PlannedSupport,
        verbose_name=_("planned in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assignments",
    )
    planned_hours = models.DecimalField(
        _("hours planned"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    assigned_on = models.DateField(_("assigned on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    exam_result = models.CharField(
        _("exam result"), max_length=10, choices=enums.ExamResult.choices, blank=True
    )
    exam_on = models.DateField(_("exam on"), null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("participant of an activity")
        verbose_name_plural = _("participants of activities")
        ordering = ["activity", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "participant"],
                name="activity_participant_once",
                violation_error_message=_("The participant is already assigned to this activity."),
            )
        ]

    def __str__(self):
        return f"{self.participant.person} – {self.activity}"


class Session(models.Model):
    """One meeting of an activity: a group session, or an individual one booked for a participant."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.PROTECT, related_name="sessions"
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="individual_sessions",
        help_text=_("Only for an individual session."),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    specialist = _user_fk(_("specialist"), related_name="sessions", null=True, blank=True)
    room = models.ForeignKey(
        Room, verbose_name=_("room"), null=True, blank=True, on_delete=models.PROTECT, related_name="sessions"
    )
    topic = models.CharField(_("topic"), max_length=255, blank=True)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["specialist", "starts_at"], name="session_specialist_idx"),
            models.Index(fields=["room", "starts_at"], name="session_room_idx"),
            models.Index(fields=["activity", "starts_at"], name="session_activity_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="session_ends_after_start",
                violation_error_message=_("A session must end after it starts."),
            )
        ]

    def __str__(self):
        return f"{self.activity} {timezone.localtime(self.starts_at):%d.%m.%Y %H:%M}"

    def get_absolute_url(self):
        return reverse("support:attendance", args=[self.pk])

    @property
    def hours(self) -> Decimal:
        seconds = (self.ends_at - self.starts_at).total_seconds()
        return (Decimal(seconds) / Decimal(3600)).quantize(Decimal("0.01"))


class Attendance(models.Model):
    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="attendance"
    )
    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.PROTECT, related_name="attendance"
    )
    status = models.CharField(_("attendance"), max_length=10, choices=enums.AttendanceStatus.choices)
    recorded_by = _user_fk(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["session", "participant"]
        indexes = [models.Index(fields=["participant", "session"], name="attendance_participant_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"],
                name="attendance_once_per_session",
                violation_error_message=_("Attendance of this participant is already recorded."),
            )
        ]

    def __str__(self):
        return f"{self.participant.person} – {self.get_status_display()}"


class StipendRate(models.Model):
    """The internship stipend for a full month in a project (docs/support-path.md: typically 120% of the
    unemployment benefit for 160 hours; verify), valid from a date."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="stipend_rates"
    )
    valid_from = models.DateField(_("valid from"))
    monthly_amount = models.DecimalField(
        _("stipend for a full month (zł)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(ZERO)],
    )
    full_month_hours = models.PositiveSmallIntegerField(_("hours in a full month"), default=160)
    basis = models.CharField(
        _("basis"), max_length=255, blank=True, help_text=_("E.g. 120 per cent of the unemployment benefit.")
    )

    class Meta:
        verbose_name = _("internship stipend rate")
        verbose_name_plural = _("internship stipend rates")
        ordering = ["project", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "valid_from"],
                name="stipend_rate_once_per_day",
                violation_error_message=_("A rate valid from this day already exists."),
            )
        ]

    def __str__(self):
        return f"{format_pln(self.monthly_amount)} / {self.full_month_hours} h"


class Internship(models.Model):
    """An internship (staż) of one participant with an employer (docs/support-path.md)."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.PROTECT, related_name="internships"
    )
    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.PROTECT, related_name="internships"
    )
    employer = models.CharField(_("employer"), max_length=255)
    employer_nip = models.CharField(_("employer's NIP"), max_length=10, blank=True)
    mentor = models.CharField(_("mentor"), max_length=255)
    position = models.CharField(_("position"), max_length=255, blank=True)
    agreement_number = models.CharField(_("agreement number"), max_length=60, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    hours_per_month = models.PositiveSmallIntegerField(_("hours a month"), default=160)

    class Meta:
        verbose_name = _("internship")
        verbose_name_plural = _("internships")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="internship_period_ordered",
                violation_error_message=_("The end date cannot be earlier than the start date."),
            )
        ]

    def __str__(self):
        return f"{self.participant.person} – {self.employer}"

    def get_absolute_url(self):
        return reverse("support:internship", args=[self.pk])


class InternshipMonth(models.Model):
    """Monthly attendance of an internship: hours scheduled, absences excused and unexcused."""

    internship = models.ForeignKey(
        Internship, verbose_name=_("internship"), on_delete=models.CASCADE, related_name="months"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    hours_scheduled = models.DecimalField(_("hours scheduled"), max_digits=5, decimal_places=1)
    hours_excused = models.DecimalField(
        _("hours of excused absence"), max_digits=5, decimal_places=1, default=Decimal("0")
    )
    hours_unexcused = models.DecimalField(
        _("hours of unexcused absence"), max_digits=5, decimal_places=1, default=Decimal("0")
    )
    stipend = models.DecimalField(_("stipend (zł)"), max_digits=10, decimal_places=2, editable=False)
    recorded_by = _user_fk(_("recorded by"))

    class Meta:
        verbose_name = _("month of an internship")
        verbose_name_plural = _("months of an internship")
        ordering = ["internship", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["internship", "month"],
                name="internship_month_once",
                violation_error_message=_("This month is already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(hours_excused__gte=0, hours_unexcused__gte=0),
                name="internship_absence_not_negative",
                violation_error_message=_("Hours of absence cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.internship} {self.month:%m.%Y}"


class Outcome(models.Model):
    """What a participant achieved at or after exit, with its evidence: it feeds the result
    indicators (up to 4 weeks after exit) and effectiveness (within 90 days), docs/indicators.md."""

    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.PROTECT, related_name="outcomes"
    )
    kind = models.CharField(_("outcome"), max_length=20, choices=enums.OutcomeKind.choices)
    achieved_on = models.DateField(_("achieved on"))
    evidence = models.CharField(_("evidence"), max_length=255, help_text=_("The document that proves it."))
    contract_type = models.CharField(
        _("form of employment"), max_length=30, choices=enums.ContractType.choices, blank=True
    )
    contract_months = models.PositiveSmallIntegerField(_("for how many months"), null=True, blank=True)
    fte = models.DecimalField(_("working time (FTE)"), max_digits=3, decimal_places=2, null=True, blank=True)
    confirmed_by = models.CharField(
        _("confirmed by"),
        max_length=255,
        blank=True,
        help_text=_("For progress in social activation: the specialist who confirms it."),
    )
    progress_form = models.CharField(
        _("form of social progress"),
        max_length=30,
        choices=enums.SocialProgressForm.choices,
        blank=True,
        help_text=_("For progress in social activation: which form of the guideline's list."),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    # The day the contract runs out (achieved on + its months; empty without a duration): kept on save, so
    # the result indicators can ask "does it still hold at exit" in the database (docs/indicators.md).
    holds_until = models.DateField(_("holds until"), null=True, blank=True, editable=False)
    recorded_by = _user_fk(_("recorded by"))
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["participant", "achieved_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "kind", "achieved_on"],
                name="outcome_once",
                violation_error_message=_("This outcome is already recorded for this day."),
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.achieved_on:%d.%m.%Y}"

    def save(self, *args, **kwargs):
        self.holds_until = self.contract_end(self.achieved_on, self.contract_months)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "holds_until"}
        super().save(*args, **kwargs)

    @staticmethod
    def contract_end(achieved_on: datetime.date, months: int | None) -> datetime.date | None:
        """The day a contract of `months` months taken up on `achieved_on` runs out (None without one)."""
        return achieved_on + relativedelta(months=months) if months else None


class Activation(models.Model):
    """Which kinds of activation a participant has received, kept by szansa.domain.support.activation from
    their attendance, planned support and internships (docs/indicators.md#how-the-figures-are-counted), so
    the effectiveness figures are counted in the database: social — attended at least one session of an
    activity of a social instrument, or had social support planned; vocational — the same with a
    vocational instrument, or an internship."""

    participant = models.OneToOneField(
        Participant,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="activation",
    )
    social = models.BooleanField(_("social activation"), default=False)
    vocational = models.BooleanField(_("vocational activation"), default=False)

    class Meta:
        verbose_name = _("activation received")
        verbose_name_plural = _("activation received")

    def __str__(self):
        return str(self.participant)


class ProjectFigures(models.Model):
    """A kept copy of a project's indicator figures for one day (szansa.domain.support.indicators.kept,
    docs/indicators.md#how-the-figures-are-counted): every indicator with a rule, as counted by the one
    aggregate query, so the project's page, the indicators page and the API read one row whatever the
    size of the project. Every change to an input of the figures bumps `generation` (one UPDATE); the copy
    is current while `counted_generation` equals it and it was counted for today."""

    project = models.OneToOneField(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="kept_figures",
    )
    generation = models.PositiveBigIntegerField(_("generation"), default=0)
    counted_generation = models.PositiveBigIntegerField(_("counted at generation"), null=True)
    counted_for = models.DateField(_("counted for the day"), null=True)
    figures = models.JSONField(_("figures"), null=True)
    counted_at = models.DateTimeField(_("counted at"), null=True)

    class Meta:
        verbose_name = _("kept indicator figures")
        verbose_name_plural = _("kept indicator figures")

    def __str__(self):
        return str(self.project)
