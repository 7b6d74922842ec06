"""load_demo creates `admin` and users with a published password: never by accident in
production."""

import io
import subprocess
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from core.models import User
from feedback.models import Case, Response, ServiceEvent
from gdpr.models import DataItem, ProcessingActivity
from journeys.models import Journey, Observation, Stage, Touchpoint
from stakeholders.models import KPI, Interview, Stakeholder

ROOT = Path(__file__).resolve().parent.parent.parent

pytestmark = pytest.mark.django_db


def test_load_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    out = io.StringIO()

    with pytest.raises(CommandError) as refused:
        call_command("load_demo", stdout=out)

    assert str(refused.value) == (
        "DEBUG is off: this looks like a production installation, and the demo creates an "
        "'admin' superuser and users whose password is published. Run it with "
        "--allow-production if you really want the demo organisation here."
    )
    assert out.getvalue() == ""
    assert User.objects.count() == 0


def test_load_demo_runs_in_production_with_the_explicit_flag(settings):
    settings.DEBUG = False

    call_command("load_demo", "--allow-production", stdout=io.StringIO())

    assert sorted(User.objects.values_list("username", flat=True)) == [
        "admin",
        "claire",
        "crm-sync",
        "david",
        "ines",
        "victor",
    ]


def test_load_demo_runs_with_debug_on(settings):
    settings.DEBUG = True

    call_command("load_demo", stdout=io.StringIO())

    assert User.objects.filter(username="admin", is_superuser=True).count() == 1


def test_make_run_turns_debug_on_before_loading_the_demo():
    """`make run` must keep working without the flag: scripts/run exports DEBUG=true first."""
    lines = (ROOT / "scripts" / "run").read_text().splitlines()

    debug = lines.index('export DEBUG="${DEBUG:-true}"')
    demo = lines.index('python manage.py load_demo ${DEMO_LANGUAGE:+--language "$DEMO_LANGUAGE"}')

    assert debug < demo


@pytest.mark.parametrize(
    ("environment", "arguments"),
    [({"DEMO_LANGUAGE": "fr"}, ["--language", "fr"]), ({}, [])],
)
def test_make_run_passes_demo_language_to_load_demo(tmp_path, environment, arguments):
    """scripts/run's load_demo line, run by bash with a stand-in `python` that prints its
    arguments: DEMO_LANGUAGE=fr make run asks for the French demo, nothing else asks none."""
    line = next(
        line
        for line in (ROOT / "scripts" / "run").read_text().splitlines()
        if line.startswith("python manage.py load_demo")
    )
    (tmp_path / "python").write_text('#!/bin/sh\nprintf "%s\\n" "$@"\n')
    (tmp_path / "python").chmod(0o755)

    shown = subprocess.run(
        ["bash", "-euc", line],
        env={"PATH": f"{tmp_path}:/usr/bin:/bin", **environment},
        capture_output=True,
        text=True,
        check=True,
    )

    assert shown.stdout.splitlines() == ["manage.py", "load_demo", *arguments]


# The demo's language


def _load(*arguments):
    out = io.StringIO()
    call_command("load_demo", "--allow-production", *arguments, stdout=out)
    return out.getvalue()


def _journeys():
    return sorted(Journey.objects.values_list("name", flat=True))


def test_the_demo_is_in_english_by_default():
    _load()

    assert _journeys() == ["Car rental — business trip", "Car rental — business trip (to-be)"]


def test_the_demo_language_setting_chooses_the_default(settings):
    settings.DEMO_LANGUAGE = "fr"

    _load()

    assert _journeys() == [
        "Location de voiture — voyage d’affaires",
        "Location de voiture — voyage d’affaires (cible)",
    ]


def test_the_language_option_wins_over_the_setting(settings):
    settings.DEMO_LANGUAGE = "fr"

    _load("--language", "en")

    assert _journeys() == ["Car rental — business trip", "Car rental — business trip (to-be)"]


def test_a_demo_language_without_content_is_refused(settings):
    settings.DEMO_LANGUAGE = "de"

    with pytest.raises(CommandError) as refused:
        _load()

    assert str(refused.value) == (
        "DEMO_LANGUAGE is 'de': the demo is written in English and French (en, fr)."
    )
    assert User.objects.count() == 0


def test_the_french_demo_loads_twice_without_change():
    first = _load("--language", "fr")
    counts = _counts()

    second = _load("--language", "fr")

    assert "Demo feedback: 300 new service events" in first
    assert "Demo feedback: 0 new service events" in second
    assert "Demo data register: 0 new data items" in second
    assert _counts() == counts


@pytest.mark.parametrize(
    ("loaded", "asked", "message"),
    [
        (
            "en",
            "fr",
            "The demo is already loaded in English in this database, so it is not loaded again "
            "in French: run load_demo --language en, or load the French demo into an empty "
            "database.",
        ),
        (
            "fr",
            "en",
            "The demo is already loaded in French in this database, so it is not loaded again "
            "in English: run load_demo --language fr, or load the English demo into an empty "
            "database.",
        ),
    ],
)
def test_the_demo_is_never_loaded_in_a_second_language(loaded, asked, message):
    """One company, one language: a second language would add a second journey, register and
    survey set of the same company beside the first."""
    _load("--language", loaded)
    journeys, counts = _journeys(), _counts()

    with pytest.raises(CommandError) as refused:
        _load("--language", asked)

    assert str(refused.value) == message
    assert (_journeys(), _counts()) == (journeys, counts)


def test_the_second_language_is_refused_even_when_the_journeys_were_deleted():
    """Each app says which language its part is in: the English stakeholders and register
    stay when someone deletes the English journeys."""
    _load("--language", "en")
    Journey.objects.all().delete()

    with pytest.raises(CommandError) as refused:
        _load("--language", "fr")

    assert str(refused.value).startswith("The demo is already loaded in English")
    assert Journey.objects.count() == 0


def _counts():
    return [
        model.objects.count()
        for model in (
            User,
            Journey,
            Stage,
            Touchpoint,
            Observation,
            Stakeholder,
            KPI,
            Interview,
            ServiceEvent,
            Response,
            Case,
            ProcessingActivity,
            DataItem,
        )
    ]


def test_load_demo_creates_the_crm_service_account_with_an_events_token(settings):
    settings.DEBUG = True
    out = io.StringIO()

    call_command("load_demo", stdout=out)
    call_command("load_demo", stdout=io.StringIO())

    account = User.objects.get(username="crm-sync")
    token = account.api_tokens.get()
    assert account.role.value == "integration"
    assert not account.has_usable_password()
    assert (token.name, token.scopes) == ("CRM export", ["events:write"])
    assert token.hashed_key not in out.getvalue()
    assert "Service account: crm-sync (integration)" in out.getvalue()
