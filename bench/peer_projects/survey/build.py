"""Run in the peer's virtualenv: migrates its database, builds the survey Parcours asks (NPS
0 to 10, CSAT 1 to 5, CES 1 to 7, a free comment) and counts the SQL statements of one
answer. Prints what bench/peers.py needs as JSON."""

import json
import os
import re
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from survey.models import Question, Survey  # noqa: E402

SCALES = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7)}


def build() -> tuple[Survey, dict[str, str]]:
    survey = Survey.objects.create(
        name="Car rental — pick-up",
        description="How was your car pick-up?",
        is_published=True,
        need_logged_user=False,
        editable_answers=False,
        display_method=Survey.ALL_IN_ONE_PAGE,
    )
    fields = {}
    for order, (name, (low, high)) in enumerate(SCALES.items()):
        question = Question.objects.create(
            survey=survey,
            text=f"{name.upper()}: your score from {low} to {high}",
            order=order,
            required=True,
            type=Question.RADIO,
            choices=",".join(str(score) for score in range(low, high + 1)),
        )
        fields[name] = f"question_{question.pk}"
    comment = Question.objects.create(
        survey=survey, text="Anything to add?", order=3, required=False, type=Question.TEXT
    )
    fields["comment"] = f"question_{comment.pk}"
    return survey, fields


def answer_queries(path: str, answer: dict[str, str]) -> int:
    """The statements of one respondent: the form, the answer, the confirmation page."""
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        page = client.get(path)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content)
        done = client.post(path, {**answer, "csrfmiddlewaretoken": token[1].decode()})
        if done.status_code != 302:
            raise SystemExit(f"the peer's survey refused the answer: {done.status_code}")
        client.get(done["Location"])
    return len(queries)


def main() -> None:
    answer = json.loads(sys.argv[1])
    call_command("migrate", verbosity=0)
    survey, fields = build()
    path = f"/survey/{survey.pk}/"
    posted = {fields[name]: value for name, value in answer.items()}
    answer_queries(path, posted)  # the first answer fills Django's caches
    queries = answer_queries(path, posted)
    print(json.dumps({"path": path, "fields": fields, "queries": queries}))


main()
