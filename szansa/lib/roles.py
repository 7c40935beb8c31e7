"""A user's roles and the `rules` predicates built on them. The roles themselves are the names in
szansa.domain.accounts.enums.Role (strings, so this module needs no import of that app)."""

import rules


def user_roles(user) -> frozenset[str]:
    """The roles of an active, signed-in user; nothing for anyone else."""
    if not user or not user.is_authenticated or not user.is_active:
        return frozenset()
    return user.roles


def has_any_role(*wanted: str):
    """A `rules` predicate true for a user holding at least one of the `wanted` roles."""

    @rules.predicate(name=f"has_any_role{tuple(wanted)}")
    def predicate(user) -> bool:
        return bool(user_roles(user).intersection(wanted))

    return predicate


def has_only_roles(*roles_: str):
    """A `rules` predicate true for a user whose roles are exactly `roles_` (e.g. an auditor only)."""
    exact = frozenset(roles_)
    return rules.predicate(lambda user: user_roles(user) == exact, name=f"has_only_roles{tuple(roles_)}")
