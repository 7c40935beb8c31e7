"""Admin for the reference data (bodies, programmes, measures, flat rates, indicators) and a
read-mostly view of projects. Money moves (expenditures, shifts) go through services, not admin."""

from django.contrib import admin

from szansa.domain.projects import models


@admin.register(models.ManagingBody)
class ManagingBodyAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "kind"]


class MeasureInline(admin.TabularInline):
    model = models.Measure
    extra = 0


@admin.register(models.Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "period", "eligibility_start", "eligibility_end", "cross_financing_max"]
    inlines = [MeasureInline]


@admin.register(models.IndirectCostRate)
class IndirectCostRateAdmin(admin.ModelAdmin):
    list_display = ["period", "direct_costs_up_to", "rate", "legal_basis"]


@admin.register(models.IndicatorDefinition)
class IndicatorDefinitionAdmin(admin.ModelAdmin):
    list_display = ["code", "name_pl", "kind", "unit", "measurement_moment", "period"]
    list_filter = ["kind", "period"]


@admin.register(models.Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["number", "body", "measure", "announced_on", "deadline", "applications_count"]


class StatusChangeInline(admin.TabularInline):
    model = models.ApplicationStatusChange
    extra = 0
    readonly_fields = ["from_status", "to_status", "on", "changed_by", "changed_at", "note"]

    def has_add_permission(self, request, obj=None):
        return False  # status changes go through services.application_transition


@admin.register(models.FundingApplication)
class FundingApplicationAdmin(admin.ModelAdmin):
    list_display = ["title", "applicant", "call", "status", "rank_position", "rank_of"]
    list_filter = ["status"]
    readonly_fields = ["status", "status_changed_on"]
    inlines = [StatusChangeInline]


class NoDeleteMixin:
    def has_delete_permission(self, request, obj=None):
        return False  # financial records are kept for the retention period


class TaskInline(admin.TabularInline):
    model = models.BudgetTask
    extra = 0


class TargetGroupInline(admin.TabularInline):
    model = models.TargetGroup
    extra = 0


class IndicatorInline(admin.TabularInline):
    model = models.ProjectIndicator
    extra = 0


class StaffInline(admin.TabularInline):
    model = models.ProjectStaff
    extra = 0
    raw_id_fields = ["user"]


@admin.register(models.Project)
class ProjectAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["number", "title", "beneficiary", "start", "end", "total_value", "cofinancing"]
    search_fields = ["number", "title", "beneficiary"]
    inlines = [TaskInline, TargetGroupInline, IndicatorInline, StaffInline]


@admin.register(models.BudgetLine)
class BudgetLineAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["name", "task", "category", "kind", "quantity", "unit_price", "amount"]
    list_filter = ["category", "kind"]


@admin.register(models.Expenditure)
class ExpenditureAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["date", "document_number", "supplier", "amount", "line", "entered_by"]

    def has_change_permission(self, request, obj=None):
        return False  # recorded through services.expenditure_record (overrun check, lock)

    def has_add_permission(self, request):
        return False


@admin.register(models.BudgetShift)
class BudgetShiftAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["date", "project", "from_line", "to_line", "amount", "approved_by"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(models.PaymentClaim)
class PaymentClaimAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["project", "period_from", "period_to", "amount_claimed", "status", "approved_amount"]
    list_filter = ["status"]
