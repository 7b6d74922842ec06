import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("journeys", "0017_action_measure_baseline"),
        ("stakeholders", "0007_kpi_measurements_standard_feeds"),
    ]

    operations = [
        migrations.CreateModel(
            name="ActionKPI",
            fields=[
                (
                    "action",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="measured_kpi",
                        serialize=False,
                        to="journeys.action",
                        verbose_name="action",
                    ),
                ),
                (
                    "kpi",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="actions",
                        to="stakeholders.kpi",
                        verbose_name="KPI",
                    ),
                ),
            ],
            options={
                "verbose_name": "action's KPI",
                "verbose_name_plural": "actions' KPIs",
                "ordering": ["action"],
            },
        ),
    ]
