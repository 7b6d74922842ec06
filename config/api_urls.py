"""/api/v1/: one router for every app's viewsets, with plural hyphenated routes."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from core.api.views import MeView
from journeys.api.urls import router as journeys_router

router = DefaultRouter()
router.registry.extend(journeys_router.registry)

urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    *router.urls,
]
