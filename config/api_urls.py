"""/api/v1/: one router for every app's viewsets, with plural hyphenated routes."""

from django.urls import path

from core.api.comments import CommentViewSet
from core.api.notifications import NotificationPreferencesView, NotificationViewSet
from core.api.organisation import OrganisationView
from core.api.routers import Router
from core.api.views import MeView
from core.webhooks.api import DeliveryViewSet, WebhookEventsView, WebhookViewSet
from feedback.api.urls import router as feedback_router
from feedback.api.urls import urlpatterns as feedback_urlpatterns
from gdpr.api.urls import router as gdpr_router
from gdpr.api.urls import urlpatterns as gdpr_urlpatterns
from journeys.api.urls import router as journeys_router
from journeys.api.urls import urlpatterns as journeys_urlpatterns
from stakeholders.api.urls import router as stakeholders_router
from stakeholders.api.urls import urlpatterns as stakeholders_urlpatterns

router = Router()
router.register("notifications", NotificationViewSet, basename="notification")
router.register("comments", CommentViewSet, basename="comment")
router.register("webhooks", WebhookViewSet, basename="webhook")
router.register("webhook-deliveries", DeliveryViewSet, basename="webhook-delivery")
router.registry.extend(journeys_router.registry)
router.registry.extend(feedback_router.registry)
router.registry.extend(stakeholders_router.registry)
router.registry.extend(gdpr_router.registry)

urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    path("organisation/", OrganisationView.as_view(), name="organisation"),
    path("webhook-events/", WebhookEventsView.as_view(), name="webhook-events"),
    path(
        "notification-preferences/",
        NotificationPreferencesView.as_view(),
        name="notification-preferences",
    ),
    *journeys_urlpatterns,
    *feedback_urlpatterns,
    *stakeholders_urlpatterns,
    *gdpr_urlpatterns,
    *router.urls,
]
