"""Who answers for a touchpoint moves from journeys.Touchpoint.responsible_stakeholder to
stakeholders, carrying every row over; journeys 0007 then drops the old column."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_from_touchpoints(apps, schema_editor):
    Touchpoint = apps.get_model("journeys", "Touchpoint")
    TouchpointResponsibility = apps.get_model("stakeholders", "TouchpointResponsibility")
    rows = (
        Touchpoint.objects.filter(responsible_stakeholder__isnull=False)
        .order_by("pk")
        .values_list("pk", "responsible_stakeholder_id")
    )
    TouchpointResponsibility.objects.bulk_create(
        (
            TouchpointResponsibility(touchpoint_id=touchpoint_id, stakeholder_id=stakeholder_id)
            for touchpoint_id, stakeholder_id in rows.iterator()
        ),
        batch_size=1000,
    )


def copy_back_to_touchpoints(apps, schema_editor):
    Touchpoint = apps.get_model("journeys", "Touchpoint")
    TouchpointResponsibility = apps.get_model("stakeholders", "TouchpointResponsibility")
    Touchpoint.objects.update(
        responsible_stakeholder_id=Subquery(
            TouchpointResponsibility.objects.filter(touchpoint_id=OuterRef("pk")).values(
                "stakeholder_id"
            )
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("journeys", "0006_journey_scores_changed_at"),
        ("stakeholders", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="TouchpointResponsibility",
            fields=[
                (
                    "touchpoint",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="responsibility",
                        serialize=False,
                        to="journeys.touchpoint",
                        verbose_name="touchpoint",
                    ),
                ),
                (
                    "stakeholder",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="responsibilities",
                        to="stakeholders.stakeholder",
                        verbose_name="responsible stakeholder",
                    ),
                ),
            ],
            options={
                "verbose_name": "responsible stakeholder",
                "verbose_name_plural": "responsible stakeholders",
                "ordering": ["touchpoint"],
            },
        ),
        migrations.RunPython(copy_from_touchpoints, copy_back_to_touchpoints),
    ]
