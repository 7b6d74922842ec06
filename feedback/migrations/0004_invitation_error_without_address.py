"""Invitation.error used to keep the mail server's text, which quotes the recipient's address:
keep its SMTP code only. The error's class was never stored, so it is not recovered."""

import re

from django.db import migrations

SMTP_REPLY = re.compile(r"\((\d{3}),\s*b?['\"]")


def errors_without_address(apps, schema_editor):
    Invitation = apps.get_model("feedback", "Invitation")
    changed = []
    for invitation in Invitation.objects.exclude(error="").only("pk", "error").iterator():
        reply = SMTP_REPLY.search(invitation.error)
        invitation.error = f"SMTP error ({reply.group(1)})" if reply else "unknown error"
        changed.append(invitation)
    Invitation.objects.bulk_update(changed, ["error"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0003_list_order_indexes"),
    ]

    operations = [
        migrations.RunPython(errors_without_address, migrations.RunPython.noop, elidable=True),
    ]
