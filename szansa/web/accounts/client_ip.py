"""The client's address for the sign-in lockout records (django-axes) behind a known number of proxies.

With TRUSTED_PROXY_COUNT = 0 (the default) only the connection's address counts: a client cannot pose
as another address by sending X-Forwarded-For. Behind N reverse proxies that each append the address
they saw, the client is the N-th entry from the right of X-Forwarded-For (entries further left were
written by the client and are not trusted)."""

from django.conf import settings


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        return remote
    return forwarded[-count]
