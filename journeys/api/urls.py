"""The journeys app's routes; config/api_urls.py adds them to /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import health, history, sharing, standards, views

router = SimpleRouter()
router.register("personas", views.PersonaViewSet, basename="persona")
router.register("journeys", views.JourneyViewSet, basename="journey")
router.register("stages", views.StageViewSet, basename="stage")
router.register("touchpoints", views.TouchpointViewSet, basename="touchpoint")
router.register("moments-of-truth", views.MomentOfTruthViewSet, basename="moment-of-truth")
router.register(
    "standard-measurements",
    standards.StandardMeasurementViewSet,
    basename="standard-measurement",
)
router.register("observations", views.ObservationViewSet, basename="observation")
router.register("actions", views.ActionViewSet, basename="action")
router.register("share-links", sharing.ShareLinkViewSet, basename="share-link")
router.register("journey-templates", sharing.JourneyTemplateViewSet, basename="journey-template")
router.register("journey-snapshots", history.JourneySnapshotViewSet, basename="journey-snapshot")
router.register(
    "buying-group-members", views.BuyingGroupMemberViewSet, basename="buying-group-member"
)

urlpatterns = [
    path(
        "dissatisfaction-risks/",
        health.DissatisfactionRiskView.as_view(),
        name="dissatisfaction-risks",
    ),
]
