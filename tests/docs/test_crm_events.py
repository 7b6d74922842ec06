"""The example integration of docs/integrations posts a CRM export to the live test server,
and a second run over the same export records nothing twice."""

import os
import subprocess
import sys

import pytest

from core import services as core_services
from feedback.models import ServiceEvent
from tests.conftest import ROOT
from tests.journeys.factories import StageFactory

SCRIPT = ROOT / "docs" / "integrations" / "crm_events.py"
EXPORT = """activity_id,customer_id,email,language,stage_code,completed_at
A-1001,CUST-42,jane@example.com,fr,A,2026-12-01T10:30:00+01:00
A-1002,CUST-43,john@example.com,en,B,2026-12-01T11:00:00+01:00
A-1003,CUST-42,jane@example.com,fr,B,2026-12-02T09:15:00+01:00
"""


def _run(live_server, token: str, export, journey_id: int) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(export), "--journey", str(journey_id)],
        env={**os.environ, "PARCOURS_URL": live_server.url, "PARCOURS_TOKEN": token},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.django_db(transaction=True)
def test_the_crm_script_posts_each_activity_once(live_server, cx_manager, tmp_path):
    first = StageFactory()
    StageFactory(journey=first.journey)
    _token, secret = core_services.api_token_create(user=cx_manager, name="crm", expires_at=None)
    export = tmp_path / "export.csv"
    export.write_text(EXPORT)

    once = _run(live_server, secret, export, first.journey_id)
    twice = _run(live_server, secret, export, first.journey_id)

    assert (once.returncode, once.stdout) == (0, "3 events recorded, 0 already received\n")
    assert (twice.returncode, twice.stdout) == (0, "0 events recorded, 3 already received\n")
    assert sorted(ServiceEvent.objects.values_list("source", "idempotency_key", "stage__code")) == [
        ("crm", "A-1001", "A"),
        ("crm", "A-1002", "B"),
        ("crm", "A-1003", "B"),
    ]
