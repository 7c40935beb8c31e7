"""Retention rules and filing-plan categories are the centre's to edit (dated data with their sources);
reviews, anonymisations and requests are read here and changed only through the pages' services."""

from django.contrib import admin

from szansa.domain.privacy import models


@admin.register(models.FilingCategory)
class FilingCategoryAdmin(admin.ModelAdmin):
    list_display = ["symbol", "years", "description"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    list_display = ["record_class", "valid_from", "valid_to", "years", "filing_category", "legal_source"]
    list_filter = ["record_class"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.AnonymisationBatch)
class AnonymisationBatchAdmin(admin.ModelAdmin):
    list_display = ["ran_at", "persons", "log_entries"]
    readonly_fields = ["ran_at", "persons", "records", "log_entries"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
