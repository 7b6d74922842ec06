"""/shared/: the journey maps opened through a share link, without an account."""

from django.urls import path

from . import views

app_name = "shared"

urlpatterns = [
    path("<str:token>/", views.shared_map, name="map"),
]
