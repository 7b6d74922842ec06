#!/usr/bin/env bash
# Rebuilds the fixture of test_upgrade.py: the database that main at dc2d776 builds with
# `migrate` and `load_demo` (dc2d776.dump), and what snapshot.py reads of it there
# (dc2d776.json). Run from anywhere; it needs git, PostgreSQL and the project's .venv.
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"
cd "$ROOT"
ensure_venv

COMMIT=dc2d776
HERE="$ROOT/tests/upgrade"
WORK="$(mktemp -d /tmp/parcours-fixture.XXXXXX)"
PG_BIN="$(pg_bindir)"
PORT="$(python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$WORK"
    as_pg=(runuser -u postgres --)
fi
cleanup() {
    "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

say "Checking out $COMMIT"
mkdir "$WORK/src"
git archive "$COMMIT" | tar -x -C "$WORK/src"
mkdir -p "$WORK/src/tests/upgrade"
cp "$HERE/snapshot.py" "$WORK/src/tests/upgrade/"
touch "$WORK/src/tests/upgrade/__init__.py"

say "Starting PostgreSQL on 127.0.0.1:$PORT"
"${as_pg[@]}" "$PG_BIN/initdb" -D "$WORK/pg" -U parcours --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories=$WORK -c fsync=off" start >/dev/null
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PORT" -U parcours parcours

cd "$WORK/src"
export DATABASE_URL="postgres://parcours@127.0.0.1:$PORT/parcours"
export SECRET_KEY="fixture" CACHE_URL="locmemcache://" CELERY_BROKER_URL="memory://"
say "migrate and load_demo at $COMMIT"
python manage.py migrate --no-input -v 0
python manage.py load_demo >/dev/null
# The demo names no responsible stakeholder: give five touchpoints, spread over the map, one
# (two people twice), so that the upgrade has rows to carry from journeys to stakeholders.
python manage.py shell -c '
from journeys.models import Touchpoint
from stakeholders.models import Stakeholder
people = list(Stakeholder.objects.order_by("pk")[:3])
for touchpoint, person in zip(list(Touchpoint.objects.order_by("pk"))[::4], [*people, people[0], people[1]]):
    touchpoint.responsible_stakeholder = person
    touchpoint.save(update_fields=["responsible_stakeholder"])
'
python -m tests.upgrade.snapshot >"$HERE/$COMMIT.json"
"$PG_BIN/pg_dump" --no-owner --format=custom --dbname="$DATABASE_URL" --file="$HERE/$COMMIT.dump"
say "Wrote $HERE/$COMMIT.dump and $HERE/$COMMIT.json"
