from django.urls import path

from . import views

app_name = "stakeholders"

urlpatterns = [
    path("", views.stakeholder_list, name="index"),
    path("new/", views.stakeholder_create, name="stakeholder_create"),
    path("<int:stakeholder_id>/", views.stakeholder_detail, name="stakeholder_detail"),
    path("<int:stakeholder_id>/edit/", views.stakeholder_update, name="stakeholder_update"),
    path("<int:stakeholder_id>/delete/", views.stakeholder_delete, name="stakeholder_delete"),
    path(
        "<int:stakeholder_id>/measurements/new/",
        views.measurement_create,
        name="measurement_create",
    ),
    path("map/<int:journey_id>/", views.stakeholder_map, name="stakeholder_map"),
    path("breaches/", views.breach_list, name="breach_list"),
    path("interviews/", views.interview_list, name="interview_list"),
    path("interviews/new/", views.interview_create, name="interview_create"),
    path("interviews/<int:interview_id>/", views.interview_detail, name="interview_detail"),
    path(
        "interviews/<int:interview_id>/validate/",
        views.interview_validate,
        name="interview_validate",
    ),
]
