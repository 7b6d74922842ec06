from django.db import migrations


class Migration(migrations.Migration):
    # The rows were first copied into stakeholders.TouchpointResponsibility.
    dependencies = [
        ("journeys", "0006_journey_scores_changed_at"),
        ("stakeholders", "0002_touchpointresponsibility"),
    ]

    operations = [
        migrations.RemoveField(model_name="touchpoint", name="responsible_stakeholder"),
    ]
