"""The templates Parcours ships, in English and French (journeys/shipped_templates/): car
rental, hotel stay, online order with delivery. Run again, it brings them back as shipped."""

import json
from pathlib import Path

from django.db import migrations

SHIPPED = Path(__file__).resolve().parent.parent / "shipped_templates"


def shipped_templates() -> list[dict]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(SHIPPED.glob("*.json"))]


def add_templates(apps, schema_editor):
    JourneyTemplate = apps.get_model("journeys", "JourneyTemplate")
    for template in shipped_templates():
        JourneyTemplate.objects.update_or_create(
            key=template["key"],
            language=template["language"],
            defaults={
                "name": template["name"],
                "description": template["description"],
                "structure": template["structure"],
            },
        )


def remove_templates(apps, schema_editor):
    JourneyTemplate = apps.get_model("journeys", "JourneyTemplate")
    JourneyTemplate.objects.exclude(key="").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("journeys", "0019_share_links_and_templates"),
    ]

    operations = [migrations.RunPython(add_templates, remove_templates)]
