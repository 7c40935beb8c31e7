from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from szansa.domain.accounts.models import Team, User


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "team", "is_active"]
    list_filter = ["groups", "team", "is_active"]
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Team"), {"fields": ["team"]}))
