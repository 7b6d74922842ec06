from django.db import migrations, models

import core.models


def existing_tokens_keep_every_scope(apps, schema_editor):
    """Tokens made before scopes acted with their user's whole role: they keep doing so."""
    from core.scopes import ALL_SCOPES

    apps.get_model("core", "APIToken").objects.update(scopes=list(ALL_SCOPES))


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_notifications"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="scopes",
            field=models.JSONField(
                default=list, validators=[core.models.known_scopes], verbose_name="scopes"
            ),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="last_used_ip",
            field=models.GenericIPAddressField(
                blank=True, null=True, verbose_name="last used from"
            ),
        ),
        migrations.RunPython(existing_tokens_keep_every_scope, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="user",
            options={
                "permissions": [
                    (
                        "act_as_integration",
                        "Acts as an integration: the API only, never the pages",
                    )
                ],
                "verbose_name": "user",
                "verbose_name_plural": "users",
            },
        ),
    ]
