from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("", views.dashboard, name="index"),
    path(
        "recurring-causes/to-action/", views.recurring_cause_to_action, name="recurring_to_action"
    ),
    path("invitations/", views.invitation_list, name="invitation_list"),
    path("events/new/", views.service_event_create, name="service_event_create"),
    path("events/import/", views.service_event_import, name="service_event_import"),
    path("sent-emails/", views.sent_emails, name="sent_emails"),
    path("sent-emails/dispatch/", views.invitations_dispatch_now, name="dispatch_now"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/new/customers/", views.case_customer_lookup, name="case_customer_lookup"),
    path("cases/<int:case_id>/", views.case_detail, name="case_detail"),
    path("cases/<int:case_id>/compensation/", views.case_compensation, name="case_compensation"),
    path("cases/<int:case_id>/reply/", views.case_reply, name="case_reply"),
    path("trends/", views.trends, name="trends"),
    path("verbatims/", views.verbatim_list, name="verbatim_list"),
    path("verbatims/export.csv", views.verbatim_export, name="verbatim_export"),
    path("verbatims/report.pdf", views.verbatim_report, name="verbatim_report"),
    path("verbatims/<int:verbatim_id>/pin/", views.verbatim_pin, name="verbatim_pin"),
    path(
        "verbatims/<int:verbatim_id>/to-observation/",
        views.verbatim_to_observation,
        name="verbatim_to_observation",
    ),
    path("review-links/", views.review_link_list, name="review_link_list"),
    path(
        "review-links/<int:journey_id>/edit/", views.review_link_update, name="review_link_update"
    ),
    path("rules/", views.rule_list, name="rule_list"),
    path("rules/<int:rule_id>/edit/", views.rule_update, name="rule_update"),
    path("templates/", views.template_list, name="template_list"),
    path("templates/<int:template_id>/edit/", views.template_update, name="template_update"),
]
