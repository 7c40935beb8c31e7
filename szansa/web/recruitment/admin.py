"""Admin for the reference data of recruitment (criteria, documents, DEGURBA, exit situations).
Applications and participants change only through services (pages), so they are read-only here."""

from django.contrib import admin

from szansa.domain.recruitment import models


@admin.register(models.DocumentKind)
class DocumentKindAdmin(admin.ModelAdmin):
    list_display = ["code", "name_pl", "valid_days", "valid_months"]


@admin.register(models.Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["code", "kind", "name_pl", "proof", "sensitive"]


@admin.register(models.DegurbaArea)
class DegurbaAreaAdmin(admin.ModelAdmin):
    list_display = ["gmina", "powiat", "degurba"]


@admin.register(models.ExitSituation)
class ExitSituationAdmin(admin.ModelAdmin):
    list_display = ["position", "code", "name_pl"]
