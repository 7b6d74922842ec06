from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularSwaggerSplitView,
)

from core import sso
from core import views as core_views

from .api_urls import urlpatterns as api_v1_urlpatterns


@login_not_required
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links to (feeds, PDF viewers…)."""
    return redirect(static("img/favicon.svg"))


urlpatterns = [
    path("", include("core.urls")),
    path("favicon.ico", favicon),
    path("journeys/", include("journeys.urls")),
    path("stakeholders/", include("stakeholders.urls")),
    path("feedback/", include("feedback.urls")),
    path("s/", include("feedback.public_urls")),
    path("shared/", include("journeys.shared_urls")),
    path("register/", include("gdpr.urls")),
    # Django's own views, behind the limits of core.ratelimits; the rest of the auth URLs as is.
    path("accounts/login/", core_views.login, name="login"),
    path("accounts/password_reset/", core_views.password_reset, name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    # Single sign-on (core/sso.py): 404 unless configured.
    path("accounts/sso/start/", sso.sso_start, name="sso_start"),
    path("accounts/sso/callback/", sso.sso_callback, name="sso_callback"),
    # The language switch must work on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1_urlpatterns, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

# A database that cannot be reached answers 503 with Retry-After, not 500.
handler500 = "core.views.server_error"
