"""Service accounts (the integration role) and the pages: their login is refused with a reason,
and a session of one is ended and refused."""

from django.contrib.auth import logout
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def service_account_refusal() -> str:
    return _(
        "This is a service account for integrations: it calls the API with a token and "
        "cannot log in to Parcours' pages."
    )


class LoginForm(AuthenticationForm):
    """Django's login form; a service account is refused, and told why."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if user.is_api_only:
            raise ValidationError(service_account_refusal(), code="service_account")


class ServiceAccountSessionMiddleware:
    """A session of a service account (the integration role) is ended and refused, on the
    pages and on the API alike: such an account uses the API with a token only. A session can
    outlive a role change, or come from a login path that bypasses the login form."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.is_api_only:
            logout(request)
            message = service_account_refusal()
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=403)
            return render(
                request, "registration/service_account.html", {"refusal": message}, status=403
            )
        return self.get_response(request)
