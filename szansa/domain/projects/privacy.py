"""Target groups named after a health or art. 10 attribute ("Osoby z niepełnosprawnościami"): membership
then tells the fact, so a reader without health access (people.access.can_view_health_data: the
administrative clerk) sees a neutral label instead (docs/data-protection.md#who-sees-what)."""

from django.utils.translation import gettext

from szansa.domain.people.access import can_view_health_data
from szansa.domain.projects.models import TargetGroup

# Words that make a target group's name tell a health or art. 10 fact about its members (Polish, English).
HEALTH_WORDS = (
    "niepełnospraw",
    "disab",
    "chor",
    "illness",
    "uzależ",
    "alkohol",
    "narko",
    "addict",
    "zakład karn",
    "prison",
    "psychi",
    "zdrow",
    "health",
)


def names_health(group: TargetGroup) -> bool:
    """Does the target group's name (or description) tell a health or art. 10 fact about its members?"""
    text = f"{group.name or ''} {group.description or ''}".lower()
    return any(word in text for word in HEALTH_WORDS)


def target_group_label(group: TargetGroup | None, user=None, *, show_health: bool | None = None) -> str:
    """The target group's name as `user` may see it (or as a reader with `show_health` may): a group whose
    name tells a health fact is named by a neutral label ("Target group 2019/7") for a user without health
    access (the administrative clerk)."""
    if group is None:
        return ""
    allowed = (user is not None and can_view_health_data(user)) if show_health is None else show_health
    if allowed or not names_health(group):
        return group.name
    return gettext("Target group %(code)s") % {"code": f"{group.year}/{group.pk}"}
