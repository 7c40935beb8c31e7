from szansa.domain.accounts.enums import Role


def roles(request):
    """Role flags for the navigation; permissions themselves are checked in people.access."""
    user = getattr(request, "user", None)
    names = user.roles if user is not None and user.is_authenticated else frozenset()
    return {"user_roles": names, "Role": Role}
