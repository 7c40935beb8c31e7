"""Sheltered housing (docs/sheltered-housing.md): apartments, places, stays, support, fees.

Legal figures (standards, fee tables) are date-effective rows loaded from housing/data/*.json, never
constants in code. A stay's occupied period (`occupied_from`, `occupied_to`) is kept by the services
from the actual or planned dates and the extensions; on PostgreSQL an exclusion constraint (migration
0002) forbids two stays on one place whose occupied periods overlap.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from szansa.domain.housing import enums
from szansa.domain.people.validators import validate_postal_code
from szansa.lib.money import format_pln, to_money

ZERO = Decimal("0.00")
HUNDRED = Decimal("100")


def fee_explanation(income: Decimal, criterion: Decimal, band: "FeeBand | None" = None) -> str:
    """How a monthly fee was set, in the active language: no band when the income does not exceed the
    criterion. Built from the figures at every display (a stored text would keep its writer's language)."""
    values = {"income": format_pln(income), "criterion": format_pln(criterion)}
    if band is None:
        return _("income per person %(income)s does not exceed the criterion %(criterion)s") % values
    percent = format_pln(to_money(income * HUNDRED / criterion), currency=False)
    return _("income per person %(income)s = %(percent)s%% of the criterion %(criterion)s: band %(band)s") % (
        values | {"percent": percent, "band": band}
    )


class EffectiveQuerySet(models.QuerySet):
    def on(self, day: datetime.date):
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)


def _period_constraint(name):
    return models.CheckConstraint(
        condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
        name=name,
        violation_error_code="period_ordered",
        violation_error_message=_("The end date cannot be earlier than the start date."),
    )


def area_field(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name, max_digits=7, decimal_places=2, validators=[MinValueValidator(ZERO)], **kwargs
    )


class Apartment(models.Model):
    name = models.CharField(_("name"), max_length=150)
    operator = models.CharField(_("operator"), max_length=255, help_text=_("The unit that runs the flat."))
    street = models.CharField(_("street"), max_length=120, blank=True)
    building_number = models.CharField(_("building number"), max_length=20)
    flat_number = models.CharField(_("flat number"), max_length=20, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=6, validators=[validate_postal_code])
    town = models.CharField(_("town"), max_length=100)
    gmina = models.CharField(_("gmina"), max_length=100)
    group_served = models.CharField(_("group served"), max_length=30, choices=enums.ServedGroup.choices)
    usable_area = area_field(_("usable area (m²)"))
    bathroom_area = area_field(_("bathroom area (m²)"), null=True, blank=True)
    shared_spaces = models.TextField(_("shared spaces"), blank=True, help_text=_("Kitchen, hall, WC…"))
    equipment = models.JSONField(
        _("equipment checklist"),
        default=dict,
        blank=True,
        help_text=_("Item name → present (true/false)."),
    )
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    register_entry = models.CharField(_("entry in the voivode's register"), max_length=100, blank=True)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project that created or funds it"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="apartments",
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("sheltered apartment")
        verbose_name_plural = _("sheltered apartments")
        ordering = ["town", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="apartment_closed_after_opened",
                violation_error_code="period_ordered",
                violation_error_message=_("A flat cannot close before it opens."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("housing:apartment_detail", args=[self.pk])

    @property
    def address_line(self) -> str:
        street = self.street or self.town
        number = self.building_number + (f"/{self.flat_number}" if self.flat_number else "")
        return f"{street} {number}, {self.postal_code} {self.town}"

    def kind_on(self, day: datetime.date) -> str | None:
        period = self.kind_periods.on(day).order_by("-valid_from").first()
        return period.kind if period else None

    def kind_label_on(self, day: datetime.date) -> str:
        kind = self.kind_on(day)
        return enums.ApartmentKind(kind).label if kind else ""

    def clean(self):
        if not isinstance(self.equipment, dict) or not all(
            isinstance(key, str) and isinstance(value, bool) for key, value in self.equipment.items()
        ):
            message = _("The checklist maps item names to true or false.")
            raise ValidationError({"equipment": ValidationError(message, code="equipment")})


class ApartmentRecord(models.Model):
    """Rows of an apartment; auditlog groups their history under it."""

    class Meta:
        abstract = True

    def get_additional_data(self):
        return {"apartment_id": self.apartment_id}


class ApartmentKindPeriod(ApartmentRecord):
    """The kind of a flat over a period: a flat converted in 2024 keeps its earlier kind's row."""

    apartment = models.ForeignKey(
        Apartment, verbose_name=_("apartment"), on_delete=models.CASCADE, related_name="kind_periods"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=enums.ApartmentKind.choices)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), null=True, blank=True)
    resolution_ref = models.CharField(
        _("council resolution"), max_length=255, blank=True, help_text=_("E.g. the conversion resolution.")
    )

    objects = EffectiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("kind of the apartment")
        verbose_name_plural = _("kinds of the apartment")
        ordering = ["apartment", "valid_from"]
        constraints = [_period_constraint("apartment_kind_period_ordered")]

    def __str__(self):
        end = f"{self.valid_to:%d.%m.%Y}" if self.valid_to else "…"
        return f"{self.get_kind_display()} ({self.valid_from:%d.%m.%Y} – {end})"

    def clean(self):
        if not self.kind or not self.valid_from:
            return
        if self.kind in enums.OLD_REGIME_KINDS and self.valid_from >= enums.NEW_REGIME_FROM:
            message = _("From 1 Nov 2023 a flat is a training or an assisted flat.")
            raise ValidationError({"kind": ValidationError(message, code="kind_out_of_regime")})
        if self.kind in enums.NEW_REGIME_KINDS and self.valid_from < enums.NEW_REGIME_FROM:
            message = _("Training and assisted flats exist from 1 Nov 2023.")
            raise ValidationError({"kind": ValidationError(message, code="kind_out_of_regime")})


