import logging
import sys

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import LoginView, PasswordResetView
from django.db import InterfaceError, OperationalError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.core import is_ratelimited
from kombu.exceptions import OperationalError as BrokerOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError

from config.celery import app as celery_app

from . import ratelimits, selectors, services
from .accounts import LoginForm
from .choices import choices_chosen, search_choices_response
from .forms import APITokenForm
from .models import WorkerPing
from .sso import sso_enabled

logger = logging.getLogger(__name__)


@login_not_required
def rate_limited(request, exception):
    """django-ratelimit's answer once a client is over its rate (RATELIMIT_VIEW)."""
    response = render(request, "429.html", status=429)
    response["Retry-After"] = "60"
    return response


RETRY_AFTER_SECONDS = 5
# A backing service that cannot be reached: PostgreSQL (a restart, a failover), Redis as the
# cache behind throttling and rate limits, Redis as the broker.
UNAVAILABLE = (OperationalError, InterfaceError, RedisConnectionError, BrokerOperationalError)


def server_error(request):
    """The 500 handler (handler500). When PostgreSQL or Redis cannot be reached it answers 503
    with Retry-After instead: such an outage is brief, and a client that retries loses
    nothing (service events are idempotent)."""
    if not isinstance(sys.exc_info()[1], UNAVAILABLE):
        return defaults.server_error(request)
    message = _("Parcours is briefly unavailable. Please try again in a few seconds.")
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=503)
    else:
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def locked_out(request, original_response, credentials):
    """django-axes' answer to a locked-out login (AXES_LOCKOUT_CALLABLE)."""
    cooloff = settings.AXES_COOLOFF_TIME
    response = render(
        request,
        "registration/locked_out.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": int(cooloff.total_seconds() // 60),
        },
        status=429,
    )
    response["Retry-After"] = str(int(cooloff.total_seconds()))
    return response


@login_not_required
@sensitive_post_parameters("password")
@never_cache
def login(request):
    """Django's login view, behind a limit per username from all addresses together
    (LOGIN_RATE_PER_USERNAME): the lockout (per username and address) cannot stop guesses
    spread over many addresses, and a lockout per username alone would let anyone lock
    anyone out. Over the limit the attempt is refused before the password is checked."""
    if request.method == "POST" and not settings.PASSWORD_LOGIN_ENABLED:
        context = {**_login_context(), "refusal": _("Logging in with a password is disabled.")}
        return render(request, "registration/login.html", context, status=403)
    if request.method == "POST" and is_ratelimited(
        request,
        group="login-username",
        key=ratelimits.login_username,
        rate=ratelimits.login_username_rate,
        method="POST",
        increment=True,
    ):
        seconds = ratelimits.rate_period_seconds(settings.LOGIN_RATE_PER_USERNAME)
        message = ngettext(
            "Too many login attempts for this username. Please wait up to %(minutes)d minute "
            "before trying again.",
            "Too many login attempts for this username. Please wait up to %(minutes)d minutes "
            "before trying again.",
            _minutes(seconds),
        ) % {"minutes": _minutes(seconds)}
        form = LoginForm(request, initial={"username": request.POST.get("username")})
        context = {
            **_login_context(),
            "form": form,
            "next": request.POST.get("next", ""),
            "refusal": message,
        }
        response = render(request, "registration/login.html", context, status=429)
        response["Retry-After"] = str(seconds)
        return response
    return LoginView.as_view(authentication_form=LoginForm, extra_context=_login_context())(request)


def _login_context() -> dict:
    """Which ways of logging in the login page offers."""
    return {
        "password_login": settings.PASSWORD_LOGIN_ENABLED,
        "sso_name": settings.OIDC_PROVIDER_NAME if sso_enabled() else "",
    }


@login_not_required
@never_cache
def password_reset(request):
    """Django's password reset view, limited per client IP and per address asked for
    (PASSWORD_RESET_RATE_PER_CLIENT, PASSWORD_RESET_RATE_PER_ADDRESS): each request sends an
    e-mail. Known and unknown addresses count alike, so the limit tells nothing about them.
    There is no password to reset when password login is disabled."""
    if not settings.PASSWORD_LOGIN_ENABLED:
        raise Http404("Password login is disabled.")
    if request.method == "POST" and is_ratelimited(
        request,
        group="password-reset-client",
        key="ip",
        rate=ratelimits.password_reset_client_rate,
        method="POST",
        increment=True,
    ):
        seconds = ratelimits.rate_period_seconds(settings.PASSWORD_RESET_RATE_PER_CLIENT)
        message = ngettext(
            "Too many password reset requests from your connection. Please wait up to "
            "%(minutes)d minute before asking again.",
            "Too many password reset requests from your connection. Please wait up to "
            "%(minutes)d minutes before asking again.",
            _minutes(seconds),
        ) % {"minutes": _minutes(seconds)}
        return _password_reset_refused(request, message, seconds)
    if request.method == "POST" and is_ratelimited(
        request,
        group="password-reset-address",
        key=ratelimits.password_reset_address,
        rate=ratelimits.password_reset_address_rate,
        method="POST",
        increment=True,
    ):
        seconds = ratelimits.rate_period_seconds(settings.PASSWORD_RESET_RATE_PER_ADDRESS)
        message = ngettext(
            "Too many password reset requests for this address. Please wait up to "
            "%(minutes)d minute before asking again.",
            "Too many password reset requests for this address. Please wait up to "
            "%(minutes)d minutes before asking again.",
            _minutes(seconds),
        ) % {"minutes": _minutes(seconds)}
        return _password_reset_refused(request, message, seconds)
    return PasswordResetView.as_view()(request)


