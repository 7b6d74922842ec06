"""Single sign-on with the company's OpenID Connect provider (mozilla-django-oidc).

On when OIDC_RP_CLIENT_ID is set (config/settings.py). A person is matched by e-mail, created
on their first login, and given the role their provider's group claim maps to
(OIDC_ROLE_CLAIM, OIDC_ROLE_MAP) at every login; a person whose groups map to no role, or
only to the integration role, is not logged in.
"""

import logging

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import Http404
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from . import services
from .backends import user_for_session
from .roles import Role, role_map

logger = logging.getLogger(__name__)


def sso_enabled() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID)


# An endpoint setting left empty → its key in the provider's discovery document.
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
DISCOVERY_CACHE_SECONDS = 3600


def sso_setting(attr, *args):
    """mozilla-django-oidc's setting reader, with the endpoints left empty read from the
    provider's discovery document (OIDC_OP_DISCOVERY_URL), fetched once an hour at most."""
    value = import_from_settings(attr, *args)
    if value or attr not in DISCOVERED or not settings.OIDC_OP_DISCOVERY_URL:
        return value
    key = f"parcours:oidc-discovery:{settings.OIDC_OP_DISCOVERY_URL}"
    document = cache.get(key)
    if document is None:
        response = requests.get(settings.OIDC_OP_DISCOVERY_URL, timeout=10)
        response.raise_for_status()
        document = response.json()
        cache.set(key, document, DISCOVERY_CACHE_SECONDS)
    return document[DISCOVERED[attr]]


def role_from_claims(claims: dict) -> Role | None:
    """The role of the first of the person's groups that OIDC_ROLE_MAP maps, in the map's
    order; never the integration role, which no person logs in with."""
    groups = claims.get(settings.OIDC_ROLE_CLAIM) or []
    if isinstance(groups, str):
        groups = [groups]
    for group, role in role_map(settings.OIDC_ROLE_MAP).items():
        if group in groups and role != Role.INTEGRATION:
            return role
    return None


class SSOBackend(OIDCAuthenticationBackend):
    """Logs a person in through the provider; their permissions are CachedModelBackend's."""

    get_settings = staticmethod(sso_setting)

    def verify_claims(self, claims):
        if not claims.get("email"):
            self.request.sso_refusal = _("Your provider did not give your e-mail address.")
            return False
        if role_from_claims(claims) is None:
            self.request.sso_refusal = _(
                "Your account has no group that gives a role in Parcours; ask your administrator."
            )
            return False
        return True

    def create_user(self, claims):
        user = self.UserModel.objects.create_user(
            self.get_username(claims),
            email=claims["email"],
            first_name=claims.get("given_name", "")[:150],
            last_name=claims.get("family_name", "")[:150],
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        return self.update_user(user, claims)

    def get_username(self, claims):
        username = claims.get("preferred_username") or claims["email"]
        if self.UserModel.objects.filter(username=username).exists():
            return super().get_username(claims)
        return username[:150]

    def update_user(self, user, claims):
        role = role_from_claims(claims)
        if user.role != role:
            services.user_set_role(user=user, role=role)
            logger.info("Single sign-on set the role of user %s to %s", user.pk, role.value)
        return user

    def get_user(self, user_id):
        return user_for_session(self, user_id)

    # Permissions are answered once, from the cache, by core.backends.CachedModelBackend.
    def get_all_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        return False


def _refused_unless_enabled(view):
    def wrapped(request, *args, **kwargs):
        if not sso_enabled():
            raise Http404("Single sign-on is not configured.")
        return view(request, *args, **kwargs)

    return login_not_required(wrapped)


class SSOStartView(OIDCAuthenticationRequestView):
    get_settings = staticmethod(sso_setting)


class SSOCallbackView(OIDCAuthenticationCallbackView):
    get_settings = staticmethod(sso_setting)

    def login_failure(self):
        messages.error(
            self.request,
            getattr(self.request, "sso_refusal", None)
            or _("Single sign-on did not log you in. Please try again."),
        )
        return super().login_failure()


sso_start = _refused_unless_enabled(SSOStartView.as_view())
sso_callback = _refused_unless_enabled(SSOCallbackView.as_view())
