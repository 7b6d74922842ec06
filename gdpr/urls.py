from django.urls import path

from . import views

app_name = "gdpr"

urlpatterns = [
    path("", views.index, name="index"),
]
