"""`make bench`: generates the organisation at scale 10 on throw-away PostgreSQL and Redis,
then measures query budgets, throughput ratios against floor views, memory, the survey
dispatch rate, and runs the failure drills. Prints every figure and writes them as JSON to
var/bench/results.json. See bench/README.md for what each figure means."""

import argparse
import json
import math
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from . import goals, load, peers, scales
from .servers import ROOT, PostgreSQL, Redis, Stack, rss_kb

DISPATCH_TASK = "feedback.tasks.invitations_dispatch_task"
DISPATCH_BATCH = 200  # feedback.tasks.invitations_dispatch_task's limit
API_LISTS = ["journey", "touchpoint", "stakeholder", "sla-measurement", "invitation", "response"]
API_LISTS += ["case"]
API_PAGE_ROWS = 100


class Report:
    def __init__(self):
        self.started = time.monotonic()
        self.figures: dict = {}

    def section(self, title: str) -> None:
        print(f"\n== {title} ({time.monotonic() - self.started:.0f} s)", flush=True)

    def add(self, key: str, value, line: str | None = None) -> None:
        self.figures[key] = value
        print(f"  {line or f'{key}: {value}'}", flush=True)


def _python(env: dict, *args: str) -> str:
    """Runs `python *args` in the project; its output, or its error output on failure."""
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        sys.stderr.write(done.stdout[-3000:] + done.stderr[-3000:])
        raise SystemExit(f"failed: python {' '.join(args)}")
    return done.stdout


def _manage(env: dict, *args: str) -> str:
    return _python(env, "manage.py", *args)


def _fetch(url: str, headers: dict[str, str]) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def _ratio(app: load.Load, floor: load.Load) -> float:
    return round(app.rate / floor.rate, 2) if floor.rate else 0.0


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="scripts/bench", description=__doc__)
    parser.add_argument("--scale", type=float, default=10.0, help="default 10")
    parser.add_argument("--budget-scale", type=float, default=1.0, help="default 1")
    parser.add_argument("--seconds", type=float, default=8.0, help="per load run (default 8)")
    parser.add_argument("--drill-invitations", type=int, default=20_000)
    parser.add_argument("--no-drills", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the servers' data and logs")
    parser.add_argument(
        "--drills-only", action="store_true", help="generate the data, then only the drills"
    )
    parser.add_argument("--skip-peers", action="store_true", help="no side-by-side peers")
    parser.add_argument(
        "--only-peers", action="store_true", help="generate the data, then only the peers"
    )
    scales.add_arguments(parser)
    args = parser.parse_args(argv)
    if args.only_peers:
        args.drills_only = args.no_drills = True

    # A terminated run still stops its servers and removes their data (the finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    report = Report()
    directory = Path(tempfile.mkdtemp(prefix="parcours-bench."))
    os.chmod(directory, 0o755)
    postgres, redis = PostgreSQL(directory), Redis(directory)
    stack = None
    try:
        report.section("servers")
        postgres.init()
        redis.start()
        for database in ("parcours", "parcours_budget"):
            postgres.create_database(database)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": postgres.url("parcours"),
            "CELERY_BROKER_URL": redis.url(0),
            "CACHE_URL": redis.url(1),
            "SECURE_SSL_REDIRECT": "false",
            "API_RATE_USER": "100000000/s",
            "LOG_LEVEL": "WARNING",
            "BENCH_FLOOR_DIR": str(directory / "floors"),
        }
        (directory / "floors").mkdir()
        stack = Stack(directory, env)
        stack.start_smtp_sink()
        env["EMAIL_URL"] = f"smtp://127.0.0.1:{stack.smtp_port}"
        report.add("machine", _machine())
        for database in ("parcours", "parcours_budget"):
            _manage({**env, "DATABASE_URL": postgres.url(database)}, "migrate", "-v0")
        _manage(env, "collectstatic", "--no-input", "-v0")

        report.section(f"data: scale {args.budget_scale:g} and {args.scale:g}")
        budget_env = {**env, "DATABASE_URL": postgres.url("parcours_budget")}
        if not args.drills_only:
            _manage(budget_env, "generate_data", "--scale", f"{args.budget_scale:g}")
        started = time.monotonic()
        output = _manage(env, "generate_data", "--scale", f"{args.scale:g}")
        report.add(
            "generate_seconds",
            round(time.monotonic() - started, 1),
            f"generate_data --scale {args.scale:g}: {time.monotonic() - started:.0f} s "
            f"(goal < 600 s at scale 10) — {output.strip().splitlines()[-1]}",
        )

        if not (args.drills_only or args.only_scales):
            _measure_budgets(report, args, budget_env, env)

        import django

        os.environ.update(env)
        django.setup()
        workers = 2 * (os.cpu_count() or 1)
        stack.start_gunicorn(workers)
        report.add("gunicorn_workers", workers)
        if not (args.drills_only or args.only_scales):
            _measure_http(report, stack, args)
        if not (args.drills_only or args.skip_scales):
            scales.measure(report, stack, args, postgres=postgres, redis=redis)
        if not (args.drills_only or args.only_scales):
            _measure_export(report, stack)
            _measure_dispatch(report, stack, args)
        if not args.only_scales:
            peers.measure(report, stack, postgres, redis, args)
        if not (args.no_drills or args.only_scales):
            from . import drills

            report.section("failure drills")
            _session_headers()  # the drills' integration posts as this user
            drills.run(report=report, stack=stack, postgres=postgres, redis=redis, args=args)
    finally:
        if stack is not None:
            stack.stop()
        redis.stop()
        postgres.stop()
        if args.keep:
            print(f"  logs kept in {directory}")
        else:
            shutil.rmtree(directory, ignore_errors=True)
        report.section("done")
        results = ROOT / "var" / "bench" / "results.json"
        results.parent.mkdir(parents=True, exist_ok=True)
        results.write_text(json.dumps(report.figures, indent=2, default=str))
        print(f"  figures written to {results.relative_to(ROOT)}")
        goals.print_table(report.figures)


