from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0013_cases_keep_their_channel_and_language"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="invitation",
            index=models.Index(fields=["-sent_at", "-id"], name="feedback_inv_sent"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                models.Case(
                    models.When(status__in=("open", "in_progress"), then=models.Value(0)),
                    default=models.Value(1),
                ),
                models.OrderBy(
                    models.Case(models.When(status__in=("open", "in_progress"), then="due_at"))
                ),
                models.OrderBy(models.F("due_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                name="feedback_case_urgency",
            ),
        ),
    ]
