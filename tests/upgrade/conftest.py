import uuid

import psycopg
import pytest

from .postgres import conninfo


@pytest.fixture
def scratch_database():
    """The name of a new, empty database on the test server, dropped afterwards."""
    name = f"scratch_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(conninfo("postgres"), autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(conninfo("postgres"), autocommit=True) as server:
        server.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