def _measure_budgets(report: Report, args, budget_env: dict, env: dict) -> None:
    report.section("query budgets")
    counts = {}
    for label, run_env in ((args.budget_scale, budget_env), (args.scale, env)):
        counts[label] = json.loads(_python(run_env, "-m", "bench.query_report"))
    small, large = counts[args.budget_scale], counts[args.scale]
    for name in small:
        flag = "" if small[name] == large.get(name) else "   <-- differs"
        print(f"  {name:<36} {small[name]:>3} {large.get(name, '-'):>3}{flag}")
    report.add("query_counts", counts, f"scale {args.budget_scale:g} vs {args.scale:g}")
    report.add("query_counts_equal", small == large)


def _machine() -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if "model name" in line), "?")
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    memory = next(line.split()[1] for line in meminfo if line.startswith("MemTotal"))
    return {
        "date": datetime.now(UTC).isoformat(timespec="minutes"),
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "ram_gb": round(int(memory) / 1024 / 1024, 1),
        "load_average": os.getloadavg(),
        "load_tool": load.tool(),
    }


def _session_headers(username: str = "bench-cx", role: str = "cx_manager") -> dict[str, str]:
    """The cookie of a signed-in session of a user of `role` (created on first use)."""
    from django.conf import settings
    from django.test import Client

    from core import services
    from core.models import User
    from core.roles import Role

    user, created = User.objects.get_or_create(username=username)
    if created:
        services.user_set_role(user=user, role=Role(role))
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}"}


