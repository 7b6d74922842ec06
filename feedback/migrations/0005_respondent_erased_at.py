"""Erasure is marked by Respondent.erased_at, no longer by the reserved reference
`erased-<id>`: an erased respondent's reference is blank, and unique only among the others."""

from django.db import migrations, models
from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone


def erased_references_to_timestamps(apps, schema_editor):
    Respondent = apps.get_model("feedback", "Respondent")
    # What the old erasure left: its own `erased-<id>` reference and no e-mail.
    Respondent.objects.annotate(old_mark=Concat(Value("erased-"), Cast("pk", CharField()))).filter(
        external_ref=F("old_mark"), email=""
    ).update(external_ref="", erased_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0004_invitation_error_without_address"),
    ]

    operations = [
        migrations.AddField(
            model_name="respondent",
            name="erased_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="erased at"),
        ),
        migrations.AlterField(
            model_name="respondent",
            name="external_ref",
            field=models.CharField(
                help_text="The customer's identifier in the system that sends the events.",
                max_length=100,
                verbose_name="external reference",
            ),
        ),
        migrations.RunPython(erased_references_to_timestamps, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="respondent",
            constraint=models.UniqueConstraint(
                condition=models.Q(("external_ref", ""), _negated=True),
                fields=("external_ref",),
                name="feedback_respondent_unique_ref",
            ),
        ),
    ]
