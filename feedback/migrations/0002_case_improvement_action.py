import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0001_initial"),
        ("journeys", "0002_action_observation_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="improvement_action",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="cases",
                to="journeys.action",
                verbose_name="improvement action",
            ),
        ),
    ]