def _password_reset_refused(request, message: str, seconds: int) -> HttpResponse:
    """The reset form again, the refusal under the address, and nothing sent."""
    form = PasswordResetForm(request.POST)
    form.is_valid()
    form.add_error("email", message)
    context = {"form": form, "title": _("Password reset")}
    response = render(request, "registration/password_reset_form.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


def _minutes(seconds: int) -> int:
    """A rate's window in whole minutes, for the messages (at least one)."""
    return max(1, seconds // 60)


def dashboard(request):
    return render(request, "core/dashboard.html")


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """Database and broker reachability, for load balancers and orchestrators. Anyone gets the
    status; why a service is down (driver errors name hosts and ports) goes to the log, and
    to the staff who may see the system status."""
    checks = {"database": _check_database(), "broker": _check_broker()}
    failures = [f"{name}: {check['error']}" for name, check in checks.items() if not check["ok"]]
    if failures:
        logger.warning("Health check failed: %s", "; ".join(failures))
    body = {"status": "unavailable" if failures else "ok"}
    if _may_see_health_details(request.user):
        last = selectors.worker_ping_last_executed() if checks["database"]["ok"] else None
        body["checks"] = checks
        body["worker"] = {
            "last_ping_executed_at": last.executed_at.isoformat() if last else None,
            "last_ping_worker": last.worker if last else None,
        }
    return JsonResponse(body, status=503 if failures else 200)


def _may_see_health_details(user) -> bool:
    """The admin site's staff and the users of the system status page. The session and the
    permissions are read from the database: when it does not answer, nobody is known."""
    try:
        return user.is_authenticated and (user.is_staff or user.has_perm("core.view_workerping"))
    except UNAVAILABLE:
        return False


def _check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # any failure means "unreachable"; the message says which
        return {"ok": False, "error": str(error)}
    return {"ok": True}


def _check_broker() -> dict:
    try:
        with celery_app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=1, timeout=3)
    except Exception as error:
        return {"ok": False, "error": str(error)}
    return {"ok": True}


@permission_required("core.view_workerping", raise_exception=True)
def system_status(request):
    pings = selectors.worker_pings_recent()
    context = {"pings": pings, "waiting": any(ping.executed_at is None for ping in pings)}
    template = "core/_worker_pings.html" if request.htmx else "core/system_status.html"
    return render(request, template, context)


@require_POST
@permission_required("core.add_workerping", raise_exception=True)
def worker_ping_send(request):
    services.worker_ping_request(source=WorkerPing.Source.WEB, user=request.user)
    messages.success(request, _("Ping sent to the task queue."))
    return redirect("core:system_status")


def api_tokens(request):
    form = APITokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, secret = services.api_token_create(
            user=request.user,
            name=form.cleaned_data["name"],
            expires_at=form.expires_at,
            scopes=form.cleaned_data["scopes"],
        )
        # Rendered, not redirected: the secret exists only in this response.
        return render(
            request,
            "core/api_tokens.html",
            {
                "form": APITokenForm(),
                "tokens": selectors.user_api_tokens(user=request.user),
                "new_token": token,
                "new_secret": secret,
            },
        )
    return render(
        request,
        "core/api_tokens.html",
        {"form": form, "tokens": selectors.user_api_tokens(user=request.user)},
        status=400 if form.errors else 200,
    )


@require_POST
def api_token_revoke(request, token_id):
    if services.api_token_revoke(user=request.user, token_id=token_id):
        messages.success(request, _("The token was revoked; it no longer works."))
    else:
        messages.error(request, _("No active token of yours has this id."))
    return redirect("core:api_tokens")


@require_GET
def user_choices(request):
    """The options of a user search select (core.fields) for any signed-in user: the
    active users found by username or name, and the ones already chosen."""
    return search_choices_response(
        request,
        queryset=selectors.user_options(keeping=choices_chosen(request)),
        label=str,
        lookups=["username", "first_name", "last_name"],
    )
