from django.urls import include, path

urlpatterns = [
    path("api/", include("journey_map.api.routers")),
    path("", include("journey_map.urls")),
]
