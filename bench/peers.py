"""Parcours side by side with its peers from PyPI, each in its own virtualenv under
var/bench/peers/ (benchmark only: never imported by Parcours nor copied into it;
django-survey-and-report is AGPL): the same survey answered, the same journey's map read.
Each side runs under gunicorn with 2 sync workers on the run's PostgreSQL and Redis, DEBUG
off, throttles raised; the two are loaded in turn, three times, with 4 connections."""

import importlib.metadata
import io
import json
import secrets
import statistics
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from . import load
from .respondents import answers_per_second
from .servers import ROOT, _wait, free_port

STARTED: list[subprocess.Popen] = []
PEERS_DIR = ROOT / "var" / "bench" / "peers"
PROJECTS_DIR = ROOT / "bench" / "peer_projects"
ROUNDS = 3
CONNECTIONS = 4
WORKERS = 2
RAISED = "100000000/s"
ANSWER = {"nps": "8", "csat": "4", "ces": "3", "comment": "Quick pick-up, friendly staff."}
BENCH_USER = "bench-cx"  # bench/run.py's signed-in CX manager
SURVEY_GOAL, MAP_GOAL = 2.0, 1.5


def _requirements() -> dict[str, list[str]]:
    """Each peer's pins: the versions Parcours runs (Django, DRF, gunicorn, psycopg, redis)
    where the peer supports them; dj-userjourney-map 1.0.0 requires Django < 5.3."""
    same = [f"{name}=={importlib.metadata.version(name)}" for name in ("gunicorn", "redis")]
    same.append(f"psycopg[binary]=={importlib.metadata.version('psycopg')}")
    return {
        "survey": [
            "django-survey-and-report==1.5.0",
            f"Django=={importlib.metadata.version('django')}",
            *same,
        ],
        "journey": [
            "dj-userjourney-map==1.0.0",
            "dj-userpersona-manager==1.0.0",
            "Django~=5.2.0",
            f"djangorestframework=={importlib.metadata.version('djangorestframework')}",
            *same,
        ],
    }


def peer_python(name: str, requirements: list[str]) -> str:
    """The peer's virtualenv (created, or reused when its requirements did not change)."""
    venv = PEERS_DIR / name
    stamp = venv / ".requirements"
    python = venv / "bin" / "python"
    if not python.exists() or not stamp.exists() or stamp.read_text() != "\n".join(requirements):
        print(f"  installing {', '.join(requirements)} into {venv.relative_to(ROOT)}", flush=True)
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        done = subprocess.run(
            [str(python), "-m", "pip", "install", "-q", *requirements],
            capture_output=True,
            text=True,
        )
        if done.returncode:
            sys.stderr.write(done.stdout[-3000:] + done.stderr[-3000:])
            raise SystemExit(f"could not install the peer {name}")
        stamp.write_text("\n".join(requirements))
    return str(python)


@dataclass
class Site:
    """One side of a comparison: a gunicorn and how to reach it."""

    name: str
    url: str
    headers: dict[str, str]


def _peer_env(postgres, redis, name: str, database: int) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "settings",
        "PEER_SECRET_KEY": secrets.token_urlsafe(50),
        "PEER_DB_PORT": str(postgres.port),
        "PEER_DB_NAME": f"peer_{name}",
        "PEER_CACHE_URL": redis.url(database),
    }


def _build_peer(stack, python: str, name: str, env: dict, *args: str) -> dict:
    done = subprocess.run(
        [python, "build.py", *args],
        cwd=PROJECTS_DIR / name,
        env={**stack.env, **env},
        capture_output=True,
        text=True,
    )
    if done.returncode:
        sys.stderr.write(done.stdout[-3000:] + done.stderr[-3000:])
        raise SystemExit(f"could not build the peer {name}'s content")
    return json.loads(done.stdout.splitlines()[-1])


def _gunicorn(stack, python: str, application: str, log: str, ready: str, **env) -> str:
    """Starts gunicorn (2 sync workers) through the run's Stack; its URL. `measure` stops it
    once done, so that its idle workers leave the CPUs to the next figures."""
    port = free_port()
    args = [python, "-m", "gunicorn", application, "--workers", str(WORKERS)]
    args += ["--bind", f"127.0.0.1:{port}", "--graceful-timeout", "5", "--timeout", "120"]
    if "chdir" in env:
        args += ["--chdir", env.pop("chdir")]
    STARTED.append(stack.spawn(args, log, **env))
    url = f"http://127.0.0.1:{port}"

    def answers():
        try:
            return urllib.request.urlopen(url + ready, timeout=2).status < 500
        except urllib.error.HTTPError as error:
            return error.code < 500

    _wait(answers, 60, f"gunicorn ({log})")
    return url


