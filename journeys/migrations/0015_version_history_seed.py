"""Every journey and map item that exists when the history begins gets its first record, so
that the timeline, the diff and the restore start from the map as it stands."""

from django.db import migrations
from django.utils import timezone
from django.utils.translation import gettext_noop

MODELS = ("Journey", "Stage", "Touchpoint", "MomentOfTruth", "Observation", "Action")
# Kept in English like every reason, translated when the history is read.
REASON = gettext_noop("Recorded when the version history began.")


def seed(apps, schema_editor):
    now = timezone.now()
    for name in MODELS:
        model = apps.get_model("journeys", name)
        historical = apps.get_model("journeys", f"Historical{name}")
        fields = [
            field.attname
            for field in historical._meta.fields
            if not field.name.startswith("history_")
        ]
        recorded = historical.objects.values("id")
        rows = model.objects.exclude(pk__in=recorded).order_by("pk").values(*fields)
        batch = []
        for row in rows.iterator(chunk_size=2000):
            batch.append(
                historical(
                    **row,
                    history_date=now,
                    history_type="+",
                    history_change_reason=REASON,
                )
            )
            if len(batch) == 2000:
                historical.objects.bulk_create(batch)
                batch = []
        historical.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [("journeys", "0014_version_history")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop, elidable=True)]