def _measure_http(report: Report, stack: Stack, args) -> None:
    from django.urls import reverse

    from journeys.models import Journey

    report.section("throughput against the floor (gunicorn)")
    base = stack.gunicorn_url
    headers = _session_headers()
    seconds = args.seconds
    served = 0

    def measure(url: str, extra=None, connections: int = 8) -> load.Load:
        nonlocal served
        status, _headers, body = _fetch(base + url, {**headers, **(extra or {})})
        if status not in (200, 304):
            raise RuntimeError(f"{url} answered {status}: {body[:300]!r}")
        result = load.run(
            base + url,
            headers={**headers, **(extra or {})},
            seconds=seconds,
            connections=connections,
        )
        served += result.requests
        return result

    lists = {}
    for basename in API_LISTS:
        url = reverse(f"api:{basename}-list") + f"?page_size={API_PAGE_ROWS}"
        _status, _headers, body = _fetch(base + url, headers)
        rows = len(json.loads(body)["results"])
        app = measure(url)
        floor = measure(f"/bench/floor/list/{basename}/?limit={rows}")
        lists[basename] = {
            "rows": rows,
            "app_rps": round(app.rate),
            "floor_rps": round(floor.rate),
            "ratio": _ratio(app, floor),
            "errors": app.bad + floor.bad,
        }
        print(
            f"  API {basename:<16} {rows} rows: {app.rate:7.0f} req/s vs floor "
            f"{floor.rate:7.0f} → {_ratio(app, floor):.2f}x (goal ≥ 0.6)"
        )
    report.figures["api_lists"] = lists

    journey = Journey.objects.order_by("pk").first()
    floor_dir = Path(os.environ["BENCH_FLOOR_DIR"])
    maps = {}
    for label, url, name in (
        ("map API", reverse("api:journey-map", args=[journey.pk]), "map.json"),
        ("map page", reverse("journeys:journey_map", args=[journey.pk]), "map.html"),
    ):
        _status, response_headers, body = _fetch(base + url, headers)
        (floor_dir / name).write_bytes(body)
        app = measure(url)
        floor = measure(f"/bench/floor/bytes/{name}/")
        figures = {
            "bytes": len(body),
            "app_rps": round(app.rate),
            "floor_rps": round(floor.rate),
            "ratio": _ratio(app, floor),
        }
        line = (
            f"{label:<9} ({len(body):,} bytes): {app.rate:6.0f} req/s vs pre-rendered "
            f"{floor.rate:6.0f} → {_ratio(app, floor):.2f}x"
        )
        validator = {}
        if "ETag" in response_headers:
            validator = {"If-None-Match": response_headers["ETag"]}
        elif "Last-Modified" in response_headers:
            validator = {"If-Modified-Since": response_headers["Last-Modified"]}
        if validator and _fetch(base + url, {**headers, **validator})[0] == 304:
            conditional = measure(url, validator)
            figures["conditional_rps"] = round(conditional.rate)
            figures["conditional_ratio"] = _ratio(conditional, floor)
            line += (
                f"; 304 {conditional.rate:6.0f} req/s → {_ratio(conditional, floor):.2f}x "
                "(goal ≥ 0.8)"
            )
        else:
            figures["conditional_ratio"] = None
            line += "; no conditional GET (no 304 to a repeat request)"
        maps[label] = figures
        print(f"  {line}")
    report.figures["map"] = maps

    report.section("scores against hand-written SQL (one connection: time per request)")
    timings = {}
    for label, url, floor_url in (
        ("feedback dashboard", reverse("feedback:index"), "/bench/floor/dashboard/"),
        ("scores API (all responses)", reverse("api:scores"), "/bench/floor/scores/"),
    ):
        app = measure(url, connections=1)
        floor = measure(floor_url, connections=1)
        ratio = round(app.latency_ms / floor.latency_ms, 2) if floor.latency_ms else None
        timings[label] = {
            "app_ms": round(app.latency_ms, 1),
            "floor_ms": round(floor.latency_ms, 1),
            "time_ratio": ratio,
        }
        print(
            f"  {label:<27} {app.latency_ms:7.1f} ms vs SQL {floor.latency_ms:7.1f} ms → "
            f"{ratio}x the time (goal ≤ 1.5)"
        )
    report.figures["scores"] = timings

    report.section("memory")
    if served < 10_000:
        # Top up to 10,000 requests with the journey list, in one run long enough.
        url = reverse("api:journey-list")
        probe = measure(url)
        remaining = 10_000 - served
        if remaining > 0:
            served += load.run(
                base + url,
                headers=headers,
                seconds=min(300, remaining / max(probe.rate, 1) + 1),
                connections=8,
            ).requests
    rss = {pid: rss_kb(pid) for pid in stack.gunicorn_workers()}
    largest = max(value["VmRSS"] for value in rss.values()) / 1024
    report.add("requests_served", served)
    report.add(
        "worker_rss_mb",
        round(largest, 1),
        f"largest gunicorn worker RSS after {served:,} requests: {largest:.0f} MB "
        f"(goal < 200 MB); all: "
        + ", ".join(f"{value['VmRSS'] / 1024:.0f}" for value in rss.values()),
    )


