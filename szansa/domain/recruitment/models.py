"""Recruitment and participation (ARCHITECTURE.md: recruitment/).

Criteria, proof documents, DEGURBA classes and exit situations are data (recruitment/data/*.json,
loaded by a data migration, editable in admin). A target group's eligibility rules and scoring
criteria point at those criteria with parameters, so a new project needs no code change.

Writes go through `services` (permission, full_clean, audit actor); the participant limit is held
by a row lock on the project in `services.participant_enrol`.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from szansa.domain.people.enums import EducationLevel
from szansa.domain.people.models import Person
from szansa.domain.projects.models import Project, TargetGroup
from szansa.domain.recruitment import enums

FOLLOW_UP_MONTHS = 3  # efektywność is measured up to 3 months after exit (docs/indicators.md)
MAX_POINTS = (
    100  # points of one scoring criterion and of a target group's scoring in total (docs/recruitment.md)
)


def _day(value: datetime.date) -> str:
    from django.utils.formats import date_format

    return date_format(value, "SHORT_DATE_FORMAT")


class Bilingual:
    """Reference rows named in Polish and English; `name` follows the UI language."""

    @property
    def name(self) -> str:
        return self.name_en if get_language() == "en" else self.name_pl

    def __str__(self):
        return self.name


class DocumentKind(Bilingual, models.Model):
    """A document an applicant hands in: a proof of a criterion or a form (participation declaration)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name_pl = models.CharField(_("name (Polish)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)
    valid_days = models.PositiveIntegerField(
        _("valid for (days)"), null=True, blank=True, help_text=_("Counted from the date of issue.")
    )
    valid_months = models.PositiveIntegerField(
        _("valid for (months)"), null=True, blank=True, help_text=_("Counted from the date of issue.")
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("document kind")
        verbose_name_plural = _("document kinds")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_days__isnull=True) | Q(valid_months__isnull=True),
                name="document_kind_one_validity",
                violation_error_message=_("Give the validity in days or in months, not both."),
            )
        ]

    def valid_until(self, issued_on: datetime.date) -> datetime.date | None:
        """The last day a document issued on `issued_on` proves anything; None: valid indefinitely."""
        if self.valid_days is not None:
            return issued_on + datetime.timedelta(days=self.valid_days - 1)
        if self.valid_months is not None:
            return issued_on + relativedelta(months=self.valid_months) - datetime.timedelta(days=1)
        return None


