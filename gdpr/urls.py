from django.urls import path

from . import views

app_name = "gdpr"

urlpatterns = [
    path("", views.index, name="index"),
    path("journeys/<int:journey_id>/", views.register, name="register"),
    path("items/", views.data_item_list, name="data_item_list"),
    path("items/new/", views.data_item_create, name="data_item_create"),
    path("items/<int:item_id>/", views.data_item_detail, name="data_item_detail"),
    path("items/<int:item_id>/edit/", views.data_item_update, name="data_item_update"),
    path("items/<int:item_id>/delete/", views.data_item_delete, name="data_item_delete"),
    path("items/<int:item_id>/submit/", views.data_item_submit, name="data_item_submit"),
    path("items/<int:item_id>/review/", views.data_item_review, name="data_item_review"),
    path("activities/", views.activity_list, name="activity_list"),
    path("activities/new/", views.activity_create, name="activity_create"),
    path("activities/choices/", views.activity_choices, name="activity_choices"),
    path("activities/<int:activity_id>/", views.activity_detail, name="activity_detail"),
    path("activities/<int:activity_id>/edit/", views.activity_update, name="activity_update"),
    path("activities/<int:activity_id>/delete/", views.activity_delete, name="activity_delete"),
    path("activities/<int:activity_id>/submit/", views.activity_submit, name="activity_submit"),
    path("activities/<int:activity_id>/review/", views.activity_review, name="activity_review"),
    path(
        "activities/<int:activity_id>/screening/",
        views.screening_update,
        name="screening_update",
    ),
    path(
        "activities/<int:activity_id>/processors/new/",
        views.processor_create,
        name="processor_create",
    ),
    path("processors/<int:processor_id>/delete/", views.processor_delete, name="processor_delete"),
    path("<str:kind>/<int:entry_id>/history.csv", views.history_csv, name="history_csv"),
    path("export/", views.article30_export, name="article30_export"),
    path("checklist/", views.checklist, name="checklist"),
    path("respondents/", views.respondent_search, name="respondent_search"),
    path(
        "respondents/<int:respondent_id>/export/",
        views.respondent_export,
        name="respondent_export",
    ),
    path("respondents/<int:respondent_id>/erase/", views.respondent_erase, name="respondent_erase"),
    path("respondents/access-log/", views.access_log, name="access_log"),
]
