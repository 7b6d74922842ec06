"""A self-hosted instance upgrades in place: the database that main at dc2d776 built (migrate,
load_demo, five responsible stakeholders; see build_fixture.sh) is restored from its dump,
migrated forward by the current code, and shows exactly what it showed before."""

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg

from .postgres import conninfo, database_url, needs_pg_tools, pg_tool

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FIXTURE = HERE / "dc2d776"

pytestmark = needs_pg_tools


def _run(*command: str, dbname: str) -> str:
    env = {**os.environ, "DATABASE_URL": database_url(dbname), "CONN_MAX_AGE": "0"}
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _restore_fixture(dbname: str) -> None:
    subprocess.run(
        [pg_tool("pg_restore"), "--no-owner", "--exit-on-error", f"--dbname={conninfo(dbname)}",
         str(FIXTURE.with_suffix(".dump"))],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip


def _responsible_in_fixture() -> dict[int, str]:
    expected = json.loads(FIXTURE.with_suffix(".json").read_text())
    return {
        touchpoint["pk"]: touchpoint["responsible_stakeholder"]
        for journey in expected["journeys"]
        for stage in journey["stages"]
        for touchpoint in stage["touchpoints"]
        if touchpoint["responsible_stakeholder"] is not None
    }


def test_the_fixture_has_responsible_stakeholders_to_carry_over():
    """Otherwise the upgrade test would pass with the move of that relation losing every row."""
    responsible = _responsible_in_fixture()

    assert len(responsible) == 5
    assert len(set(responsible.values())) == 3


def test_a_dc2d776_database_migrates_forward_with_every_map_lane_cell_and_score(
    scratch_database,
):
    expected = json.loads(FIXTURE.with_suffix(".json").read_text())
    _restore_fixture(scratch_database)

    _run(sys.executable, "manage.py", "migrate", "--no-input", dbname=scratch_database)
    after = json.loads(
        _run(sys.executable, "-m", "tests.upgrade.snapshot", dbname=scratch_database)
    )

    assert after == expected


def test_migrating_back_puts_the_responsible_stakeholders_on_the_touchpoints_again(
    scratch_database,
):
    _restore_fixture(scratch_database)
    _run(sys.executable, "manage.py", "migrate", "--no-input", dbname=scratch_database)

    _run(
        sys.executable, "manage.py", "migrate", "--no-input", "stakeholders", "0001",
        dbname=scratch_database,
    )  # fmt: skip

    with psycopg.connect(conninfo(scratch_database)) as database:
        rows = database.execute(
            "SELECT t.id, s.name FROM journeys_touchpoint t"
            " JOIN stakeholders_stakeholder s ON s.id = t.responsible_stakeholder_id"
        ).fetchall()
    assert dict(rows) == _responsible_in_fixture()
