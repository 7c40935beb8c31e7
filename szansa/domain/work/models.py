"""Organisation of the centre's work (issue 7): typed tasks routed to roles, cases from request to
decision, time records and in-app notifications."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from szansa.domain.accounts.enums import Role
from szansa.domain.work import enums


class TaskKind(models.Model):
    """A kind of task (reference data, editable in admin): its class of work, role and deadline rule."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name (English)"), max_length=150)
    name_pl = models.CharField(_("name (Polish)"), max_length=150)
    work_class = models.CharField(_("class of work"), max_length=20, choices=enums.WorkClass.choices)
    default_role = models.CharField(_("default role"), max_length=30, choices=Role.choices)
    deadline_kind = models.CharField(
        _("deadline counted in"), max_length=20, choices=enums.DeadlineKind.choices, blank=True
    )
    deadline_amount = models.PositiveSmallIntegerField(_("deadline"), null=True, blank=True)
    urgent_amount = models.PositiveSmallIntegerField(_("deadline in urgent cases"), null=True, blank=True)
    complex_amount = models.PositiveSmallIntegerField(_("deadline in complex cases"), null=True, blank=True)
    deadline_from = models.CharField(
        _("deadline counted from"),
        max_length=10,
        choices=enums.DeadlineFrom.choices,
        default=enums.DeadlineFrom.TASK,
    )
    required_fields = models.JSONField(
        _("required fields"),
        default=list,
        blank=True,
        help_text=_('Fields a task of this kind must have, e.g. ["person"] or ["person", "case"].'),
    )
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("task kind")
        verbose_name_plural = _("task kinds")
        ordering = ["position", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline_kind="") | Q(deadline_amount__isnull=False),
                name="task_kind_deadline_has_amount",
                violation_error_message=_("Give the deadline amount."),
            )
        ]

    def __str__(self):
        return self.label()

    def label(self) -> str:
        return self.name if get_language() == "en" else self.name_pl

    @property
    def is_administrative(self) -> bool:
        return self.work_class == enums.WorkClass.ADMINISTRATIVE


