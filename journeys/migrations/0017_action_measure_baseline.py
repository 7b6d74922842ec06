import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("journeys", "0016_moment_standard_measurements"),
    ]

    operations = [
        migrations.AddField(
            model_name="action",
            name="baseline",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                editable=False,
                max_digits=12,
                null=True,
                verbose_name="baseline",
            ),
        ),
        migrations.AddField(
            model_name="action",
            name="baseline_from",
            field=models.DateField(
                blank=True, editable=False, null=True, verbose_name="baseline from"
            ),
        ),
        migrations.AddField(
            model_name="action",
            name="baseline_periods",
            field=models.PositiveSmallIntegerField(
                blank=True, editable=False, null=True, verbose_name="baseline periods"
            ),
        ),
        migrations.AddField(
            model_name="action",
            name="done_on",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="done on"),
        ),
        migrations.AddField(
            model_name="action",
            name="measure",
            field=models.CharField(
                blank=True,
                choices=[
                    ("nps", "the stage's NPS"),
                    ("csat", "the stage's CSAT"),
                    ("ces", "the stage's CES"),
                    ("standard", "a moment's standard"),
                    ("kpi", "a KPI"),
                ],
                help_text="What should change once the action is done.",
                max_length=8,
                verbose_name="measure to move",
            ),
        ),
        migrations.AddField(
            model_name="action",
            name="measure_moment",
            field=models.ForeignKey(
                blank=True,
                help_text="For a standard: the moment of truth whose standard should move.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="actions",
                to="journeys.momentoftruth",
                verbose_name="standard measured",
            ),
        ),
        migrations.AddField(
            model_name="action",
            name="measure_target",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                help_text="The value the measure should reach.",
                max_digits=12,
                null=True,
                verbose_name="target",
            ),
        ),
        migrations.AddField(
            model_name="action",
            name="started_on",
            field=models.DateField(
                blank=True, editable=False, null=True, verbose_name="started on"
            ),
        ),
    ]
