"""Admin for the reference tables (editable data) and a read-mostly view of the registry."""

from django.contrib import admin

from szansa.domain.people.models import (
    Art7Reason,
    Consent,
    Household,
    IncomeCriterion,
    IncomeRecord,
    Person,
    Situation,
)


@admin.register(IncomeCriterion)
class IncomeCriterionAdmin(admin.ModelAdmin):
    list_display = ["valid_from", "valid_to", "single_person", "per_person", "legal_basis"]


@admin.register(Art7Reason)
class Art7ReasonAdmin(admin.ModelAdmin):
    list_display = ["code", "label_pl", "label_en", "repealed"]


class IncomeInline(admin.TabularInline):
    model = IncomeRecord
    extra = 0


class SituationInline(admin.TabularInline):
    model = Situation
    extra = 0


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "pesel", "town", "responsible_worker"]
    list_filter = ["responsible_worker__team", "voivodeship"]
    search_fields = ["last_name", "first_name", "pesel"]
    raw_id_fields = ["household", "responsible_worker", "created_by"]
    inlines = [IncomeInline, SituationInline, ConsentInline]

    def has_delete_permission(self, request, obj=None):
        return False  # records are never hard-deleted while retention applies


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    list_display = ["pk", "multi_problem_family", "created_at"]

    def has_delete_permission(self, request, obj=None):
        return False