class Room(ApartmentRecord):
    apartment = models.ForeignKey(
        Apartment, verbose_name=_("apartment"), on_delete=models.CASCADE, related_name="rooms"
    )
    name = models.CharField(_("name"), max_length=100)
    area = area_field(_("area (m²)"))

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["apartment", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["apartment", "name"],
                name="room_name_unique",
                violation_error_message=_("The apartment already has a room with this name."),
            )
        ]

    def __str__(self):
        return f"{self.apartment}: {self.name}"


class Place(models.Model):
    room = models.ForeignKey(Room, verbose_name=_("room"), on_delete=models.CASCADE, related_name="places")
    label = models.CharField(_("label"), max_length=50)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["room__apartment", "room__name", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["room", "label"],
                name="place_label_unique",
                violation_error_message=_("The room already has a place with this label."),
            )
        ]

    def __str__(self):
        return f"{self.room.apartment} – {self.room.name}, {self.label}"

    @property
    def apartment(self):
        return self.room.apartment

    def get_additional_data(self):
        return {"apartment_id": self.room.apartment_id}


class HousingStandard(models.Model):
    """The standards of sheltered flats in force over a period (data: housing/data/standards.json)."""

    valid_from = models.DateField(_("valid from"), unique=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    min_persons = models.PositiveSmallIntegerField(_("minimum persons per flat"), null=True, blank=True)
    max_persons = models.PositiveSmallIntegerField(_("maximum persons per flat"), null=True, blank=True)
    min_area_per_person = area_field(_("minimum usable area per person (m²)"), null=True, blank=True)
    min_bathroom_area = area_field(_("minimum bathroom area (m²)"), null=True, blank=True)
    bathroom_rule_from = models.DateField(
        _("bathroom minimum for flats opened from"),
        null=True,
        blank=True,
        help_text=_("Empty: the bathroom minimum applies to every flat."),
    )
    legal_basis = models.CharField(_("legal basis"), max_length=255)
    notes = models.TextField(_("notes"), blank=True, help_text=_("'verify' marks unconfirmed values."))

    objects = EffectiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("housing standard")
        verbose_name_plural = _("housing standards")
        ordering = ["valid_from"]
        constraints = [_period_constraint("housing_standard_period_ordered")]

    def __str__(self):
        return f"{self.valid_from:%d.%m.%Y}: {self.legal_basis}"


class StayQuerySet(models.QuerySet):
    # Which stays a user may see: housing.access.scope_stays (access builds on the models).

    def overlapping(self, start: datetime.date, end: datetime.date | None):
        """Stays whose occupied period shares a day with [start, end] (end None: open-ended)."""
        stays = self.filter(Q(occupied_to__isnull=True) | Q(occupied_to__gte=start))
        return stays if end is None else stays.filter(occupied_from__lte=end)

    def on(self, day: datetime.date):
        return self.overlapping(day, day)


class Stay(models.Model):
    """A resident's stay on a place, granted by a referral decision."""

    person = models.ForeignKey(
        "people.Person", verbose_name=_("resident"), on_delete=models.PROTECT, related_name="housing_stays"
    )
    place = models.ForeignKey(Place, verbose_name=_("place"), on_delete=models.PROTECT, related_name="stays")
    referred_by = models.CharField(_("referred by"), max_length=255)
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    indefinite = models.BooleanField(
        _("indefinite"),
        default=False,
        help_text=_("A stay for an indefinite period (e.g. moderate or severe disability, supported flat)."),
    )
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    end_reason = models.CharField(_("end reason"), max_length=30, choices=enums.EndReason.choices, blank=True)
    end_note = models.CharField(_("note on the end"), max_length=255, blank=True)
    target_group = models.ForeignKey(
        "projects.TargetGroup",
        verbose_name=_("project target group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="housing_stays",
    )
    # Kept by the services: the days the place is taken (start: actual or planned; end: actual, else
    # the planned end after extensions, else none for an indefinite stay).
    occupied_from = models.DateField(_("occupied from"), editable=False)
    occupied_to = models.DateField(_("occupied to"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = StayQuerySet.as_manager()

    class Meta:
        verbose_name = _("stay")
        verbose_name_plural = _("stays")
        ordering = ["-occupied_from", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(indefinite=True, planned_end__isnull=True)
                | Q(indefinite=False, planned_end__isnull=False),
                name="stay_planned_end_unless_indefinite",
                violation_error_code="planned_end",
                violation_error_message=_("Give the planned end, or mark the stay as indefinite (not both)."),
            ),
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True) | Q(planned_end__gte=F("planned_start")),
                name="stay_planned_period_ordered",
                violation_error_code="period_ordered",
                violation_error_message=_("The planned end cannot be earlier than the planned start."),
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True)
                | (Q(actual_start__isnull=False) & Q(actual_end__gte=F("actual_start"))),
                name="stay_actual_period_ordered",
                violation_error_code="period_ordered",
                violation_error_message=_("A stay ends after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True) | ~Q(end_reason=""),
                name="stay_end_has_reason",
                violation_error_code="end_reason",
                violation_error_message=_("Give the reason the stay ended."),
            ),
        ]
        indexes = [models.Index(fields=["place", "occupied_from"], name="stay_place_from_idx")]

    def __str__(self):
        return f"{self.person} – {self.place} ({self.period_display})"

    def get_absolute_url(self):
        return reverse("housing:stay_detail", args=[self.pk])

    def get_additional_data(self):
        return {"person_id": self.person_id, "stay_id": self.pk}

    @property
    def current_planned_end(self) -> datetime.date | None:
        """The planned end after the latest extension."""
        if self.indefinite:
            return None
        extension = self.extensions.order_by("-new_planned_end").first() if self.pk else None
        return extension.new_planned_end if extension else self.planned_end

    def compute_occupied(self) -> tuple[datetime.date, datetime.date | None]:
        start = self.actual_start or self.planned_start
        end = self.actual_end or self.current_planned_end
        return start, end

    @property
    def period_display(self) -> str:
        end = f"{self.occupied_to:%d.%m.%Y}" if self.occupied_to else "…"
        return f"{self.occupied_from:%d.%m.%Y} – {end}" if self.occupied_from else ""

    def covers(self, day: datetime.date) -> bool:
        return self.occupied_from <= day and (self.occupied_to is None or day <= self.occupied_to)


class StayRecord(models.Model):
    class Meta:
        abstract = True

    def get_additional_data(self):
        return {"person_id": self.stay.person_id, "stay_id": self.stay_id}


class StayExtension(StayRecord):
    """A new decision that moves the planned end of a stay."""

    stay = models.ForeignKey(
        Stay, verbose_name=_("stay"), on_delete=models.CASCADE, related_name="extensions"
    )
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    new_planned_end = models.DateField(_("new planned end"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("extension of a stay")
        verbose_name_plural = _("extensions of stays")
        ordering = ["stay", "new_planned_end"]

    def __str__(self):
        return f"{self.decision_number}: {self.new_planned_end:%d.%m.%Y}"


class ApartmentStaff(ApartmentRecord):
    """A specialist serving an apartment over a period: the basis of their access to its residents."""

    apartment = models.ForeignKey(
        Apartment, verbose_name=_("apartment"), on_delete=models.CASCADE, related_name="staff"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.RESTRICT,
        related_name="apartment_assignments",
    )
    kind = models.CharField(_("support"), max_length=30, choices=enums.SupportKind.choices)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), null=True, blank=True)

    objects = EffectiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("apartment staff member")
        verbose_name_plural = _("apartment staff")
        ordering = ["apartment", "kind", "valid_from"]
        constraints = [_period_constraint("apartment_staff_period_ordered")]

    def __str__(self):
        return f"{self.user} ({self.get_kind_display()})"


class SupportPlan(StayRecord):
    """The resident's plan toward independent living and the specialist support it gives."""

    stay = models.OneToOneField(
        Stay, verbose_name=_("stay"), on_delete=models.CASCADE, related_name="support_plan"
    )
    drawn_up_on = models.DateField(_("drawn up on"))
    goals = models.TextField(_("goals toward independent living"))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("support plan")
        verbose_name_plural = _("support plans")

    def __str__(self):
        return _("Support plan of %(name)s") % {"name": self.stay.person}


class PlannedSupport(models.Model):
    plan = models.ForeignKey(
        SupportPlan, verbose_name=_("support plan"), on_delete=models.CASCADE, related_name="items"
    )
    kind = models.CharField(_("support"), max_length=30, choices=enums.SupportKind.choices)
    hours_per_month = models.DecimalField(
        _("hours per month"), max_digits=6, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )

    class Meta:
        verbose_name = _("planned support")
        verbose_name_plural = _("planned support")
        ordering = ["plan", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "kind"],
                name="planned_support_kind_unique",
                violation_error_message=_("The plan already has this kind of support."),
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.hours_per_month} h"

    def get_additional_data(self):
        return {"person_id": self.plan.stay.person_id, "stay_id": self.plan.stay_id}


