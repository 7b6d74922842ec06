"""The journeys app's routes; config/api_urls.py adds them to /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import health, standards, views

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

urlpatterns = [
    path(
        "dissatisfaction-risks/",
        health.DissatisfactionRiskView.as_view(),
        name="dissatisfaction-risks",
    ),
]
