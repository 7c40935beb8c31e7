"""Least privilege in templates (docs/data-protection.md#who-sees-what)."""

from django import template

from szansa.domain.people.access import income_source_display
from szansa.domain.people.selectors import household_label
from szansa.domain.projects.privacy import target_group_label

register = template.Library()


@register.filter
def group_label(group, user) -> str:
    """{{ group|group_label:user }}: the target group's name, or its neutral label for a user without
    health access when the name tells a health fact (recruitment.access.target_group_label)."""
    return target_group_label(group, user)


@register.filter
def income_source(record, user) -> str:
    """{{ record|income_source:user }}: the income's source, "hidden" for a disability pension read by a
    user without health access (people.access.income_source_display)."""
    return income_source_display(record, user)


@register.filter
def household_name(household, user) -> str:
    """{{ household|household_name:user }}: "Household of <head>" only when the reader may see the head;
    else "Household no. N" (people.selectors.household_label)."""
    return household_label(household, user)
