from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from szansa.domain.accounts.enums import Role


class Team(models.Model):
    """A team of social workers; every person in the registry belongs to one through their worker."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A member of the centre's staff. Roles are groups (see accounts.enums.Role)."""

    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        help_text=_("Social workers see the people of their team."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username

    @cached_property
    def roles(self) -> frozenset[str]:
        """The user's role names; a superuser counts as an administrator.

        The same query also reads the user's own and their groups' model permissions and leaves them
        where Django's ModelBackend keeps them for the instance (`_user_perm_cache`,
        `_group_perm_cache`): every page's menu asks `perms.…` for permissions the `rules` backend
        refuses, and the ModelBackend would spend two more queries per request to find none. A
        superuser's permissions are left to the ModelBackend (it grants them all)."""
        names, own, of_groups = set(), set(), set()
        by_kind = {"role": names, "own": own, "group": of_groups}
        for kind, value in _roles_and_permissions(self.pk):
            by_kind[kind].add(value)
        if self.is_superuser:
            names.add(Role.ADMINISTRATOR)
        else:
            self.__dict__.setdefault("_user_perm_cache", own)
            self.__dict__.setdefault("_group_perm_cache", of_groups)
        return frozenset(names)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def role_labels(self) -> list[str]:
        return [Role(name).label for name in Role.values if name in self.roles]


class ApiTokenQuerySet(models.QuerySet):
    def active(self, now=None):
        """Tokens that still open the API: not revoked and not past their expiry."""
        from django.utils import timezone

        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class ApiToken(models.Model):
    """A key to the API for one user. Only a SHA-256 digest of the key is stored (the key itself is
    shown once, when it is issued); `prefix` (its first characters) tells the user which one is which.
    A token opens the API until `expires_at` or until it is revoked (szansa.domain.accounts.tokens)."""

    user = models.ForeignKey(
        User, verbose_name=_("staff member"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("beginning of the key"), max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)
    created_by = models.ForeignKey(
        User,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"


def _roles_and_permissions(user_pk):
    """(kind, value) rows in one query: ("role", group name), ("own", "app_label.codename") of the
    user's own permissions and ("group", "app_label.codename") of their groups' permissions, spelled as
    ModelBackend spells them."""
    from django.contrib.auth.models import Group, Permission
    from django.db.models import F, Value
    from django.db.models.functions import Concat

    perm_name = Concat("content_type__app_label", Value("."), "codename", output_field=models.CharField())
    groups = Group.objects.filter(user=user_pk).annotate(kind=Value("role"), value=F("name"))
    own = Permission.objects.filter(user=user_pk).annotate(kind=Value("own"), value=perm_name)
    of_groups = Permission.objects.filter(group__user=user_pk).annotate(kind=Value("group"), value=perm_name)
    return (
        groups.order_by()
        .values_list("kind", "value")
        .union(
            own.order_by().values_list("kind", "value"),
            of_groups.order_by().values_list("kind", "value"),
            all=True,
        )
    )
