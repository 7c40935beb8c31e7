"""DRF permission that asks the `rules` permissions of people.access (the one place of the rules)."""

from rest_framework.permissions import SAFE_METHODS, BasePermission


class RulesPermission(BasePermission):
    """Reads need `view_permission` on the object, writes `change_permission`, creating
    `add_permission`. Scoping (404 outside scope) is done by the view's queryset first."""

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        if view.action == "create":
            return request.user.has_perm(view.add_permission)
        return True

    def has_object_permission(self, request, view, obj):
        perm = view.view_permission if request.method in SAFE_METHODS else view.change_permission
        return request.user.has_perm(perm, obj)
