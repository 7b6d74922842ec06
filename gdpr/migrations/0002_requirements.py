from django.db import migrations

# The seven requirements of DOMAIN.md, in order; their status starts at "to do".
KEYS = [
    "appoint_dpo",
    "map_processing",
    "compliance_actions",
    "dpia",
    "internal_processes",
    "document",
    "online_consent",
]


def create_requirements(apps, schema_editor):
    Requirement = apps.get_model("gdpr", "Requirement")
    for position, key in enumerate(KEYS, start=1):
        Requirement.objects.get_or_create(key=key, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("gdpr", "0001_register")]

    operations = [migrations.RunPython(create_requirements, migrations.RunPython.noop)]
