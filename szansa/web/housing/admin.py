"""Admin for sheltered housing: the reference data (standards, fee tables) and the apartments with
their rooms, kinds and staff are kept here. Stays, visits and fee statements are records written by
the services (overlap check, occupied days, fee computation): the admin shows them read-only and never
deletes them."""

from django.contrib import admin

from szansa.domain.housing import models


class ReadOnlyRecordAdmin(admin.ModelAdmin):
    """A record written by the services: viewable, never added, changed or deleted here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.HousingStandard)
class HousingStandardAdmin(admin.ModelAdmin):
    list_display = [
        "valid_from",
        "valid_to",
        "min_persons",
        "max_persons",
        "min_area_per_person",
        "legal_basis",
    ]


class FeeBandInline(admin.TabularInline):
    model = models.FeeBand
    extra = 0


@admin.register(models.FeeTable)
class FeeTableAdmin(admin.ModelAdmin):
    list_display = ["resolution_ref", "valid_from", "valid_to", "prorate_partial_months"]
    inlines = [FeeBandInline]


class KindPeriodInline(admin.TabularInline):
    model = models.ApartmentKindPeriod
    extra = 0


class RoomInline(admin.TabularInline):
    model = models.Room
    extra = 0
    show_change_link = True


class StaffInline(admin.TabularInline):
    model = models.ApartmentStaff
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(models.Apartment)
class ApartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "town", "operator", "group_served", "opened_on", "closed_on", "project"]
    list_filter = ["group_served", "town"]
    search_fields = ["name", "street", "town", "register_entry"]
    inlines = [KindPeriodInline, RoomInline, StaffInline]


class PlaceInline(admin.TabularInline):
    model = models.Place
    extra = 0


@admin.register(models.Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name", "apartment", "area"]
    list_filter = ["apartment"]
    inlines = [PlaceInline]


class ExtensionInline(ReadOnlyInline):
    model = models.StayExtension
    fields = ["decision_number", "decision_date", "new_planned_end", "created_at"]
    readonly_fields = fields


@admin.register(models.Stay)
class StayAdmin(ReadOnlyRecordAdmin):
    """Stays are referred, extended and ended on the pages (the services keep the occupied days)."""

    list_display = ["person", "place", "decision_number", "occupied_from", "occupied_to", "end_reason"]
    list_filter = ["place__room__apartment", "end_reason"]
    search_fields = ["person__last_name", "decision_number"]
    list_select_related = ["person", "place__room__apartment"]
    inlines = [ExtensionInline]


@admin.register(models.Visit)
class VisitAdmin(ReadOnlyRecordAdmin):
    list_display = ["date", "stay", "specialist", "kind", "duration_minutes"]
    list_filter = ["kind", "stay__place__room__apartment"]
    list_select_related = ["stay__person", "stay__place__room__apartment", "specialist"]


@admin.register(models.MonthlyStatement)
class MonthlyStatementAdmin(ReadOnlyRecordAdmin):
    list_display = ["month", "stay", "fee_due", "paid_amount", "paid_on"]
    list_filter = ["month"]
    list_select_related = ["stay__person", "stay__place__room__apartment"]


@admin.register(models.FeeExemption)
class FeeExemptionAdmin(ReadOnlyRecordAdmin):
    list_display = ["stay", "ground", "valid_from", "valid_to", "reason", "decision_number"]
    list_select_related = ["stay__person", "stay__place__room__apartment", "ground"]


@admin.register(models.FeeDecision)
class FeeDecisionAdmin(ReadOnlyRecordAdmin):
    list_display = ["stay", "decision_number", "decision_date", "effective_from", "scope", "monthly_fee"]
    list_filter = ["scope"]
    search_fields = ["decision_number", "stay__person__last_name"]
    list_select_related = ["stay__person", "stay__place__room__apartment"]


@admin.register(models.ExemptionGround)
class ExemptionGroundAdmin(admin.ModelAdmin):
    """The closed catalogue of the council resolution's exemption grounds: reference data kept here."""

    list_display = ["name", "code", "fee_share_percent", "verified", "active", "legal_source"]
    list_filter = ["verified", "active"]
    search_fields = ["name", "code"]
