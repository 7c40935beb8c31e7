from szansa.domain.accounts.enums import Role
from szansa.lib.roles import user_roles


def roles(request):
    """Role flags for the navigation; permissions themselves are checked in people.access."""
    return {"user_roles": user_roles(getattr(request, "user", None)), "Role": Role}
