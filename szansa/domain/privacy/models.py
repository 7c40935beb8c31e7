"""Retention rules, the retention review of people due for anonymisation, the anonymisation's audit
record and the register of data-subject requests (docs/data-protection.md)."""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from szansa.domain.privacy import enums
from szansa.domain.work.deadlines import next_working_day


class FilingCategory(models.Model):
    """A retention category of the centre's filing plan (JRWA): B10 keeps files ten years."""

    symbol = models.CharField(_("category"), max_length=10, unique=True, help_text=_("E.g. B10, B5, BE5."))
    years = models.PositiveSmallIntegerField(_("years kept"), validators=[MinValueValidator(1)])
    description = models.CharField(_("description"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("filing-plan category")
        verbose_name_plural = _("filing-plan categories")
        ordering = ["symbol"]

    def __str__(self):
        return self.symbol


class RetentionRuleQuerySet(models.QuerySet):
    def on(self, day: datetime.date):
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)


class RetentionRule(models.Model):
    """How long one class of records is kept, from a day on, with its legal source."""

    record_class = models.CharField(_("records"), max_length=20, choices=enums.RecordClass.choices)
    valid_from = models.DateField(_("applies to records ending from"))
    valid_to = models.DateField(_("applies to records ending until"), null=True, blank=True)
    years = models.PositiveSmallIntegerField(
        _("years kept"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the filing-plan category or the project's own date decides."),
    )
    filing_category = models.ForeignKey(
        FilingCategory,
        verbose_name=_("filing-plan category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rules",
    )
    legal_source = models.CharField(_("legal source"), max_length=255)
    notes = models.TextField(_("notes"), blank=True, help_text=_("'verify' marks unconfirmed values."))

    objects = RetentionRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        ordering = ["record_class", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["record_class", "valid_from"], name="retention_rule_unique_start"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="retention_rule_period_ordered",
                violation_error_message=_("The end date cannot be earlier than the start date."),
            ),
        ]

    def __str__(self):
        return f"{self.get_record_class_display()}: {self.period_display}"

    @property
    def period_years(self) -> int | None:
        if self.years is not None:
            return self.years
        return self.filing_category.years if self.filing_category_id else None

    @property
    def period_display(self) -> str:
        if self.filing_category_id:
            return _("category %(symbol)s (%(years)s years)") % {
                "symbol": self.filing_category.symbol,
                "years": self.filing_category.years,
            }
        if self.years is not None:
            return _("%(years)s years") % {"years": self.years}
        return str(_("the project's date"))

    @property
    def counted_from(self) -> str:
        return str(enums.COUNTED_FROM[self.record_class])


class RetentionReview(models.Model):
    """A person whose every record has passed its retention date: listed by the daily job, approved
    (or kept) by a manager, anonymised after the grace period."""

    person = models.OneToOneField(
        "people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="retention_review"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=enums.ReviewStatus.choices, default=enums.ReviewStatus.DUE
    )
    listed_on = models.DateField(_("listed on"))
    retention_until = models.DateField(_("kept until"))
    holding_record = models.CharField(_("the record that holds the date"), max_length=255)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="+",
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    anonymise_on = models.DateField(_("to be anonymised on"), null=True, blank=True)
    anonymised_on = models.DateField(_("anonymised on"), null=True, blank=True)

    class Meta:
        verbose_name = _("retention review")
        verbose_name_plural = _("retention reviews")
        ordering = ["retention_until", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(anonymise_on__isnull=False, decided_by__isnull=False),
                name="retention_review_approval_complete",
            ),
        ]

    def __str__(self):
        return _("Retention review no. %(pk)s") % {"pk": self.pk}

    def get_additional_data(self):
        return {"person_id": self.person_id}


class AnonymisationBatch(models.Model):
    """One run of the anonymisation: how many people and records, never who (GDPR art. 5(1)(e), 5(2))."""

    ran_at = models.DateTimeField(_("ran at"), auto_now_add=True)
    persons = models.PositiveIntegerField(_("people anonymised"))
    records = models.JSONField(_("records changed, per kind"), default=dict)
    log_entries = models.PositiveIntegerField(_("history and access-log entries cleared"), default=0)

    class Meta:
        verbose_name = _("anonymisation")
        verbose_name_plural = _("anonymisations")
        ordering = ["-ran_at"]

    def __str__(self):
        return _("Anonymisation of %(count)s people") % {"count": self.persons}


def request_due_on(received_on: datetime.date, *, extended: bool) -> datetime.date:
    """One month from receipt (GDPR art. 12(3)), three when extended; a period ending on a Saturday,
    Sunday or holiday ends on the next working day (Regulation No 1182/71, art. 3(4))."""
    return next_working_day(received_on + relativedelta(months=3 if extended else 1))


class SubjectRequest(models.Model):
    """A request of a person exercising a right of GDPR arts. 15-18 or 21, with its deadline and answer."""

    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="subject_requests"
    )
    kind = models.CharField(_("right"), max_length=20, choices=enums.RequestKind.choices)
    received_on = models.DateField(_("received on"))
    details = models.TextField(_("what the person asks"), blank=True)
    extended = models.BooleanField(
        _("deadline extended by two months"),
        default=False,
        help_text=_("Only for complex or numerous requests; tell the person within the first month why."),
    )
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    # Computed on save from the receipt and the extension; blank so full_clean lets save fill it.
    due_on = models.DateField(_("answer due on"), blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=enums.RequestStatus.choices, default=enums.RequestStatus.OPEN
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    refusal_ground = models.TextField(_("legal ground of the refusal"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.RESTRICT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open") | Q(answered_on__isnull=False),
                name="subject_request_answer_dated",
                violation_error_message=_("Give the day of the answer."),
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(refusal_ground=""),
                name="subject_request_refusal_has_ground",
                violation_error_message=_("Give the legal ground of the refusal."),
            ),
        ]

    def __str__(self):
        return _("Request no. %(pk)s: %(kind)s") % {"pk": self.pk, "kind": self.get_kind_display()}

    def save(self, *args, **kwargs):
        self.due_on = request_due_on(self.received_on, extended=self.extended)
        super().save(*args, **kwargs)

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status == enums.RequestStatus.OPEN and self.due_on < today

    def get_additional_data(self):
        return {"person_id": self.person_id}
