from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("status/", views.system_status, name="system_status"),
    path("status/ping/", views.worker_ping_send, name="worker_ping_send"),
    path("account/tokens/", views.api_tokens, name="api_tokens"),
    path("account/tokens/<str:token_id>/revoke/", views.api_token_revoke, name="api_token_revoke"),
]
