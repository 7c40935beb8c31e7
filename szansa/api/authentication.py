"""API authentication by a hashed, expiring, revocable token (szansa.domain.accounts.tokens):
`Authorization: Token <key>`. Expired, revoked and unknown keys answer 401 alike."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from szansa.domain.accounts import tokens


class ApiTokenAuthentication(TokenAuthentication):
    keyword = "Token"

    def authenticate_credentials(self, key):
        token = tokens.authenticate(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        return (token.user, token)


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": str(
                _(
                    "`Token <key>`: a key issued on the account page (or by the administrator). Only its "
                    "digest is stored; it expires on the date set when it was issued and can be revoked."
                )
            ),
        }
