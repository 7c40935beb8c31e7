"""The API's one object-permission class: it asks the `rules` permissions the domain apps declare in
their `access` modules (the one place of the rules), named by the view."""

from rest_framework.permissions import SAFE_METHODS, BasePermission


class RulesPermission(BasePermission):
    """Reads need `view_permission` on the object, writes `change_permission`, creating
    `add_permission`. Scoping (404 outside scope) is done by the view's queryset first.

    A view may also name `list_permission`, needed without an object for every read (e.g. the
    register of calls), and set `add_permission = None` when the permission to create depends on
    the object named in the body: the view (or the service it calls) checks it once the body is parsed.
    """

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        list_permission = getattr(view, "list_permission", None)
        if request.method in SAFE_METHODS and list_permission and not request.user.has_perm(list_permission):
            return False
        if view.action == "create":
            return view.add_permission is None or request.user.has_perm(view.add_permission)
        return True

    def has_object_permission(self, request, view, obj):
        perm = view.view_permission if request.method in SAFE_METHODS else view.change_permission
        return request.user.has_perm(perm, obj)
