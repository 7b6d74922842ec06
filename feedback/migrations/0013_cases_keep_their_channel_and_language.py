"""The cases of before complaints came from every channel: their channel and language, in a
migration of their own, after the one that adds the columns and their indexes (PostgreSQL
creates no index on a table whose rows the same transaction has just updated)."""

from django.db import migrations


def cases_keep_their_channel_and_language(apps, schema_editor):
    """A case opened by a survey answer came through the survey channel, in the answer's
    language; one entered by hand takes its respondent's language when it has one."""
    Case = apps.get_model("feedback", "Case")
    Response = apps.get_model("feedback", "Response")
    Respondent = apps.get_model("feedback", "Respondent")
    Case.objects.filter(response__isnull=False).update(channel="survey")
    for language in ("en", "fr"):
        Case.objects.filter(response__in=Response.objects.filter(language=language)).update(
            language=language
        )
        Case.objects.filter(
            response__isnull=True,
            respondent__in=Respondent.objects.filter(language=language),
        ).update(language=language)


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0012_case_channels_compensation_replies"),
    ]

    operations = [
        migrations.RunPython(cases_keep_their_channel_and_language, migrations.RunPython.noop),
    ]
