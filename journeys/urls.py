from django.urls import path

from . import views

app_name = "journeys"

urlpatterns = [
    path("", views.journey_list, name="index"),
    path("new/", views.journey_create, name="journey_create"),
    path("<int:journey_id>/", views.journey_map, name="journey_map"),
    path("<int:journey_id>/edit/", views.journey_update, name="journey_update"),
    path("<int:journey_id>/delete/", views.journey_delete, name="journey_delete"),
    path("<int:journey_id>/duplicate/", views.journey_duplicate, name="journey_duplicate"),
]
