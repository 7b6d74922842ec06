"""The backup and restore of README.md's "Backups" section, done on the test database with
the demo loaded: after pg_restore, every table holds the same rows."""

import io
import subprocess

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from journeys.models import Journey

from .postgres import conninfo, needs_pg_tools, pg_tool

pytestmark = needs_pg_tools

TABLES = """
    SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1
"""
PRIMARY_KEY = """
    SELECT a.attname FROM pg_index i
    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
    WHERE i.indrelid = %s::regclass AND i.indisprimary
    ORDER BY array_position(i.indkey::int2[], a.attnum)
"""
SEQUENCES = "SELECT schemaname, sequencename, last_value FROM pg_sequences ORDER BY 1, 2"


def _contents(dbname: str) -> tuple[dict[str, list[tuple]], list[tuple]]:
    """Every table's rows ordered by primary key, and where every sequence stands."""
    rows = {}
    with psycopg.connect(conninfo(dbname)) as database:
        for (table,) in database.execute(TABLES).fetchall():
            key = [name for (name,) in database.execute(PRIMARY_KEY, [table]).fetchall()]
            assert key, f"{table} has no primary key"
            order = ", ".join(f'"{name}"' for name in key)
            rows[table] = database.execute(f"SELECT * FROM {table} ORDER BY {order}").fetchall()
        return rows, database.execute(SEQUENCES).fetchall()


@pytest.mark.django_db(transaction=True)
def test_a_pg_dump_restored_with_pg_restore_gives_back_every_row(scratch_database, tmp_path):
    call_command("load_demo", "--allow-production", stdout=io.StringIO())
    dump = tmp_path / "parcours.dump"
    original = connection.settings_dict["NAME"]

    subprocess.run(
        [pg_tool("pg_dump"), "--no-owner", "--format=custom", f"--file={dump}",
         f"--dbname={conninfo(original)}"],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    subprocess.run(
        [pg_tool("pg_restore"), "--no-owner", "--exit-on-error",
         f"--dbname={conninfo(scratch_database)}", str(dump)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip

    before, before_sequences = _contents(original)
    after, after_sequences = _contents(scratch_database)
    assert len(before["journeys_journey"]) == Journey.objects.count() == 2
    assert len(before["stakeholders_touchpointresponsibility"]) == 18
    assert list(after) == list(before)
    for table, rows in before.items():
        assert after[table] == rows, table
    assert after_sequences == before_sequences
