from django.urls import path

from . import organisation_views, views
from .comments import views as comment_views
from .notifications import views as notification_views
from .webhooks import views as webhook_views

app_name = "core"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("status/", views.system_status, name="system_status"),
    path("status/ping/", views.worker_ping_send, name="worker_ping_send"),
    path("choices/users/", views.user_choices, name="user_choices"),
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
    path("notifications/", notification_views.inbox, name="notification_inbox"),
    path("notifications/bell/", notification_views.bell, name="notification_bell"),
    path(
        "notifications/read-all/",
        notification_views.notifications_read_all,
        name="notifications_read_all",
    ),
    path(
        "notifications/preferences/",
        notification_views.preferences,
        name="notification_preferences",
    ),
    path(
        "notifications/<int:notification_id>/",
        notification_views.notification_open,
        name="notification_open",
    ),
    path(
        "notifications/<int:notification_id>/read/",
        notification_views.notification_read,
        name="notification_read",
    ),
    path(
        "comments/<str:label>/<int:object_id>/",
        comment_views.comment_thread,
        name="comment_thread",
    ),
    path(
        "comments/<str:label>/<int:object_id>/mentions/",
        comment_views.mention_candidates,
        name="comment_mentions",
    ),
    path("comments/<int:comment_id>/edit/", comment_views.comment_edit, name="comment_edit"),
    path("comments/<int:comment_id>/delete/", comment_views.comment_delete, name="comment_delete"),
    path(
        "comments/<int:comment_id>/resolve/", comment_views.comment_resolve, name="comment_resolve"
    ),
    path("comments/<int:comment_id>/reopen/", comment_views.comment_reopen, name="comment_reopen"),
    path("webhooks/", webhook_views.webhook_list, name="webhook_list"),
    path("webhooks/new/", webhook_views.webhook_create, name="webhook_create"),
    path("webhooks/<int:subscription_id>/", webhook_views.webhook_detail, name="webhook_detail"),
    path(
        "webhooks/<int:subscription_id>/edit/", webhook_views.webhook_update, name="webhook_update"
    ),
    path(
        "webhooks/<int:subscription_id>/toggle/",
        webhook_views.webhook_toggle,
        name="webhook_toggle",
    ),
    path(
        "webhooks/<int:subscription_id>/rotate/",
        webhook_views.webhook_rotate,
        name="webhook_rotate",
    ),
    path(
        "webhooks/<int:subscription_id>/delete/",
        webhook_views.webhook_delete,
        name="webhook_delete",
    ),
    path(
        "webhooks/<int:subscription_id>/deliveries/<int:delivery_id>/replay/",
        webhook_views.webhook_delivery_replay,
        name="webhook_delivery_replay",
    ),
]
