"""The stakeholders app's routes; config/api_urls.py adds them to /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import pages, views

router = SimpleRouter()
router.register("stakeholders", views.StakeholderViewSet, basename="stakeholder")
router.register("involvements", views.InvolvementViewSet, basename="involvement")
router.register("kpis", views.KPIViewSet, basename="kpi")
router.register("kpi-measurements", views.KPIMeasurementViewSet, basename="kpi-measurement")
router.register("slas", views.SLAViewSet, basename="sla")
router.register("sla-objectives", views.SLAObjectiveViewSet, basename="sla-objective")
router.register("sla-measurements", views.SLAMeasurementViewSet, basename="sla-measurement")
router.register("incentives", views.IncentiveViewSet, basename="incentive")
router.register("interviews", views.InterviewViewSet, basename="interview")

urlpatterns = [
    path("stakeholder-map/", pages.StakeholderMapView.as_view(), name="stakeholder-map"),
    path("alignment/", pages.AlignmentView.as_view(), name="alignment"),
]
