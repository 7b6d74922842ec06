from django.urls import path

from . import views

app_name = "stakeholders"

urlpatterns = [
    path("", views.stakeholder_list, name="index"),
    path("new/", views.stakeholder_create, name="stakeholder_create"),
    path("choices/", views.stakeholder_choices, name="stakeholder_choices"),
    path("<int:stakeholder_id>/", views.stakeholder_detail, name="stakeholder_detail"),
    path("<int:stakeholder_id>/edit/", views.stakeholder_update, name="stakeholder_update"),
    path("<int:stakeholder_id>/delete/", views.stakeholder_delete, name="stakeholder_delete"),
    path(
        "<int:stakeholder_id>/measurements/new/",
        views.measurement_create,
        name="measurement_create",
    ),
    path(
        "<int:stakeholder_id>/measurements/import/",
        views.measurement_import,
        name="measurement_import",
    ),
    path(
        "<int:stakeholder_id>/kpi-measurements/new/",
        views.kpi_measurement_create,
        name="kpi_measurement_create",
    ),
    path("standards/<int:moment_id>/feed/", views.standard_feed, name="standard_feed"),
    path("actions/<int:action_id>/kpi/", views.action_kpi, name="action_kpi"),
    path("map/<int:journey_id>/", views.stakeholder_map, name="stakeholder_map"),
    path("alignment/", views.alignment, name="alignment"),
    path("stages/<int:stage_id>/place/", views.stage_place, name="stage_place"),
    path(
        "touchpoints/<int:touchpoint_id>/responsible/",
        views.touchpoint_responsible,
        name="touchpoint_responsible",
    ),
    path("breaches/", views.breach_list, name="breach_list"),
    path("interviews/", views.interview_list, name="interview_list"),
    path("interviews/new/", views.interview_create, name="interview_create"),
    path("interviews/<int:interview_id>/", views.interview_detail, name="interview_detail"),
    path(
        "interviews/<int:interview_id>/autosave/",
        views.interview_autosave,
        name="interview_autosave",
    ),
    path(
        "interviews/<int:interview_id>/send-back/",
        views.interview_send_back,
        name="interview_send_back",
    ),
    path(
        "interviews/<int:interview_id>/validate/",
        views.interview_validate,
        name="interview_validate",
    ),
    path(
        "<int:stakeholder_id>/slas/<int:sla_id>/objectives/new/",
        views.PART_VIEWS["objective"][0],
        name="objective_create",
    ),
]

# Involvements, KPIs, incentives, SLAs and objectives: edit and delete under the stakeholder;
# objectives are created under their SLA (above).
for slug, prefix in [
    ("involvement", "involvements"),
    ("kpi", "kpis"),
    ("incentive", "incentives"),
    ("sla", "slas"),
    ("objective", "objectives"),
]:
    create, update, delete = views.PART_VIEWS[slug]
    if slug != "objective":
        urlpatterns.append(
            path(f"<int:stakeholder_id>/{prefix}/new/", create, name=f"{slug}_create")
        )
    urlpatterns += [
        path(f"<int:stakeholder_id>/{prefix}/<int:item_id>/edit/", update, name=f"{slug}_update"),
        path(f"<int:stakeholder_id>/{prefix}/<int:item_id>/delete/", delete, name=f"{slug}_delete"),
    ]
