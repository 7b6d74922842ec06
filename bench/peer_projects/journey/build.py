"""Run in the peer's virtualenv: migrates its database and builds, from Parcours' map of the
demo car-rental journey (a JSON file, argv[1]), the same journey as far as dj-userjourney-map's
model allows: stages, a journey action per touchpoint, the stage's emotion and enchantments as
feedback, its irritants as pain points, the improvement actions as opportunities. Prints the
journey's URLs, a signed-in session and the SQL statements of each URL, as JSON."""

import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from journey_map.models import (  # noqa: E402
    JourneyAction,
    JourneyStage,
    Opportunity,
    PainPoint,
    UserFeedback,
    UserJourney,
)
from persona_manager.models import UserPersona  # noqa: E402

# Parcours' emotion score (-2..2) as the peer's emotion and intensity (1..5).
EMOTIONS = {-2: "frustrated", -1: "confused", 0: "neutral", 1: "happy", 2: "excited"}


def build(journey_map: dict) -> UserJourney:
    persona = journey_map.get("persona") or {}
    journey = UserJourney.objects.create(
        name=journey_map["name"],
        description=journey_map.get("description") or "",
        persona=UserPersona.objects.create(
            persona_name=(persona.get("name") or "Customer")[:100],
            description=persona.get("description") or "",
        ),
    )
    first_action = {}
    for stage in journey_map["stages"]:
        journey_stage = JourneyStage.objects.create(
            journey=journey, stage_name=stage["name"], order=stage["position"]
        )
        actions = JourneyAction.objects.bulk_create(
            JourneyAction(
                stage=journey_stage,
                action_description=touchpoint["name"],
                touchpoint=touchpoint["channel"],
                order=touchpoint["position"],
            )
            for touchpoint in stage["touchpoints"]
        ) or [JourneyAction.objects.create(stage=journey_stage, action_description="", order=1)]
        first_action[stage["id"]] = action = actions[0]
        score = stage.get("emotion_score") or 0
        feedbacks = [
            UserFeedback(
                action=action,
                feedback_text=stage.get("expectations") or stage["name"],
                emotion=EMOTIONS[max(-2, min(2, score))],
                intensity=min(5, abs(score) * 2 + 1),
                is_positive=score >= 0,
            )
        ]
        for observation in stage["observations"]:
            if observation["kind"] == "irritant":
                PainPoint.objects.create(
                    action=action,
                    description=observation["description"],
                    severity=max(1, min(5, observation.get("severity") or 1)),
                )
            else:
                feedbacks.append(
                    UserFeedback(
                        action=action,
                        feedback_text=observation["description"],
                        emotion="happy",
                        intensity=3,
                        is_positive=True,
                    )
                )
        UserFeedback.objects.bulk_create(feedbacks)
    for improvement in journey_map.get("actions", []):
        if improvement.get("stage") in first_action:
            Opportunity.objects.create(
                action=first_action[improvement["stage"]],
                description=f"{improvement['title']}: {improvement.get('description') or ''}",
            )
    return journey


def queries(client: Client, path: str) -> int:
    client.get(path)  # the first request fills Django's caches
    with CaptureQueriesContext(connection) as captured:
        if client.get(path).status_code != 200:
            raise SystemExit(f"the peer answered {path} with an error")
    return len(captured)


def main() -> None:
    with open(sys.argv[1]) as source:
        journey_map = json.load(source)
    call_command("migrate", verbosity=0)
    journey = build(journey_map)
    user = User.objects.create_user("bench", password=None)
    client = Client()
    client.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    api, page = f"/api/user-journeys/{journey.pk}/", f"/journeys/{journey.pk}/"
    print(
        json.dumps(
            {
                "api": api,
                "page": page,
                "cookie": cookie,
                "api_queries": queries(client, api),
                "page_queries": queries(client, page),
            }
        )
    )


main()
