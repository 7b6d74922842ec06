"""The feedback app's routes; config/api_urls.py adds them to /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import cases, recovery, recurring, reviews, trends, verbatims, views

router = SimpleRouter()
router.register("service-events", views.ServiceEventViewSet, basename="service-event")
router.register("survey-templates", views.SurveyTemplateViewSet, basename="survey-template")
router.register("follow-up-rules", views.FollowUpRuleViewSet, basename="follow-up-rule")
router.register("invitations", views.InvitationViewSet, basename="invitation")
router.register("responses", views.ResponseViewSet, basename="response")
router.register("cases", cases.CaseViewSet, basename="case")
router.register("recovery-answers", recovery.RecoveryAnswerViewSet, basename="recovery-answer")
router.register("review-links", reviews.ReviewLinkViewSet, basename="review-link")
router.register("verbatims", verbatims.VerbatimViewSet, basename="verbatim")

urlpatterns = [
    path("scores/", views.ScoresView.as_view(), name="scores"),
    path("trends/", trends.TrendsView.as_view(), name="trends"),
    path("recurring-causes/", recurring.RecurringCausesView.as_view(), name="recurring-causes"),
]