def _measure_export(report: Report, stack: Stack) -> None:
    """How much a worker's peak memory grows while it sends the whole register."""
    from django.urls import reverse

    from gdpr.models import DataItem

    headers = _session_headers("bench-dpo", "dpo")
    exports = {}
    for export_format in ("csv", "xlsx"):
        url = reverse("gdpr:article30_export") + f"?format={export_format}&language=en"
        before = {pid: rss_kb(pid)["VmHWM"] for pid in stack.gunicorn_workers()}
        size = 0
        request = urllib.request.Request(stack.gunicorn_url + url, headers=headers)
        started = time.monotonic()
        with urllib.request.urlopen(request, timeout=600) as response:
            while chunk := response.read(65536):
                size += len(chunk)
        seconds = time.monotonic() - started
        after = {pid: rss_kb(pid)["VmHWM"] for pid in stack.gunicorn_workers()}
        growth = max(after[pid] - before.get(pid, after[pid]) for pid in after) / 1024
        exports[export_format] = {
            "bytes": size,
            "seconds": round(seconds, 1),
            "peak_growth_mb": round(growth, 1),
        }
        print(
            f"  Article 30 export ({export_format}, {DataItem.objects.count():,} data items): "
            f"{size / 1e6:.1f} MB in {seconds:.1f} s, worker peak memory +{growth:.0f} MB"
        )
    report.figures["register_export"] = exports


def _measure_dispatch(report: Report, stack: Stack, args) -> None:
    import redis as redis_client

    from bench.fixtures import due_invitations
    from bench.tasks import DONE_KEY
    from config.celery import app

    report.section("survey dispatch through Celery against a no-op task")
    count = max(500, min(5_000, args.drill_invitations // 4))
    worker = stack.start_worker("dispatch", concurrency=2)
    due_invitations(count, "rate")
    already = stack.mail_count()
    started = time.monotonic()
    for _ in range(math.ceil(count / DISPATCH_BATCH) + 2):
        app.send_task(DISPATCH_TASK)
    deadline = started + 600
    while stack.mail_count() - already < count and time.monotonic() < deadline:
        time.sleep(0.05)
    sent = stack.mail_count() - already
    dispatch_rate = sent / (time.monotonic() - started)

    broker = redis_client.Redis.from_url(os.environ["CELERY_BROKER_URL"])
    broker.delete(DONE_KEY)
    started = time.time()
    for _ in range(count):
        app.send_task("bench.tasks.noop_task")
    app.send_task("bench.tasks.noop_done_task")
    while broker.get(DONE_KEY) is None and time.time() < started + 600:
        time.sleep(0.05)
    noop_rate = count / (float(broker.get(DONE_KEY) or time.time()) - started)
    stack.stop_process(worker)
    report.add(
        "dispatch_rate",
        round(dispatch_rate),
        f"{sent:,} of {count:,} invitations e-mailed: {dispatch_rate:.0f}/s",
    )
    report.add("noop_rate", round(noop_rate), f"no-op tasks: {noop_rate:.0f}/s")
    report.add(
        "dispatch_ratio",
        round(dispatch_rate / noop_rate, 2),
        f"ratio {dispatch_rate / noop_rate:.2f}x (goal ≥ 0.5)",
    )


if __name__ == "__main__":
    main()