class Case(models.Model):
    """A request for assistance followed to the decision and its appeal period (docs/social-work.md)."""

    person = models.ForeignKey(
        "people.Person", verbose_name=_("applicant"), on_delete=models.PROTECT, related_name="work_cases"
    )
    opened_on = models.DateField(_("request registered on"))
    benefit = models.CharField(_("benefit requested"), max_length=150)
    request_text = models.TextField(_("request"), blank=True)
    status = models.CharField(
        _("step"),
        max_length=30,
        choices=enums.CaseStatus.choices,
        default=enums.CaseStatus.REQUEST_REGISTERED,
    )
    urgent = models.BooleanField(_("urgent"), default=False)
    complex = models.BooleanField(
        _("complex case"), default=False, help_text=_("The decision may take two months.")
    )
    interview_on = models.DateField(_("community interview on"), null=True, blank=True)
    support_proposal = models.TextField(_("proposed support"), blank=True)
    decision_due_on = models.DateField(_("decision due on"), null=True, blank=True)
    decision_outcome = models.CharField(
        _("decision"), max_length=10, choices=enums.DecisionOutcome.choices, blank=True
    )
    decision_drafted_on = models.DateField(_("decision drafted on"), null=True, blank=True)
    decision_approved_on = models.DateField(_("decision approved on"), null=True, blank=True)
    decision_issued_on = models.DateField(_("decision issued on"), null=True, blank=True)
    appeal_deadline = models.DateField(_("appeal deadline"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), on_delete=models.RESTRICT, related_name="+"
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_on", "-pk"]

    def __str__(self):
        return _("Case no. %(pk)s: %(benefit)s") % {"pk": self.pk, "benefit": self.benefit}

    def get_absolute_url(self):
        return reverse("work:case_detail", args=[self.pk])


class TaskQuerySet(models.QuerySet):
    # Which tasks a user may see: work.access.scope_tasks (access builds on the models).

    def active(self):
        return self.filter(status__in=enums.ACTIVE_STATUSES)

    def overdue(self, today: datetime.date):
        return self.active().filter(due_on__lt=today)


class Task(models.Model):
    kind = models.ForeignKey(TaskKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="tasks")
    title = models.CharField(_("title"), max_length=200)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_tasks",
    )
    case = models.ForeignKey(
        Case, verbose_name=_("case"), null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    team = models.ForeignKey(
        "accounts.Team",
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_tasks",
    )
    role = models.CharField(_("queue (role)"), max_length=30, choices=Role.choices)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="work_tasks",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=enums.TaskStatus.choices, default=enums.TaskStatus.OPEN
    )
    urgent = models.BooleanField(_("urgent"), default=False)
    complex = models.BooleanField(_("complex"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    start_on = models.DateField(_("starts on"), help_text=_("The day the deadline is counted from."))
    due_on = models.DateField(_("due on"), null=True, blank=True, db_index=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.RESTRICT, related_name="+"
    )
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("completed by"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = [models.F("due_on").asc(nulls_last=True), "pk"]
        indexes = [models.Index(fields=["role", "team", "status"], name="task_queue_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | Q(completed_at__isnull=False, completed_by__isnull=False),
                name="task_done_has_completion",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("work:task_detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status in enums.ACTIVE_STATUSES

    def is_overdue(self, today: datetime.date) -> bool:
        """The Python twin of TaskQuerySet.overdue."""
        return self.is_active and self.due_on is not None and self.due_on < today

    def get_additional_data(self):
        return {"person_id": self.person_id} if self.person_id else None


class TimeRecord(models.Model):
    """Minutes a worker spent on a task on a day."""

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.PROTECT, related_name="time_records"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("worker"),
        on_delete=models.RESTRICT,
        related_name="time_records",
    )
    date = models.DateField(_("date"))
    minutes = models.PositiveIntegerField(_("minutes"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("time record")
        verbose_name_plural = _("time records")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gt=0),
                name="time_record_minutes_positive",
                violation_error_message=_("Record at least one minute."),
            )
        ]
        indexes = [models.Index(fields=["user", "date"], name="time_record_user_date_idx")]

    def __str__(self):
        return f"{self.date:%d.%m.%Y} {self.user}: {self.minutes} min"


class Notification(models.Model):
    """An in-app notice about a task; sent once per user, task and kind."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=enums.NotificationKind.choices)
    message = models.CharField(_("message"), max_length=300)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "task", "kind"], name="notification_once_per_kind")
        ]

    def __str__(self):
        return self.message


class DecisionRegister(models.Model):
    """One year of the register of decisions: the last number given (docs/social-work.md#decision)."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("register of decisions")
        verbose_name_plural = _("registers of decisions")

    def __str__(self):
        return str(self.year)


class Decision(models.Model):
    """The administrative decision of a case (art. 107 KPA), from the draft to its finality
    (docs/social-work.md#decision). The document's texts are in Polish, the official language of the
    decision; they are pre-filled from the case and edited by the clerk while it is a draft."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="decisions")
    year = models.PositiveSmallIntegerField(_("register year"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("number in the register"), null=True, blank=True)
    number = models.CharField(_("decision number"), max_length=60, blank=True)
    outcome = models.CharField(_("decision"), max_length=10, choices=enums.DecisionOutcome.choices)
    authority = models.CharField(_("authority"), max_length=255)
    place = models.CharField(_("place"), max_length=100)
    parties = models.TextField(_("parties"))
    legal_basis = models.TextField(_("legal basis"))
    operative_part = models.TextField(
        _("operative part"), help_text=_("What the authority decides: the benefit, its amount and period.")
    )
    justification_facts = models.TextField(_("factual justification"), blank=True)
    justification_law = models.TextField(_("legal justification"), blank=True)
    appeal_instruction = models.TextField(_("appeal instruction"))
    signatory = models.CharField(
        _("signature"), max_length=255, help_text=_("Name and position of the signatory.")
    )
    recipients = models.TextField(_("recipients"))
    drafted_on = models.DateField(_("drafted on"))
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("drafted by"), on_delete=models.RESTRICT, related_name="+"
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="+",
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    delivery_method = models.CharField(
        _("delivery method"), max_length=12, choices=enums.DeliveryMethod.choices, blank=True
    )
    notice_on = models.DateField(
        _("notice left on"),
        null=True,
        blank=True,
        help_text=_("By post: the day the first notice was left; electronically: the day it was sent."),
    )
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    deemed_delivery = models.BooleanField(_("deemed delivery"), default=False)
    appeal_deadline = models.DateField(_("appeal deadline"), null=True, blank=True)
    appeal_lodged_on = models.DateField(_("appeal lodged on"), null=True, blank=True)
    appeal_waived_on = models.DateField(_("appeal waived on"), null=True, blank=True)
    enforceable_from = models.DateField(_("enforceable from"), null=True, blank=True)
    final_on = models.DateField(_("final on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-year", "-sequence", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="decision_register_number_unique"),
        ]
        indexes = [models.Index(fields=["issued_on"], name="decision_issued_idx")]

    def __str__(self):
        if self.number:
            return _("Decision %(number)s") % {"number": self.number}
        return _("Draft decision in case no. %(case)s") % {"case": self.case_id}

    def get_absolute_url(self):
        return reverse("work:decision_detail", args=[self.pk])

    @property
    def stage(self) -> str:
        """Where the decision stands: draft, approved, issued, delivered, appealed or final."""
        if self.final_on:
            return "final"
        if self.appeal_lodged_on:
            return "appealed"
        if self.delivered_on:
            return "delivered"
        if self.issued_on:
            return "issued"
        if self.approved_on:
            return "approved"
        return "draft"

    def get_stage_display(self) -> str:
        return dict(enums.DECISION_STAGES)[self.stage]
