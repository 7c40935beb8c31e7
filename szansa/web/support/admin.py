"""Admin for support paths: the reference data a coordinator edits (the catalogue of support forms,
rooms, internship stipend rates). Paths, sessions, attendance and outcomes are records written by the
services (validation, conflict checks, stipend computation): the admin shows them read-only."""

from django.contrib import admin

from szansa.domain.support import models


@admin.register(models.SupportForm)
class SupportFormAdmin(admin.ModelAdmin):
    list_display = ["code", "name_pl", "instrument", "delivery", "min_attendance", "ends_with_exam", "active"]
    list_filter = ["instrument", "delivery", "active"]
    search_fields = ["code", "name_pl", "name_en"]


@admin.register(models.Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name", "address", "capacity"]
    search_fields = ["name", "address"]


@admin.register(models.StipendRate)
class StipendRateAdmin(admin.ModelAdmin):
    list_display = ["project", "valid_from", "monthly_amount", "full_month_hours", "basis"]
    list_filter = ["project"]
    autocomplete_fields = ["project"]


class ReadOnlyRecordAdmin(admin.ModelAdmin):
    """A record written by the services: viewable, never added, changed or deleted here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.Activity)
class ActivityAdmin(ReadOnlyRecordAdmin):
    list_display = ["title", "project", "form", "starts_on", "ends_on", "specialist"]
    list_filter = ["form", "project"]


@admin.register(models.Session)
class SessionAdmin(ReadOnlyRecordAdmin):
    list_display = ["activity", "starts_at", "ends_at", "specialist", "room", "cancelled"]
    list_select_related = ["activity", "specialist", "room"]


@admin.register(models.Internship)
class InternshipAdmin(ReadOnlyRecordAdmin):
    list_display = ["participant", "employer", "starts_on", "ends_on"]
    list_select_related = ["participant__person"]
