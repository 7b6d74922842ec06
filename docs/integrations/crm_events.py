#!/usr/bin/env python3
"""Posts the service events of a CRM export to Parcours: an example integration.

    PARCOURS_URL=https://parcours.example.com PARCOURS_TOKEN=... \\
        python docs/integrations/crm_events.py export.csv --journey 3

The export is a CSV with one row per finished step of a customer's journey:

    activity_id,customer_id,email,language,stage_code,completed_at
    A-1001,CUST-42,jane@example.com,fr,H,2026-12-01T10:30:00+01:00

Each row becomes one service event (`POST /api/v1/service-events/`, up to 1,000 per call)
whose idempotency key is the CRM's own activity id: running the script again over the same
export, or over an export that overlaps the last one, records nothing twice. The token
should be a scoped token that may only write events (`events:write`).

Only the Python standard library is used, so the script runs wherever Python 3.11+ does.
"""

import argparse
import csv
import json
import os
import sys
import urllib.error
import urllib.request

BATCH = 1000
SOURCE = "crm"


def events_of(rows, *, journey: int, source: str):
    for row in rows:
        yield {
            "source": source,
            "idempotency_key": row["activity_id"],
            "external_ref": row["customer_id"],
            "email": row.get("email", ""),
            "language": row.get("language") or "en",
            "journey": journey,
            "stage_code": row["stage_code"],
            "occurred_at": row["completed_at"],
        }


def post(url: str, token: str, events: list[dict]) -> list[dict]:
    request = urllib.request.Request(
        url.rstrip("/") + "/api/v1/service-events/",
        data=json.dumps(events).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("export", help="the CRM's CSV export")
    parser.add_argument("--journey", type=int, required=True, help="the journey's id")
    parser.add_argument("--source", default=SOURCE, help=f"the source name (default {SOURCE})")
    options = parser.parse_args(argv)
    url, token = os.environ["PARCOURS_URL"], os.environ["PARCOURS_TOKEN"]

    with open(options.export, newline="", encoding="utf-8-sig") as export:
        events = list(
            events_of(csv.DictReader(export), journey=options.journey, source=options.source)
        )
    created = repeated = 0
    for start in range(0, len(events), BATCH):
        try:
            answers = post(url, token, events[start : start + BATCH])
        except urllib.error.HTTPError as error:
            print(f"rows {start + 1}-{start + BATCH}: HTTP {error.code} {error.read().decode()}")
            return 1
        created += sum(1 for answer in answers if answer["created"])
        repeated += sum(1 for answer in answers if not answer["created"])
    print(f"{created} events recorded, {repeated} already received")
    return 0


if __name__ == "__main__":
    sys.exit(main())
