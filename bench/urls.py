"""Parcours' URLs plus the floor views, which only exist under bench.settings."""

from django.urls import include, path

from config.urls import handler500  # noqa: F401 (looked up on the root URLconf)

from . import floors

urlpatterns = [
    path("bench/floor/list/<str:basename>/", floors.list_floor, name="bench-floor-list"),
    path("bench/floor/bytes/<str:name>/", floors.bytes_floor, name="bench-floor-bytes"),
    path("bench/floor/scores/", floors.scores_floor, name="bench-floor-scores"),
    path("bench/floor/dashboard/", floors.dashboard_floor, name="bench-floor-dashboard"),
    path("", include("config.urls")),
]
