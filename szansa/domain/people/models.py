"""Registry of people and households (ARCHITECTURE.md: people/)."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language, gettext_noop, override
from django.utils.translation import gettext_lazy as _

from szansa.domain.people import enums
from szansa.domain.people.validators import (
    check_birth_date,
    check_pesel_matches,
    validate_pesel,
    validate_postal_code,
)
from szansa.lib import translatable
from szansa.lib.dates import age_on
from szansa.lib.money import format_pln
from szansa.lib.text import fold


class EffectiveQuerySet(models.QuerySet):
    """Rows with a date range (valid_from, valid_to) that may be open-ended."""

    def on(self, day: datetime.date):
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)


class IncomeCriterion(models.Model):
    """The statutory income criterion (art. 8), date-effective: a new regulation is a new row."""

    valid_from = models.DateField(_("valid from"), unique=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    single_person = models.DecimalField(_("single person (zł)"), max_digits=8, decimal_places=2)
    per_person = models.DecimalField(_("per person in a family (zł)"), max_digits=8, decimal_places=2)
    farm_income_per_ha = models.DecimalField(
        _("income from 1 conversion hectare (zł)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
    )
    legal_basis = models.CharField(_("legal basis"), max_length=255)

    objects = EffectiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("income criterion")
        verbose_name_plural = _("income criteria")
        ordering = ["valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="income_criterion_period_ordered",
            )
        ]

    def __str__(self):
        return f"{self.valid_from:%d.%m.%Y}: {format_pln(self.single_person)} / {format_pln(self.per_person)}"


class Art7Reason(models.Model):
    """A statutory reason for granting assistance (art. 7 of the Social Assistance Act)."""

    code = models.CharField(_("point of art. 7"), max_length=4, unique=True)
    position = models.PositiveSmallIntegerField(_("order"))
    label_pl = models.CharField(_("label (Polish)"), max_length=255)
    label_en = models.CharField(_("label (English)"), max_length=255)
    former_label_pl = models.CharField(_("former label (Polish)"), max_length=255, blank=True)
    label_changed_on = models.DateField(_("label changed on"), null=True, blank=True)
    repealed = models.BooleanField(_("repealed"), default=False)

    class Meta:
        verbose_name = _("reason for assistance (art. 7)")
        verbose_name_plural = _("reasons for assistance (art. 7)")
        ordering = ["position"]

    def __str__(self):
        return f"{self.code}. {self.label()}"

    def label(self, on: datetime.date | None = None) -> str:
        """The label in force on a date (the wording of pt 7 changed in 2023), in the UI language."""
        if get_language() == "en":
            return self.label_en
        if on and self.label_changed_on and on < self.label_changed_on and self.former_label_pl:
            return self.former_label_pl
        return self.label_pl


class Household(models.Model):
    """A household (gospodarstwo domowe); members are people pointing at it."""

    multi_problem_family = models.BooleanField(
        _("multi-problem family"),
        default=False,
        help_text=_("The family struggles with several problems at once (rodzina wieloproblemowa)."),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["pk"]

    def __str__(self):
        head = self.head
        if head is None:
            return _("Household no. %(pk)s") % {"pk": self.pk}
        return _("Household of %(name)s") % {"name": head.full_name}

    def get_absolute_url(self):
        return reverse("people:household_detail", args=[self.pk])

    @property
    def head(self):
        members = getattr(self, "_prefetched_objects_cache", {}).get("members")
        if members is not None:
            return next((m for m in members if m.household_relation == "head"), None)
        return self.members.filter(household_relation=enums.HouseholdRelation.HEAD).first()


class PersonQuerySet(models.QuerySet):
    # Which people a user may see: people.access.scope_persons (access builds on the models).

    def search(self, text: str):
        text = " ".join(text.split())
        if not text:
            return self
        if text.isdigit():
            return self.filter(pesel__startswith=text)
        query = Q()
        for word in text.split(" "):
            query &= Q(search_text__contains=normalise_name(word))
        return self.filter(query)


def normalise_name(text: str) -> str:
    """The search key of a name: lower case without diacritics ("Białczyk" -> "bialczyk"), so a search
    typed without Polish letters finds them. It is computed in Python and stored in `search_text`, which
    keeps the trigram index usable (PostgreSQL's unaccent() is not immutable and cannot be indexed
    directly) and works the same on SQLite."""
    return fold(text)


# The fields staff fill in for a person: the form and the API serializer share this list.
PERSON_INPUT_FIELDS = (
    "first_name",
    "last_name",
    "pesel",
    "other_id_type",
    "other_id_number",
    "birth_date",
    "sex",
    "citizenship",
    "phone",
    "email",
    "street",
    "building_number",
    "flat_number",
    "postal_code",
    "town",
    "gmina",
    "powiat",
    "voivodeship",
    "revitalisation_area",
    "education_level",
    "responsible_worker",
)


class Person(models.Model):
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    pesel = models.CharField(
        _("PESEL"),
        max_length=11,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_pesel],
        error_messages={"unique": _("A person with this PESEL is already in the registry.")},
        help_text=_("11 digits. Leave empty only for a person who has no PESEL."),
    )
    other_id_type = models.CharField(
        _("other identity document"),
        max_length=20,
        choices=enums.IdentityDocumentType.choices,
        blank=True,
        help_text=_("Required for a person without PESEL."),
    )
    other_id_number = models.CharField(_("document number"), max_length=40, blank=True)
    birth_date = models.DateField(_("birth date"))
    sex = models.CharField(_("sex"), max_length=1, choices=enums.Sex.choices)
    citizenship = models.CharField(
        _("citizenship"),
        max_length=10,
        choices=enums.Citizenship.choices,
        default=enums.Citizenship.POLISH,
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    street = models.CharField(_("street"), max_length=120, blank=True)
    building_number = models.CharField(_("building number"), max_length=20)
    flat_number = models.CharField(_("flat number"), max_length=20, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=6, validators=[validate_postal_code])
    town = models.CharField(_("town"), max_length=100)
    gmina = models.CharField(_("gmina"), max_length=100)
    powiat = models.CharField(_("powiat"), max_length=100)
    voivodeship = models.CharField(
        _("voivodeship"),
        max_length=2,
        choices=enums.Voivodeship.choices,
        default=enums.Voivodeship.MALOPOLSKIE,
    )
    revitalisation_area = models.BooleanField(_("address in a revitalisation area"), default=False)
    education_level = models.CharField(
        _("education (ISCED)"), max_length=3, choices=enums.EducationLevel.choices, blank=True
    )
    responsible_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible social worker"),
        on_delete=models.RESTRICT,
        related_name="caseload",
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    household_relation = models.CharField(
        _("relation to the head of household"),
        max_length=20,
        choices=enums.HouseholdRelation.choices,
        blank=True,
    )
    # Lower-cased "last first" for name search; kept in sync by save().
    search_text = models.CharField(max_length=201, editable=False, db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="+",
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pesel__isnull=False) | (~Q(other_id_type="") & ~Q(other_id_number="")),
                name="person_has_pesel_or_other_id",
                violation_error_message=_(
                    "A person without PESEL needs another identity document (type and number)."
                ),
            ),
            models.UniqueConstraint(
                fields=["other_id_type", "other_id_number"],
                condition=~Q(other_id_number=""),
                name="person_other_id_unique",
                violation_error_message=_("A person with this identity document is already in the registry."),
            ),
            models.CheckConstraint(
                condition=~Q(household__isnull=False, household_relation=""),
                name="person_household_relation_given",
                violation_error_message=_("Give the relation to the head of household."),
            ),
        ]
        indexes = [
            models.Index(fields=["birth_date"], name="person_birth_date_idx"),
            # The list's order (paginated in the database) and the name search (LIKE '%word%',
            # PostgreSQL only: migration 0004 skips it elsewhere), PESEL prefix search.
            models.Index(fields=["last_name", "first_name", "id"], name="person_name_order_idx"),
            GinIndex(fields=["search_text"], opclasses=["gin_trgm_ops"], name="person_search_trgm"),
            models.Index(fields=["pesel"], opclasses=["varchar_pattern_ops"], name="person_pesel_prefix_idx"),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.search_text = normalise_name(f"{self.last_name} {self.first_name}")
        if self.pesel == "":
            self.pesel = None
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("people:person_detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def team(self):
        return self.responsible_worker.team

    @property
    def has_pesel(self) -> bool:
        return bool(self.pesel)

    def age_on(self, day: datetime.date) -> int:
        return age_on(self.birth_date, day)

    @property
    def address_line(self) -> str:
        street = self.street or self.town
        number = self.building_number + (f"/{self.flat_number}" if self.flat_number else "")
        return f"{street} {number}, {self.postal_code} {self.town}"

    def clean(self):
        check_pesel_matches(self)
        check_birth_date(self)


class PersonRecord(models.Model):
    """Base of the records kept in a person's file; they log history under the person."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        abstract = True

    def get_additional_data(self):
        """Lets the person file gather the history of its records (django-auditlog)."""
        return {"person_id": self.person_id}