class Criterion(Bilingual, models.Model):
    """An eligibility or scoring criterion (data: recruitment/data/criteria.json)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=enums.CriterionKind.choices)
    name_pl = models.CharField(_("name (Polish)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)
    proof = models.ForeignKey(
        DocumentKind,
        verbose_name=_("proof document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="criteria",
        help_text=_("Empty: the registry is proof enough (e.g. age from PESEL)."),
    )
    sensitive = models.BooleanField(
        _("health data"),
        default=False,
        help_text=_("Its reasons are shown only to users who may see health data (GDPR art. 9)."),
    )

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["code"]


class EligibilityRule(models.Model):
    """A rule of a target group: all of / any of its criteria. A person is eligible when every rule
    of the target group is satisfied (e.g. all of: resident, 18-64; any of: disability, unemployed)."""

    target_group = models.ForeignKey(
        TargetGroup,
        verbose_name=_("target group"),
        on_delete=models.CASCADE,
        related_name="eligibility_rules",
    )
    name = models.CharField(_("name"), max_length=255, blank=True)
    mode = models.CharField(
        _("mode"), max_length=10, choices=enums.RuleMode.choices, default=enums.RuleMode.ALL_OF
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("eligibility rule")
        verbose_name_plural = _("eligibility rules")
        ordering = ["target_group", "position", "pk"]

    def __str__(self):
        return self.name or str(self.get_mode_display())

    def get_additional_data(self):
        return {"project_id": self.target_group.project_id}


class RuleCriterion(models.Model):
    rule = models.ForeignKey(
        EligibilityRule, verbose_name=_("rule"), on_delete=models.CASCADE, related_name="criteria"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    parameters = models.JSONField(
        _("parameters"),
        default=dict,
        blank=True,
        help_text=_('E.g. {"gmina": "Olkusz"}, {"min": 18, "max": 64}, {"percent": 150}.'),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("rule criterion")
        verbose_name_plural = _("rule criteria")
        ordering = ["rule", "position", "pk"]

    def __str__(self):
        return str(self.criterion)

    def clean(self):
        if self.criterion_id:
            from szansa.domain.recruitment.parameters import check_parameters

            check_parameters(self.criterion.kind, self.parameters)

    def get_additional_data(self):
        return {"project_id": self.rule.target_group.project_id}


class ScoringCriterion(models.Model):
    """A scoring criterion (kryterium premiujące): points for a criterion the person meets."""

    target_group = models.ForeignKey(
        TargetGroup,
        verbose_name=_("target group"),
        on_delete=models.CASCADE,
        related_name="scoring_criteria",
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    points = models.PositiveSmallIntegerField(
        _("points"), validators=[MinValueValidator(1), MaxValueValidator(MAX_POINTS)]
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("scoring criterion")
        verbose_name_plural = _("scoring criteria")
        ordering = ["target_group", "position", "pk"]

    def __str__(self):
        return f"{self.criterion} (+{self.points})"

    def get_additional_data(self):
        return {"project_id": self.target_group.project_id}

    def clean(self):
        if not (self.target_group_id and self.criterion_id):
            return
        from szansa.domain.recruitment.parameters import check_parameters

        check_parameters(self.criterion.kind, self.parameters)
        others = ScoringCriterion.objects.filter(target_group_id=self.target_group_id).exclude(pk=self.pk)
        if others.filter(criterion_id=self.criterion_id, parameters=self.parameters or {}).exists():
            raise ValidationError(
                {
                    "criterion": ValidationError(
                        _("The target group already scores this criterion with these parameters."),
                        code="scoring_duplicate",
                    )
                }
            )
        total = sum(others.values_list("points", flat=True)) + (self.points or 0)
        if total > MAX_POINTS:
            raise ValidationError(
                {
                    "points": ValidationError(
                        _(
                            "The scoring criteria of a target group give at most %(max)s points in total; "
                            "with this one they would give %(total)s."
                        )
                        % {"max": MAX_POINTS, "total": total},
                        code="scoring_total",
                    )
                }
            )


class RecruitmentRound(models.Model):
    """A recruitment round (nabór uczestników) of a target group."""

    target_group = models.ForeignKey(
        TargetGroup, verbose_name=_("target group"), on_delete=models.PROTECT, related_name="rounds"
    )
    name = models.CharField(_("name"), max_length=255)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    places = models.PositiveIntegerField(
        _("places in the round"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1, _("A round has at least one place."))],
        help_text=_(
            "How many applicants the round enrols at most. Empty: as many as the target group has free."
        ),
    )

    class Meta:
        verbose_name = _("recruitment round")
        verbose_name_plural = _("recruitment rounds")
        ordering = ["target_group", "opens_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")),
                name="recruitment_round_ordered",
                violation_error_message=_("A round cannot close before it opens."),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def project(self):
        return self.target_group.project

    def get_additional_data(self):
        return {"project_id": self.target_group.project_id}

    def clean(self):
        if not self.target_group_id:
            return
        errors = {}
        project = self.target_group.project
        period = {"start": _day(project.start), "end": _day(project.end)}
        for name in ("opens_on", "closes_on"):
            value = getattr(self, name)
            if value and not (project.start <= value <= project.end):
                errors[name] = ValidationError(
                    _("The round must lie within the project's period (%(start)s – %(end)s).") % period,
                    code="round_outside_project",
                )
        if self.places is not None and self.places > self.target_group.planned_total:
            errors["places"] = ValidationError(
                _("The target group plans %(total)s participants; a round cannot have more places.")
                % {"total": self.target_group.planned_total},
                code="round_places_over_group",
            )
        if self.pk and self.opens_on and self.closes_on:
            outside = self.applications.exclude(submitted_on__range=(self.opens_on, self.closes_on))
            if outside.exists():
                first = outside.order_by("submitted_on").first().submitted_on
                errors.setdefault(
                    "opens_on",
                    ValidationError(
                        _("Applications submitted on %(day)s would fall outside the round.")
                        % {"day": _day(first)},
                        code="round_excludes_applications",
                    ),
                )
        if errors:
            raise ValidationError(errors)


class Application(models.Model):
    """An application (zgłoszenie) of a person to a target group in a round; status via services."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="recruitment_applications"
    )
    round = models.ForeignKey(
        RecruitmentRound, verbose_name=_("round"), on_delete=models.PROTECT, related_name="applications"
    )
    submitted_on = models.DateField(_("submitted on"))
    channel = models.CharField(_("channel"), max_length=20, choices=enums.Channel.choices)
    status = models.CharField(
        _("status"),
        max_length=30,
        choices=enums.ApplicationStatus.choices,
        default=enums.ApplicationStatus.SUBMITTED,
        editable=False,
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="+",
        editable=False,
    )
    verified_on = models.DateField(_("verified on"), null=True, blank=True, editable=False)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True, editable=False)
    income_per_person = models.DecimalField(
        _("income per person (zł)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Stored at verification: the second tie-break of the ranking."),
    )
    results = models.JSONField(
        _("criteria results"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("Per criterion: outcome and reason, as found at verification."),
    )
    rank = models.PositiveIntegerField(
        _("position on the ranking list"), null=True, blank=True, editable=False
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        on_delete=models.RESTRICT,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["round", F("rank").asc(nulls_last=True), "submitted_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "round"],
                condition=~Q(status="withdrawn"),
                name="application_one_per_person_and_round",
                violation_error_message=_("The person has already applied in this round."),
            )
        ]

    def __str__(self):
        return f"{self.person} – {self.round}"

    @property
    def target_group(self):
        return self.round.target_group

    @property
    def project(self):
        return self.round.target_group.project

    def get_additional_data(self):
        return {"person_id": self.person_id, "project_id": self.round.target_group.project_id}


class ApplicationDocument(models.Model):
    """A document received with an application; proofs expire (`valid_until`)."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.ForeignKey(
        DocumentKind, verbose_name=_("document"), on_delete=models.PROTECT, related_name="+"
    )
    issued_on = models.DateField(
        _("issued on"), null=True, blank=True, help_text=_("Empty: the date it was received.")
    )
    received_on = models.DateField(_("received on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True, editable=False)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        ordering = ["application", "kind__code", "-received_on"]

    def __str__(self):
        return f"{self.kind} ({self.received_on:%d.%m.%Y})"

    def save(self, *args, **kwargs):
        self.valid_until = self.kind.valid_until(self.issued_on or self.received_on)
        super().save(*args, **kwargs)

    def proves_on(self, day: datetime.date) -> bool:
        issued = self.issued_on or self.received_on
        until = self.kind.valid_until(issued)
        return issued <= day and (until is None or day <= until)

    def get_additional_data(self):
        return {"person_id": self.application.person_id}


class DegurbaArea(models.Model):
    """The DEGURBA class of a gmina (data: recruitment/data/degurba.json; values to verify against GUS)."""

    gmina = models.CharField(_("gmina"), max_length=100)
    powiat = models.CharField(_("powiat"), max_length=100)
    degurba = models.CharField(_("DEGURBA"), max_length=1, choices=enums.Degurba.choices)
    notes = models.CharField(_("notes"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("DEGURBA class of a gmina")
        verbose_name_plural = _("DEGURBA classes of gminas")
        ordering = ["powiat", "gmina"]
        constraints = [models.UniqueConstraint(fields=["gmina", "powiat"], name="degurba_area_unique")]

    def __str__(self):
        return f"{self.gmina} ({self.powiat}): {self.degurba}"


class ExitSituation(Bilingual, models.Model):
    """A situation at exit (SL2014 fields 28-29; data: recruitment/data/exit_situations.json)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(_("order"))
    name_pl = models.CharField(_("name (Polish)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)

    class Meta:
        verbose_name = _("situation at exit")
        verbose_name_plural = _("situations at exit")
        ordering = ["position"]


class ParticipantQuerySet(models.QuerySet):
    def main(self):
        return self.filter(role=enums.ParticipantRole.MAIN)

    def environment(self):
        return self.filter(role=enums.ParticipantRole.ENVIRONMENT)

    def counted(self):
        """Participants who take a place within the limit (not those who resigned before the start)."""
        return self.filter(status__in=enums.COUNTED_STATUSES)

    def follow_up_due(self, on: datetime.date):
        """Exited participants whose 3-month follow-up is not recorded and falls due by `on`."""
        return self.filter(follow_up_due__lte=on, follow_up_on__isnull=True)

    def follow_up_overdue(self, on: datetime.date):
        return self.filter(follow_up_due__lt=on, follow_up_on__isnull=True)


def _flag(verbose_name):
    """A disadvantage flag: yes / no; empty until answered. A refusal to answer is recorded in
    `Participant.refused_flags` (the EU data set allows 'Odmowa podania informacji',
    docs/participant-exports.md)."""
    return models.BooleanField(verbose_name, null=True, blank=True)


# Flags where the person may refuse to answer (SL2014 fields 39, 41, 42 and their CST2021 split).
REFUSABLE_FLAGS = (
    "minority",
    "foreign_background",
    "third_country_national",
    "disability",
    "other_disadvantage",
)
DISADVANTAGE_FLAGS = (*REFUSABLE_FLAGS, "homeless")


class Participant(models.Model):
    """A participant of a project (uczestnik) with the EU participant data set (docs/participant-exports.md).

    Pre-filled from the registry by `services.participant_enrol` (never typed twice) and completed by
    the coordinator; `missing_fields()` lists what still blocks the export.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="participations"
    )
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="participants"
    )
    target_group = models.ForeignKey(
        TargetGroup,
        verbose_name=_("target group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participants",
    )
    application = models.OneToOneField(
        Application,
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participant",
    )
    role = models.CharField(
        _("role"), max_length=20, choices=enums.ParticipantRole.choices, default=enums.ParticipantRole.MAIN
    )
    linked_to = models.ForeignKey(
        "self",
        verbose_name=_("environment of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="environment",
        help_text=_("For the participant's environment (otoczenie): the participant they support."),
    )
    status = models.CharField(
        _("status"),
        max_length=30,
        choices=enums.ParticipantStatus.choices,
        default=enums.ParticipantStatus.ENROLLED,
        editable=False,
    )
    start_date = models.DateField(_("start of participation"))
    # EU data set at entry (SL2014 / CST2021), pre-filled from the registry.
    participant_type = models.CharField(
        _("participant type"),
        max_length=20,
        choices=enums.ParticipantType.choices,
        default=enums.ParticipantType.INDIVIDUAL,
    )
    institution = models.CharField(_("institution"), max_length=255, blank=True)
    age_at_start = models.PositiveSmallIntegerField(_("age at the start"), editable=False)
    education = models.CharField(
        _("education (ISCED)"), max_length=3, choices=EducationLevel.choices, blank=True
    )
    labour_status = models.CharField(
        _("labour-market status at entry"), max_length=30, choices=enums.LabourStatus.choices, blank=True
    )
    labour_substatus = models.CharField(
        _("of which"), max_length=30, choices=enums.LabourSubstatus.choices, blank=True
    )
    occupation = models.CharField(_("occupation"), max_length=255, blank=True)
    employer = models.CharField(_("employed at"), max_length=255, blank=True)
    degurba = models.CharField(_("DEGURBA"), max_length=1, choices=enums.Degurba.choices, blank=True)
    minority = _flag(_("national or ethnic minority"))
    foreign_background = _flag(_("foreign background"))
    third_country_national = _flag(_("third-country national"))
    homeless = _flag(_("homeless or excluded from housing"))
    disability = _flag(_("person with disabilities"))
    other_disadvantage = _flag(_("other disadvantaged social situation"))
    refused_flags = models.JSONField(
        _("refused to answer"),
        default=list,
        blank=True,
        help_text=_("Names of the flags the person refused to answer."),
    )
    planned_education_end = models.DateField(_("planned end of education"), null=True, blank=True)
    # Kept from the registry by szansa.domain.recruitment.entry (a receiver on every input; checked against
    # a full recount by `manage.py recount_participant_flags`): the indicators count them in the database.
    at_risk_at_entry = models.BooleanField(
        _("at risk of poverty or social exclusion at entry"), default=False, editable=False
    )
    disability_group = models.CharField(
        _("severe-disability effectiveness group"),
        max_length=12,
        choices=enums.DisabilityGroup.choices,
        blank=True,
        editable=False,
    )
    # Exit.
    end_date = models.DateField(_("end of participation"), null=True, blank=True)
    exit_reason = models.CharField(
        _("how it ended"), max_length=20, choices=enums.ExitReason.choices, blank=True
    )
    exit_note = models.CharField(_("reason for leaving early"), max_length=255, blank=True)
    exit_situation_1 = models.ForeignKey(
        ExitSituation,
        verbose_name=_("situation at exit (1)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    exit_situation_2 = models.ForeignKey(
        ExitSituation,
        verbose_name=_("situation at exit (2)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    completed_path = models.BooleanField(_("completed the planned path"), null=True, blank=True)
    # Follow-up 3 months after exit: a task for the responsible worker (szansa.domain.work).
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True, editable=False)
    follow_up_task = models.ForeignKey(
        "work.Task",
        verbose_name=_("follow-up task"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recruitment_follow_ups",
        editable=False,
    )
    follow_up_on = models.DateField(_("follow-up recorded on"), null=True, blank=True)
    follow_up_result = models.CharField(
        _("situation 3 months after exit"), max_length=20, choices=enums.FollowUpResult.choices, blank=True
    )
    follow_up_note = models.CharField(_("follow-up note"), max_length=255, blank=True)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enrolled by"),
        null=True,
        on_delete=models.RESTRICT,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The person's name as the database copies it (triggers of migration 0006, on every insert, every
    # change of the participant's person and every change of the person's name), for the order by name of
    # the board and the participants list: an index (project, role, name) gives a page of a big project
    # without sorting all its participants joined to the registry. Never shown, never set here: whatever
    # Python writes into them is replaced by the person's name (docs/data-protection.md).
    sort_last_name = models.CharField(max_length=100, editable=False, default="")
    sort_first_name = models.CharField(max_length=100, editable=False, default="")

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["project", "start_date", "pk"]
        indexes = [
            # The open 3-month follow-ups of a project by due date (the board's overdue list and its
            # count, the nightly follow-up tasks): the few still open, not every participant.
            models.Index(
                fields=["project", "follow_up_due"],
                condition=Q(follow_up_on__isnull=True, follow_up_due__isnull=False, role="main"),
                name="participant_follow_up_open_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "project"],
                condition=~Q(status="resigned_before_start"),
                name="participant_once_per_project",
                violation_error_message=_("The person already takes part in this project."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="participant_period_ordered",
                violation_error_message=_("The end of participation cannot be earlier than its start."),
            ),
            models.CheckConstraint(
                condition=Q(role="main", linked_to__isnull=True)
                | Q(role="environment", linked_to__isnull=False),
                name="participant_environment_linked",
                violation_error_message=_(
                    "A person from the environment is linked to a participant; a participant is not."
                ),
            ),
            models.CheckConstraint(
                condition=Q(role="environment") | Q(target_group__isnull=False),
                name="participant_main_has_target_group",
                violation_error_message=_("Choose the participant's target group."),
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.project.number}"

    def get_additional_data(self):
        data = {"person_id": self.person_id, "project_id": self.project_id}
        reason = getattr(self, "correction_reason", None)
        if reason:
            data["correction_reason"] = reason
        return data

    @property
    def is_main(self) -> bool:
        return self.role == enums.ParticipantRole.MAIN

    def flag_answer(self, name: str) -> bool | None | str:
        """True / False, "refused", or None while unanswered."""
        value = getattr(self, name)
        if value is None and name in self.refused_flags:
            return "refused"
        return value

    def missing_fields(self) -> list[str]:
        """Verbose names of the data-set fields still empty (they block the export to SL / SOWA)."""
        missing = []
        required = ["education", "labour_status", "degurba"]
        if self.labour_status in enums.SUBSTATUSES:
            required.append("labour_substatus")
        if self.participant_type == enums.ParticipantType.INSTITUTION:
            required.append("institution")
        for name in required:
            if not getattr(self, name):
                missing.append(name)
        for name in DISADVANTAGE_FLAGS:
            if getattr(self, name) is None and name not in self.refused_flags:
                missing.append(name)
        if self.end_date:
            for name in ("exit_reason", "exit_situation_1"):
                if not getattr(self, name + ("_id" if name == "exit_situation_1" else "")):
                    missing.append(name)
            if self.completed_path is None:
                missing.append("completed_path")
        return [str(self._meta.get_field(name).verbose_name) for name in missing]

    @staticmethod
    def follow_up_date(end_date: datetime.date) -> datetime.date:
        return end_date + relativedelta(months=FOLLOW_UP_MONTHS)


class ParticipationCorrection(models.Model):
    """A correction of a participation's start or end date, with its reason (the history the managing
    body's controller reads; services.participant_correct_dates)."""

    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="corrections"
    )
    field = models.CharField(
        _("date"),
        max_length=20,
        choices=[("start_date", _("start of participation")), ("end_date", _("end of participation"))],
    )
    old_value = models.DateField(_("was"), null=True, blank=True)
    new_value = models.DateField(_("is now"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("corrected by"), on_delete=models.RESTRICT, related_name="+"
    )
    corrected_at = models.DateTimeField(_("corrected at"), auto_now_add=True)

    class Meta:
        verbose_name = _("correction of a participation date")
        verbose_name_plural = _("corrections of participation dates")
        ordering = ["participant", "-corrected_at", "-pk"]

    def __str__(self):
        return f"{self.get_field_display()}: {self.old_value} → {self.new_value}"

    def get_additional_data(self):
        return {"person_id": self.participant.person_id, "project_id": self.participant.project_id}
