from django.urls import path

from . import views

app_name = "journeys"

urlpatterns = [
    path("", views.journey_list, name="index"),
    path("new/", views.journey_create, name="journey_create"),
    path("personas/", views.persona_list, name="persona_list"),
    path("personas/new/", views.persona_create, name="persona_create"),
    path("personas/<int:persona_id>/edit/", views.persona_update, name="persona_update"),
    path("personas/<int:persona_id>/delete/", views.persona_delete, name="persona_delete"),
    path("choices/journeys/", views.journey_choices, name="journey_choices"),
    path("choices/personas/", views.persona_choices, name="persona_choices"),
    path("choices/stages/", views.stage_choices, name="stage_choices"),
    path("choices/touchpoints/", views.touchpoint_choices, name="touchpoint_choices"),
    path("templates/", views.template_list, name="template_list"),
    path("templates/<int:template_id>/use/", views.template_use, name="template_use"),
    path("templates/<int:template_id>/delete/", views.template_delete, name="template_delete"),
    path("<int:journey_id>/", views.journey_map, name="journey_map"),
    path("<int:journey_id>/save-as-template/", views.template_save, name="template_save"),
    path("<int:journey_id>/share/", views.share_links, name="share_links"),
    path(
        "<int:journey_id>/share/<int:share_link_id>/revoke/",
        views.share_link_revoke,
        name="share_link_revoke",
    ),
    path("<int:journey_id>/edit/", views.journey_update, name="journey_update"),
    path("<int:journey_id>/delete/", views.journey_delete, name="journey_delete"),
    path("<int:journey_id>/duplicate/", views.journey_duplicate, name="journey_duplicate"),
    path("<int:journey_id>/matrix/", views.journey_matrix, name="journey_matrix"),
    path("<int:journey_id>/health/", views.journey_health, name="journey_health"),
    path("<int:journey_id>/history/", views.journey_history, name="journey_history"),
    path("<int:journey_id>/history/diff/", views.journey_diff, name="journey_diff"),
    path("<int:journey_id>/history/restore/", views.journey_restore, name="journey_restore"),
    path("<int:journey_id>/snapshots/", views.snapshot_create, name="snapshot_create"),
    path(
        "<int:journey_id>/snapshots/<int:snapshot_id>/delete/",
        views.snapshot_delete,
        name="snapshot_delete",
    ),
    path("<int:journey_id>/plan/", views.journey_plan, name="journey_plan"),
    path(
        "<int:journey_id>/standards/<int:moment_id>/",
        views.moment_standard,
        name="moment_standard",
    ),
    path(
        "<int:journey_id>/observations/<int:observation_id>/links/",
        views.observation_links,
        name="observation_links",
    ),
    path(
        "<int:journey_id>/observations/<int:observation_id>/merge/",
        views.observation_merge,
        name="observation_merge",
    ),
    path(
        "<int:journey_id>/compare/<int:other_id>/",
        views.journey_compare,
        name="journey_compare",
    ),
    path("<int:journey_id>/export.csv", views.journey_export_csv, name="journey_export_csv"),
    path("<int:journey_id>/export.pdf", views.journey_export_pdf, name="journey_export_pdf"),
    path("<int:journey_id>/export.xlsx", views.journey_export_xlsx, name="journey_export_xlsx"),
    path("<int:journey_id>/export.png", views.journey_export_png, name="journey_export_png"),
    path("<int:journey_id>/export.svg", views.journey_export_svg, name="journey_export_svg"),
    path("<int:journey_id>/import/", views.journey_import_csv, name="journey_import_csv"),
    path("<int:journey_id>/stages/<int:item_id>/move/", views.stage_move, name="stage_move"),
    path(
        "<int:journey_id>/stages/reletter/",
        views.journey_reletter_stages,
        name="journey_reletter_stages",
    ),
    path(
        "<int:journey_id>/touchpoints/<int:item_id>/move/",
        views.touchpoint_move,
        name="touchpoint_move",
    ),
]

for slug, (create, update, delete) in views.ITEM_VIEWS.items():
    urlpatterns += [
        path(f"<int:journey_id>/{slug}/new/", create, name=f"{slug}_create"),
        path(f"<int:journey_id>/{slug}/<int:item_id>/edit/", update, name=f"{slug}_update"),
        path(f"<int:journey_id>/{slug}/<int:item_id>/delete/", delete, name=f"{slug}_delete"),
    ]
