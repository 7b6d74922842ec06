"""load_demo creates `admin` and users with a published password: never by accident in
production."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from core.models import User

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
    demo = lines.index("python manage.py load_demo")

    assert debug < demo
