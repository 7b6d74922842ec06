"""The customer's pages, outside /feedback/ so that links stay short: /s/<token>/."""

from django.urls import path

from . import views

app_name = "survey"

urlpatterns = [
    path("review/<str:token>/", views.survey_review, name="review"),
    path("recovery/<str:token>/", views.recovery_answer, name="recovery"),
    path(
        "recovery/<str:token>/unsubscribe/",
        views.recovery_unsubscribe,
        name="recovery_unsubscribe",
    ),
    path("<str:token>/", views.survey_answer, name="answer"),
    path("<str:token>/unsubscribe/", views.survey_unsubscribe, name="unsubscribe"),
]
