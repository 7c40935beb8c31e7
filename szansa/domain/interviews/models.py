"""The family community interview (rodzinny wywiad środowiskowy, ustawa o pomocy społecznej art. 107):
its questionnaire kept as versioned data, the interviews and their saved revisions
(docs/community-interview.md)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from szansa.domain.interviews import enums
from szansa.domain.interviews.structure import validate_structure


class Questionnaire(models.Model):
    """One version of the questionnaire; the version in force on the interview's date is used
    (selectors.questionnaire_for)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=255)
    valid_from = models.DateField(_("in force from"))
    valid_to = models.DateField(_("in force until"), null=True, blank=True)
    legal_source = models.TextField(_("legal source"))
    structure = models.JSONField(_("structure"), validators=[validate_structure])
    update_interval_months = models.PositiveSmallIntegerField(
        _("update due after (months)"),
        default=6,
        help_text=_(
            "How long after the last confirmed interview its update is due for a person still supported."
        ),
    )
    update_interval_source = models.CharField(
        _("legal source of the update interval"), max_length=255, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("interview questionnaire")
        verbose_name_plural = _("interview questionnaires")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="questionnaire_period_ordered",
                violation_error_message=_("The end of validity cannot come before its start."),
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.code})"

    def save(self, *args, **kwargs):
        # the structure is checked on every save, not only by forms and services (full_clean)
        validate_structure(self.structure)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.valid_from is None:
            return
        overlapping = Questionnaire.objects.exclude(pk=self.pk).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=self.valid_from)
        )
        if self.valid_to is not None:
            overlapping = overlapping.filter(valid_from__lte=self.valid_to)
        clash = overlapping.first()
        if clash is not None:
            raise ValidationError(
                {
                    "valid_from": _("The period overlaps the version %(code)s; end that one first.")
                    % {"code": clash.code}
                },
                code="overlap",
            )


class Interview(models.Model):
    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="interviews"
    )
    household = models.ForeignKey(
        "people.Household",
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interviews",
    )
    task = models.ForeignKey(
        "work.Task",
        verbose_name=_("task"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interviews",
    )
    case = models.ForeignKey(
        "work.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interviews",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=enums.InterviewKind.choices)
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire"), on_delete=models.PROTECT, related_name="interviews"
    )
    conducted_on = models.DateField(_("conducted on"))
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("social worker"), on_delete=models.RESTRICT, related_name="+"
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    prefilled = models.JSONField(
        _("registry values at the start"),
        default=dict,
        blank=True,
        help_text=_("What the registry said when the interview started, by pre-fill key."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=enums.InterviewStatus.choices, default=enums.InterviewStatus.DRAFT
    )
    revision = models.PositiveIntegerField(_("revision"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    written_back_at = models.DateTimeField(_("written back to the registry at"), null=True, blank=True)

    class Meta:
        verbose_name = _("community interview")
        verbose_name_plural = _("community interviews")
        ordering = ["-conducted_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["task"], condition=Q(task__isnull=False), name="interview_one_per_task"
            )
        ]
        indexes = [models.Index(fields=["person", "status"], name="interview_person_status_idx")]

    def __str__(self):
        return _("Community interview no. %(pk)s (%(day)s)") % {
            "pk": self.pk,
            "day": f"{self.conducted_on:%d.%m.%Y}" if self.conducted_on else "",
        }

    def get_additional_data(self):
        return {"person_id": self.person_id}


class InterviewRevision(models.Model):
    """The answers as one save left them; revision 1 is the pre-filled start."""

    interview = models.ForeignKey(
        Interview, verbose_name=_("interview"), on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField(_("revision"))
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("saved by"), on_delete=models.RESTRICT, related_name="+"
    )
    saved_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("interview revision")
        verbose_name_plural = _("interview revisions")
        ordering = ["interview", "number"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "number"], name="interview_revision_unique")
        ]

    def __str__(self):
        return f"{self.interview_id}/{self.number}"
