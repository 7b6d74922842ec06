from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework_api_key.permissions import KeyParser

from core import services
from core.models import APIToken
from core.ratelimits import client_ip
from core.scopes import scope_for


class BearerKeyParser(KeyParser):
    keyword = "Bearer"


class APITokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer <token>` with a personal API token, checked against its hash."""

    key_parser = BearerKeyParser()

    def authenticate(self, request):
        key = self.key_parser.get(request)
        if not key:
            return None
        try:
            token = APIToken.objects.get_from_key(key)
        except APIToken.DoesNotExist:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token.")) from None
        if token.has_expired:
            raise exceptions.AuthenticationFailed(_("This token has expired."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("This user is inactive."))
        services.api_token_touch(token=token, ip=client_ip(request))
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class APITokenScheme(OpenApiAuthenticationExtension):
    target_class = APITokenAuthentication
    name = "apiToken"

    def get_security_requirement(self, auto_schema):
        scope = scope_for(auto_schema.view, auto_schema.method)
        return {self.name: [scope] if scope else []}

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "A personal API token created under “API tokens” in the app. It acts within "
                "its scopes and its user's role: each operation names the scope it needs "
                "(`x-token-scope`, and in its security requirement)."
            ),
        }
