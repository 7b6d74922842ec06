import django.db.models.deletion
from django.db import migrations, models

import core.validators


class Migration(migrations.Migration):
    dependencies = [
        ("journeys", "0015_version_history_seed"),
    ]

    operations = [
        migrations.CreateModel(
            name="StandardMeasurement",
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
                (
                    "note",
                    models.CharField(
                        blank=True,
                        max_length=200,
                        validators=[core.validators.NoControlCharacters()],
                        verbose_name="note",
                    ),
                ),
                ("recorded_at", models.DateTimeField(auto_now=True, verbose_name="recorded at")),
            ],
            options={
                "verbose_name": "standard measurement",
                "verbose_name_plural": "standard measurements",
                "ordering": ["moment", "period_start"],
            },
        ),
        migrations.AddField(
            model_name="momentoftruth",
            name="comparison",
            field=models.CharField(
                blank=True,
                choices=[("at_most", "≤"), ("at_least", "≥"), ("equal", "=")],
                max_length=8,
                verbose_name="comparison",
            ),
        ),
        migrations.AddField(
            model_name="momentoftruth",
            name="metric",
            field=models.CharField(
                blank=True,
                help_text="What is measured, e.g. “counter wait time”.",
                max_length=200,
                validators=[core.validators.NoControlCharacters()],
                verbose_name="metric",
            ),
        ),
        migrations.AddField(
            model_name="momentoftruth",
            name="period",
            field=models.CharField(
                choices=[("week", "week"), ("month", "month")],
                default="month",
                max_length=8,
                verbose_name="measurement period",
            ),
        ),
        migrations.AddField(
            model_name="momentoftruth",
            name="standard_kind",
            field=models.CharField(
                choices=[
                    ("standard", "standard (set by the company)"),
                    ("norm", "norm (law, ISO…)"),
                ],
                default="standard",
                max_length=8,
                verbose_name="kind of standard",
            ),
        ),
        migrations.AddField(
            model_name="momentoftruth",
            name="target",
            field=models.DecimalField(
                blank=True, decimal_places=2, max_digits=12, null=True, verbose_name="target"
            ),
        ),
        migrations.AddField(
            model_name="momentoftruth",
            name="unit",
            field=models.CharField(blank=True, max_length=40, verbose_name="unit"),
        ),
        migrations.AlterField(
            model_name="momentoftruth",
            name="standard",
            field=models.CharField(
                blank=True,
                help_text="The standard in words, e.g. “answered in under 2 minutes”; the metric, comparison and target below make it measurable.",
                max_length=300,
                verbose_name="standard",
            ),
        ),
        migrations.AddConstraint(
            model_name="momentoftruth",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("comparison", ""), ("target__isnull", True)),
                    models.Q(
                        models.Q(("comparison", ""), _negated=True), ("target__isnull", False)
                    ),
                    _connector="OR",
                ),
                name="journeys_moment_standard_comparison_and_target",
                violation_error_message="A standard needs both a comparison and a target.",
            ),
        ),
        migrations.AddField(
            model_name="standardmeasurement",
            name="moment",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="measurements",
                to="journeys.momentoftruth",
                verbose_name="moment of truth",
            ),
        ),
        migrations.AddConstraint(
            model_name="standardmeasurement",
            constraint=models.UniqueConstraint(
                fields=("moment", "period_start"),
                name="journeys_standardmeasurement_unique_period",
                violation_error_message="This period already has a measurement.",
            ),
        ),
    ]