class IncomeRecord(PersonRecord):
    """A person's net income from one source in one month (art. 8)."""

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    source = models.CharField(_("source"), max_length=30, choices=enums.IncomeSource.choices)
    net_amount = models.DecimalField(
        _("net amount (zł)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    counts_as_income = models.BooleanField(
        _("counts as income"),
        default=True,
        help_text=_("Untick for revenue excluded from income by art. 8 (e.g. child benefit)."),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("income record")
        verbose_name_plural = _("income records")
        ordering = ["-month", "source"]
        default_related_name = "income_records"
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="income_month_first_day"),
            models.CheckConstraint(condition=Q(net_amount__gte=0), name="income_not_negative"),
        ]

    def __str__(self):
        return f"{self.month:%m.%Y} {self.get_source_display()}: {format_pln(self.net_amount)}"


class SituationQuerySet(EffectiveQuerySet):
    def on(self, day: datetime.date):
        """Situations in force on a day; a disability also needs a certificate valid that day."""
        return (
            super()
            .on(day)
            .exclude(
                kind=enums.SituationKind.DISABILITY,
                certificate_valid_until__lt=day,
            )
        )


def validate_disability_causes(value):
    """A list of distinct cause symbols of the certificate (enums.DisabilityCause)."""
    if not isinstance(value, list) or any(cause not in enums.DisabilityCause.values for cause in value):
        raise ValidationError(_("Choose the cause symbols from the list."), code="invalid_choice")


