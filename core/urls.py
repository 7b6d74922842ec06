from django.urls import path

from . import organisation_views, views

app_name = "core"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("status/", views.system_status, name="system_status"),
    path("status/ping/", views.worker_ping_send, name="worker_ping_send"),
    path("account/tokens/", views.api_tokens, name="api_tokens"),
    path("account/tokens/<str:token_id>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path(
        "organisation/",
        organisation_views.organisation_settings,
        name="organisation_settings",
    ),
    path(
        "organisation/theme.css", organisation_views.organisation_theme, name="organisation_theme"
    ),
    path(
        "organisation/logo/<str:name>",
        organisation_views.organisation_logo,
        name="organisation_logo",
    ),
]