class Visit(StayRecord):
    stay = models.ForeignKey(Stay, verbose_name=_("stay"), on_delete=models.CASCADE, related_name="visits")
    specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("specialist"),
        on_delete=models.RESTRICT,
        related_name="housing_visits",
    )
    kind = models.CharField(_("support"), max_length=30, choices=enums.SupportKind.choices)
    date = models.DateField(_("date"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), validators=[MinValueValidator(1)])
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(duration_minutes__gte=1), name="visit_duration_positive")
        ]

    def __str__(self):
        return f"{self.date:%d.%m.%Y} {self.get_kind_display()} ({self.duration_minutes} min)"


# --- fees (art. 97) ----------------------------------------------------------------------------------------


class FeeTable(models.Model):
    """A council resolution's fee table (art. 97 ust. 5), in force over a period (data: fee_tables.json)."""

    resolution_ref = models.CharField(_("council resolution"), max_length=255)
    valid_from = models.DateField(_("valid from"), unique=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    prorate_partial_months = models.BooleanField(
        _("prorate partial months"),
        default=True,
        help_text=_("A month with fewer days of stay costs its share of the monthly fee."),
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = EffectiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("fee table")
        verbose_name_plural = _("fee tables")
        ordering = ["valid_from"]
        constraints = [_period_constraint("fee_table_period_ordered")]

    def __str__(self):
        return self.resolution_ref

    def band_for(self, income: Decimal, criterion: Decimal, scope: str = "") -> "FeeBand | None":
        """The band whose income range (% of the criterion, lower bound excluded) holds the income: among
        the bands of the scope of services when the table has any for it, else among the bands of no scope."""
        bands = list(self.bands.all())
        scoped = [band for band in bands if scope and band.scope == scope]
        bands = scoped or [band for band in bands if not band.scope]
        for band in sorted(bands, key=lambda band: band.income_above_pct):
            above = criterion * band.income_above_pct / HUNDRED
            upper = None if band.income_to_pct is None else criterion * band.income_to_pct / HUNDRED
            if income > above and (upper is None or income <= upper):
                return band
        return None


class FeeBand(models.Model):
    """Income above `income_above_pct` and up to `income_to_pct` (% of the criterion; empty: no upper
    limit) → a fee as % of the income or a fixed monthly amount."""

    table = models.ForeignKey(
        FeeTable, verbose_name=_("fee table"), on_delete=models.CASCADE, related_name="bands"
    )
    income_above_pct = models.DecimalField(
        _("income above (% of the criterion)"), max_digits=7, decimal_places=2
    )
    income_to_pct = models.DecimalField(
        _("income up to (% of the criterion)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    fee_percent = models.DecimalField(
        _("fee (% of income)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    fee_fixed = models.DecimalField(
        _("fee (zł a month)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    scope = models.CharField(
        _("scope of services"),
        max_length=20,
        choices=enums.ServiceScope.choices,
        blank=True,
        help_text=_("Empty: the band applies to every scope the table does not list separately."),
    )

    class Meta:
        verbose_name = _("fee band")
        verbose_name_plural = _("fee bands")
        ordering = ["table", "income_above_pct"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fee_percent__isnull=True, fee_fixed__isnull=False)
                | Q(fee_percent__isnull=False, fee_fixed__isnull=True),
                name="fee_band_one_formula",
                violation_error_code="fee_formula",
                violation_error_message=_("Give either a percentage of income or a fixed fee."),
            ),
            models.CheckConstraint(
                condition=Q(income_to_pct__isnull=True) | Q(income_to_pct__gt=F("income_above_pct")),
                name="fee_band_ordered",
                violation_error_code="period_ordered",
                violation_error_message=_("The upper income limit must exceed the lower one."),
            ),
        ]

    def __str__(self):
        upper = f"{self.income_to_pct}%" if self.income_to_pct is not None else "∞"
        fee = f"{self.fee_percent}%" if self.fee_percent is not None else format_pln(self.fee_fixed)
        return f"({self.income_above_pct}%, {upper}] → {fee}"


class ExemptionGround(models.Model):
    """One ground of the closed catalogue of exemptions in the council's resolution (art. 97 ust. 5;
    data: exemption_grounds.json, editable in admin). `fee_share_percent` is the share of the fee still
    due for the days it covers: 0 waives them, 50 halves them."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    fee_share_percent = models.DecimalField(
        _("share of the fee still due (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(ZERO), MaxValueValidator(HUNDRED)],
    )
    legal_source = models.CharField(_("legal source"), max_length=255)
    verified = models.BooleanField(
        _("verified"),
        default=False,
        help_text=_("Unticked: the ground still has to be checked against the resolution."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("exemption ground")
        verbose_name_plural = _("exemption grounds")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fee_share_percent__gte=0) & Q(fee_share_percent__lte=100),
                name="exemption_ground_share_range",
            )
        ]

    def __str__(self):
        return self.name if self.verified else _("%(name)s (verify)") % {"name": self.name}


class FeeExemption(StayRecord):
    stay = models.ForeignKey(
        Stay, verbose_name=_("stay"), on_delete=models.CASCADE, related_name="exemptions"
    )
    ground = models.ForeignKey(
        ExemptionGround,
        verbose_name=_("ground"),
        null=True,
        on_delete=models.PROTECT,
        related_name="exemptions",
        help_text=_("From the closed catalogue of the council's resolution."),
    )
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"))
    reason = models.CharField(_("note"), max_length=255, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)

    objects = EffectiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("fee exemption")
        verbose_name_plural = _("fee exemptions")
        ordering = ["stay", "valid_from"]
        constraints = [_period_constraint("fee_exemption_period_ordered")]

    def __str__(self):
        what = self.ground.name if self.ground_id else self.reason
        note = f" ({self.reason})" if self.ground_id and self.reason else ""
        return f"{self.valid_from:%d.%m.%Y} – {self.valid_to:%d.%m.%Y}: {what}{note}"

    @property
    def fee_share(self) -> Decimal:
        """The share of the fee still due on its days (an exemption recorded before the catalogue waives)."""
        return self.ground.fee_share_percent / HUNDRED if self.ground_id else ZERO


class FeeDecision(StayRecord):
    """The fee agreed with the person and set by the referral decision, or by a later decision changing it
    (art. 97 ust. 1 and art. 106 ust. 5 of the social assistance act): monthly statements carry it from
    `effective_from` until a later decision of the stay takes effect (docs/sheltered-housing.md#fees).
    The council's fee table only proposes the amount when the decision is drafted (`fee_propose`)."""

    stay = models.ForeignKey(
        Stay, verbose_name=_("stay"), on_delete=models.CASCADE, related_name="fee_decisions"
    )
    register_decision = models.ForeignKey(
        "work.Decision",
        verbose_name=_("decision in the register"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="housing_fee_decisions",
        help_text=_(
            "The issued decision of the register of decisions that sets this fee; its number and date are "
            "taken from it."
        ),
    )
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    effective_from = models.DateField(_("fee in force from"))
    monthly_fee = models.DecimalField(
        _("monthly fee (zł)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )
    scope = models.CharField(
        _("scope of services"),
        max_length=20,
        choices=enums.ServiceScope.choices,
        default=enums.ServiceScope.BASIC,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("fee decision")
        verbose_name_plural = _("fee decisions")
        ordering = ["stay", "effective_from", "decision_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(monthly_fee__gte=0), name="fee_decision_not_negative"),
            models.UniqueConstraint(
                fields=["stay", "effective_from"],
                name="fee_decision_one_per_day",
                violation_error_message=_("Another decision of this stay sets the fee from the same day."),
            ),
        ]

    def __str__(self):
        return decision_fee_explanation(self.decision_number, self.decision_date)


def decision_fee_explanation(number: str, day: datetime.date) -> str:
    return _("Fee by decision no. %(number)s of %(date)s") % {"number": number, "date": f"{day:%d.%m.%Y}"}


class MonthlyStatement(StayRecord):
    stay = models.ForeignKey(
        Stay, verbose_name=_("stay"), on_delete=models.PROTECT, related_name="statements"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    income_per_person = models.DecimalField(_("income per person (zł)"), max_digits=10, decimal_places=2)
    criterion = models.DecimalField(_("income criterion (zł)"), max_digits=10, decimal_places=2)
    fee_table = models.ForeignKey(
        FeeTable,
        verbose_name=_("fee table"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    fee_decision = models.ForeignKey(
        FeeDecision,
        verbose_name=_("fee decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="statements",
    )
    days_charged = models.PositiveSmallIntegerField(_("days charged"))
    explanation = models.CharField(_("how the fee was set"), max_length=255, blank=True)
    fee_due = models.DecimalField(_("fee due (zł)"), max_digits=10, decimal_places=2)
    paid_amount = models.DecimalField(_("paid (zł)"), max_digits=10, decimal_places=2, default=ZERO)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    generated_at = models.DateTimeField(_("generated at"), auto_now=True)

    class Meta:
        verbose_name = _("monthly statement")
        verbose_name_plural = _("monthly statements")
        ordering = ["stay", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["stay", "month"],
                name="monthly_statement_unique",
                violation_error_message=_("The stay already has a statement for this month."),
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="monthly_statement_first_day"),
            models.CheckConstraint(
                condition=Q(fee_due__gte=0) & Q(paid_amount__gte=0), name="monthly_statement_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.month:%m.%Y}: {format_pln(self.fee_due)}"

    @property
    def explanation_text(self) -> str:
        """How the fee was set, in the reader's language (rebuilt from the stored figures; the stored
        `explanation` is the writer's text, kept for the record and shown when the band cannot be found)."""
        if self.fee_decision_id is not None:
            return decision_fee_explanation(
                self.fee_decision.decision_number, self.fee_decision.decision_date
            )
        if self.fee_table_id is None:
            if self.income_per_person <= self.criterion:
                return fee_explanation(self.income_per_person, self.criterion)
            return self.explanation
        band = self.fee_table.band_for(self.income_per_person, self.criterion)
        return fee_explanation(self.income_per_person, self.criterion, band) if band else self.explanation

    @property
    def balance(self) -> Decimal:
        return self.fee_due - self.paid_amount