def measure(report, stack, postgres, redis, args) -> None:
    """Installs and starts the peers, then measures the survey answer and the map."""
    if args.skip_peers or (args.drills_only and not args.only_peers):
        return
    from django.core.management import call_command

    report.section("peers: django-survey-and-report and dj-userjourney-map, interleaved")
    pythons = {name: peer_python(name, pins) for name, pins in _requirements().items()}
    for name in pythons:
        postgres.create_database(f"peer_{name}")
    # The demo car-rental journey, whose map both sides serve (after the other figures).
    call_command("load_demo", "--allow-production", "--language", "en", stdout=io.StringIO())

    from .run import _session_headers

    parcours = Site(
        "Parcours",
        _gunicorn(
            stack,
            sys.executable,
            "config.wsgi:application",
            "gunicorn-peers.log",
            "/healthz",
            SURVEY_RATE_LIMIT=RAISED,
        ),
        _session_headers(BENCH_USER),
    )
    figures = {"requirements": _requirements()}
    try:
        peers = (stack, postgres, redis, args.seconds)
        figures["survey"] = _compare_survey(*peers, pythons["survey"], parcours)
        figures["map"] = _compare_map(*peers, pythons["journey"], parcours)
    finally:
        while STARTED:
            stack.stop_process(STARTED.pop())
    report.figures["peers"] = figures


def _interleaved(rounds: list[tuple[str, Callable[[], float]]]) -> dict[str, list[float]]:
    rates: dict[str, list[float]] = {name: [] for name, _run in rounds}
    for _round in range(ROUNDS):
        for name, run in rounds:
            rates[name].append(run())
    return rates


def _summary(rates: dict[str, list[float]], ours: str, theirs: str) -> dict:
    ratios = [a / b if b else 0.0 for a, b in zip(rates[ours], rates[theirs], strict=True)]
    return {
        "parcours_rates": [round(rate, 1) for rate in rates[ours]],
        "peer_rates": [round(rate, 1) for rate in rates[theirs]],
        "ratios": [round(ratio, 2) for ratio in ratios],
        "ratio": round(statistics.median(ratios), 2),
    }


def _span(rates: list[float]) -> str:
    return f"{min(rates):.0f} to {max(rates):.0f}"


def _parcours_survey_paths(count: int) -> list[str]:
    """`count` fresh survey links: sent invitations of a template asking NPS, CSAT, CES and a
    comment (bench/fixtures.py's due invitations, marked sent)."""
    from django.urls import reverse
    from django.utils import timezone

    from feedback.models import FollowUpRule, Invitation, SurveyTemplate
    from feedback.services import invitation_token

    from .fixtures import due_invitations

    prefix = f"peers-{secrets.token_hex(3)}"
    due_invitations(count, prefix)
    template = SurveyTemplate.objects.create(
        name=f"Bench: {prefix}", asks_nps=True, asks_csat=True, asks_ces=True, asks_comment=True
    )
    rule = FollowUpRule.objects.get(name=f"Bench: {prefix}")
    rule.template = template
    rule.save(update_fields=["template"])
    invitations = Invitation.objects.filter(rule=rule)
    invitations.update(status=Invitation.Status.SENT, sent_at=timezone.now())
    return [
        reverse("survey:answer", args=[invitation_token(invitation=invitation)])
        for invitation in invitations.only("pk", "nonce")
    ]


def _parcours_answer_queries(path: str) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="localhost")
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
        if client.post(path, ANSWER).status_code != 200:
            raise RuntimeError("Parcours refused the survey answer")
    return len(queries)


