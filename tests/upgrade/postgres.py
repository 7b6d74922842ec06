"""The test server's PostgreSQL tools and addresses, for the upgrade and backup tests."""

import os
from pathlib import Path

import pytest
from django.db import connection
from psycopg.conninfo import make_conninfo

# PostgreSQL's bin dir, set by scripts/test: pg_dump and pg_restore of the server's version.
PG_BIN = os.environ.get("TEST_PG_BIN")

needs_pg_tools = pytest.mark.skipif(
    PG_BIN is None, reason="needs the PostgreSQL server that scripts/test starts"
)


def pg_tool(name: str) -> str:
    return str(Path(PG_BIN) / name)


def conninfo(dbname: str) -> str:
    """How pg_dump, pg_restore and psycopg reach a database of the test server."""
    settings = connection.settings_dict
    return make_conninfo(
        host=settings["HOST"],
        port=str(settings["PORT"]),
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        dbname=dbname,
    )


def database_url(dbname: str) -> str:
    """The DATABASE_URL of a database of the test server, for a `manage.py` subprocess."""
    settings = connection.settings_dict
    return (
        f"postgres://{settings['USER']}:{settings['PASSWORD']}"
        f"@{settings['HOST']}:{settings['PORT']}/{dbname}"
    )
