"""The gdpr app's routes; config/api_urls.py adds them to /api/v1/."""

from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from . import checks, views

router = SimpleRouter()
router.register(
    "processing-activities", views.ProcessingActivityViewSet, basename="processing-activity"
)
router.register("data-items", views.DataItemViewSet, basename="data-item")
router.register("processors", views.ProcessorViewSet, basename="processor")
router.register("dpia-screenings", views.DPIAScreeningViewSet, basename="dpia-screening")
router.register("gdpr-requirements", views.RequirementViewSet, basename="gdpr-requirement")
router.register("respondent-accesses", views.RespondentAccessViewSet, basename="respondent-access")
router.register("respondent-requests", views.RespondentViewSet, basename="respondent-request")

urlpatterns = [
    path(
        "consistency-checks/",
        checks.ConsistencyChecksView.as_view(),
        name="consistency-checks",
    ),
    re_path(
        r"^article30/(?P<file_format>xlsx|csv|pdf)/$",
        views.Article30ExportView.as_view(),
        name="article30-export",
    ),
]