class Situation(PersonRecord):
    """A dated fact about a person: disability, labour-market status, homelessness, PO PŻ, art. 7."""

    kind = models.CharField(_("kind"), max_length=30, choices=enums.SituationKind.choices)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), null=True, blank=True)
    disability_degree = models.CharField(
        _("degree of disability"),
        max_length=10,
        choices=enums.DisabilityDegree.choices,
        blank=True,
    )
    # A JSON list of cause symbols (not a PostgreSQL array: the demo runs on SQLite too).
    disability_causes = models.JSONField(
        verbose_name=_("kind of disability"),
        default=list,
        blank=True,
        validators=[validate_disability_causes],
        help_text=_(
            "The cause symbols of the disability certificate (e.g. 01-U intellectual); two or more make "
            "multiple disabilities."
        ),
    )
    certificate_valid_until = models.DateField(
        _("certificate valid until"),
        null=True,
        blank=True,
        help_text=_("Leave empty for a certificate issued permanently."),
    )
    labour_status = models.CharField(
        _("labour-market status"),
        max_length=30,
        choices=enums.LabourMarketStatus.choices,
        blank=True,
    )
    assistance_reason = models.ForeignKey(
        Art7Reason,
        verbose_name=_("reason for assistance"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    objects = SituationQuerySet.as_manager()

    class Meta:
        verbose_name = _("situation")
        verbose_name_plural = _("situations")
        ordering = ["kind", "-valid_from"]
        default_related_name = "situations"
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="situation_period_ordered",
                violation_error_message=_("The end date cannot be earlier than the start date."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="disability") | ~Q(disability_degree=""),
                name="situation_disability_has_degree",
                violation_error_message=_("Give the degree of disability."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="labour_market") | ~Q(labour_status=""),
                name="situation_labour_has_status",
                violation_error_message=_("Give the labour-market status."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="assistance_reason") | Q(assistance_reason__isnull=False),
                name="situation_reason_given",
                violation_error_message=_("Choose the reason for assistance."),
            ),
        ]
        indexes = [models.Index(fields=["kind", "valid_from"], name="situation_kind_idx")]

    def __str__(self):
        return f"{self.describe()} ({self.period_display})"

    def is_active_on(self, day: datetime.date) -> bool:
        """The Python twin of SituationQuerySet.on (tests keep the two in step)."""
        if self.valid_from > day or (self.valid_to is not None and self.valid_to < day):
            return False
        return not (
            self.kind == enums.SituationKind.DISABILITY
            and self.certificate_valid_until is not None
            and self.certificate_valid_until < day
        )

    @property
    def is_sensitive(self) -> bool:
        """Health data (GDPR art. 9): hidden from administrative clerks."""
        if self.kind == enums.SituationKind.ASSISTANCE_REASON and self.assistance_reason_id:
            return self.assistance_reason.code in enums.HEALTH_ART7_CODES
        return self.kind == enums.SituationKind.DISABILITY

    @property
    def period_display(self) -> str:
        end = f"{self.valid_to:%d.%m.%Y}" if self.valid_to else "…"
        return f"{self.valid_from:%d.%m.%Y} – {end}"

    @property
    def is_intellectual_disability(self) -> bool:
        """A disability whose certificate names the cause 01-U (intellectual disability)."""
        return enums.DisabilityCause.INTELLECTUAL in (self.disability_causes or [])

    @property
    def is_multiple_disability(self) -> bool:
        """Multiple disabilities (niepełnosprawności sprzężone): the certificate names two or more causes."""
        return len(set(self.disability_causes or [])) >= 2

    def describe(self) -> str:
        return self.describe_message().render()

    def describe_message(self) -> "translatable.Message":
        """What the situation is, as a message translated when shown (an application's verification
        stores it and is read later in either language)."""
        if self.kind == enums.SituationKind.DISABILITY:
            degree = translatable.label(enums.DisabilityDegree(self.disability_degree).label)
            if self.disability_causes:
                return translatable.Message(
                    gettext_noop("disability, %(degree)s degree (%(causes)s)"),
                    {"degree": degree, "causes": ", ".join(self.disability_causes)},
                )
            return translatable.Message(gettext_noop("disability, %(degree)s degree"), {"degree": degree})
        if self.kind == enums.SituationKind.LABOUR_MARKET:
            return translatable.label(enums.LabourMarketStatus(self.labour_status).label)
        if self.kind == enums.SituationKind.ASSISTANCE_REASON and self.assistance_reason:
            reason = self.assistance_reason
            with override("pl"):
                polish = reason.label(self.valid_from)
            return translatable.Message(
                gettext_noop("art. 7 pt %(code)s: %(label)s"),
                {"code": reason.code, "label": translatable.Bilingual(polish, reason.label_en)},
            )
        return translatable.label(enums.SituationKind(self.kind).label)


class ConsentQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date):
        return self.filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day), given_on__lte=day)


class Consent(PersonRecord):
    """A consent under GDPR: given on a day, possibly withdrawn later."""

    kind = models.CharField(_("kind"), max_length=30, choices=enums.ConsentKind.choices)
    given_on = models.DateField(_("given on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["kind", "-given_on"]
        default_related_name = "consents"
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
                violation_error_message=_("A consent cannot be withdrawn before it was given."),
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.given_on:%d.%m.%Y})"

    def is_active_on(self, day: datetime.date) -> bool:
        return self.given_on <= day and (self.withdrawn_on is None or self.withdrawn_on > day)


class Message(PersonRecord):
    """An e-mail sent to a person from their file; needs the electronic-contact consent."""

    recipient = models.EmailField(_("recipient"))
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.RESTRICT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-sent_at"]
        default_related_name = "messages"

    def __str__(self):
        return f"{self.sent_at:%d.%m.%Y %H:%M} {self.subject}"
