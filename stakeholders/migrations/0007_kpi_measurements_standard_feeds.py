import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("journeys", "0016_moment_standard_measurements"),
        ("stakeholders", "0006_interview_send_back_involvement_role"),
    ]

    operations = [
        migrations.AddField(
            model_name="kpi",
            name="period",
            field=models.CharField(
                choices=[("week", "week"), ("month", "month")],
                default="month",
                help_text="How often the KPI is measured: a week or a month.",
                max_length=8,
                verbose_name="measurement period",
            ),
        ),
        migrations.CreateModel(
            name="KPIMeasurement",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("period_start", models.DateField(verbose_name="period start")),
                (
                    "value",
                    models.DecimalField(decimal_places=2, max_digits=12, verbose_name="value"),
                ),
                ("recorded_at", models.DateTimeField(auto_now=True, verbose_name="recorded at")),
                (
                    "kpi",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="measurements",
                        to="stakeholders.kpi",
                        verbose_name="KPI",
                    ),
                ),
            ],
            options={
                "verbose_name": "KPI measurement",
                "verbose_name_plural": "KPI measurements",
                "ordering": ["kpi", "period_start"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kpi", "period_start"),
                        name="stakeholders_kpimeasurement_unique_period",
                        violation_error_message="This period already has a measurement.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="StandardFeed",
            fields=[
                (
                    "moment",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="standard_feed",
                        serialize=False,
                        to="journeys.momentoftruth",
                        verbose_name="moment of truth",
                    ),
                ),
                (
                    "kpi",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="standard_feeds",
                        to="stakeholders.kpi",
                        verbose_name="KPI",
                    ),
                ),
                (
                    "objective",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="standard_feeds",
                        to="stakeholders.slaobjective",
                        verbose_name="SLA objective",
                    ),
                ),
            ],
            options={
                "verbose_name": "standard feed",
                "verbose_name_plural": "standard feeds",
                "ordering": ["moment"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("kpi__isnull", False), ("objective__isnull", True)),
                            models.Q(("kpi__isnull", True), ("objective__isnull", False)),
                            _connector="OR",
                        ),
                        name="stakeholders_standardfeed_one_source",
                        violation_error_message="A standard is fed by a KPI or an SLA objective.",
                    )
                ],
            },
        ),
    ]