def _compare_survey(stack, postgres, redis, seconds, python: str, parcours: Site) -> dict:
    peer_env = _peer_env(postgres, redis, "survey", 2)
    built = _build_peer(stack, python, "survey", peer_env, json.dumps(ANSWER))
    peer_fields = {built["fields"][name]: value for name, value in ANSWER.items()}
    peer_url = _gunicorn(
        stack, python, "wsgi:application", "gunicorn-peer-survey.log", built["path"],
        chdir=str(PROJECTS_DIR / "survey"), **peer_env,
    )  # fmt: skip

    # More links than the fastest side could use; each is answered once.
    links = _parcours_survey_paths(int(ROUNDS * seconds * 250) + 2)
    warm_up, counted = links.pop(), links.pop()
    _parcours_answer_queries(warm_up)  # the first answer fills the caches
    queries = _parcours_answer_queries(counted)
    lock = threading.Lock()

    def next_link() -> str | None:
        with lock:
            return links.pop() if links else None

    rates = _interleaved(
        [
            (
                "Parcours",
                lambda: answers_per_second(parcours.url, next_link, ANSWER, seconds, CONNECTIONS),
            ),
            (
                "peer",
                lambda: answers_per_second(
                    peer_url, lambda: built["path"], peer_fields, seconds, CONNECTIONS
                ),
            ),
        ]
    )
    figures = {
        **_summary(rates, "Parcours", "peer"),
        "parcours_queries": queries,
        "peer_queries": built["queries"],
    }
    print(
        f"  survey answer (GET + POST, NPS/CSAT/CES/comment): Parcours "
        f"{_span(rates['Parcours'])} answers/s, {queries} SQL statements; "
        f"django-survey-and-report {_span(rates['peer'])} answers/s, {built['queries']} "
        f"statements → {figures['ratio']:.2f}x (goal ≥ {SURVEY_GOAL:g})",
        flush=True,
    )
    return figures


def _compare_map(stack, postgres, redis, seconds, python: str, parcours: Site) -> dict:
    import tempfile

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from core.models import User
    from journeys.demo import as_is_journey

    journey = as_is_journey(language="en")
    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(username=BENCH_USER))
    ours = {
        "api": reverse("api:journey-map", args=[journey.pk]),
        "page": reverse("journeys:journey_map", args=[journey.pk]),
    }
    parcours_queries = {}
    for key, path in ours.items():
        client.get(path)  # the first request fills the caches
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        parcours_queries[key] = len(queries)
    with tempfile.NamedTemporaryFile("wb", suffix=".json") as journey_map:
        journey_map.write(client.get(ours["api"]).content)
        journey_map.flush()
        peer_env = _peer_env(postgres, redis, "journey", 3)
        built = _build_peer(stack, python, "journey", peer_env, journey_map.name)
    peer_url = _gunicorn(
        stack, python, "wsgi:application", "gunicorn-peer-journey.log", "/api/",
        chdir=str(PROJECTS_DIR / "journey"), **peer_env,
    )  # fmt: skip
    peer = Site("dj-userjourney-map", peer_url, {"Cookie": built["cookie"]})
    figures = {}
    for key, label in (("api", "map API (JSON)"), ("page", "map page (HTML)")):
        sizes = {}
        for site, path in ((parcours, ours[key]), (peer, built[key])):
            with urllib.request.urlopen(
                urllib.request.Request(site.url + path, headers=site.headers), timeout=60
            ) as response:
                sizes[site.name] = len(response.read())

        def loaded(site: Site, path: str) -> Callable[[], float]:
            def run() -> float:
                result = load.run(
                    site.url + path, headers=site.headers, seconds=seconds, connections=CONNECTIONS
                )
                if result.bad:
                    raise RuntimeError(f"{result.bad} failed requests on {site.url + path}")
                return result.rate

            return run

        rates = _interleaved(
            [("Parcours", loaded(parcours, ours[key])), ("peer", loaded(peer, built[key]))]
        )
        figures[key] = {
            **_summary(rates, "Parcours", "peer"),
            "parcours_bytes": sizes["Parcours"],
            "peer_bytes": sizes[peer.name],
            "parcours_queries": parcours_queries[key],
            "peer_queries": built[f"{key}_queries"],
        }
        goal = f" (goal ≥ {MAP_GOAL:g})" if key == "api" else ""
        print(
            f"  {label}: Parcours {_span(rates['Parcours'])} req/s, "
            f"{sizes['Parcours']:,} bytes, {parcours_queries[key]} queries; dj-userjourney-map "
            f"{_span(rates['peer'])} req/s, {sizes[peer.name]:,} bytes, "
            f"{built[f'{key}_queries']} queries → {figures[key]['ratio']:.2f}x{goal}",
            flush=True,
        )
    return {**figures["api"], "page": figures["page"]}
