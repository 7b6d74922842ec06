"""Goals 5 and 6 of issue 20: what a request costs at the small scale (parcours_budget,
`--budget-scale`) against the big one (parcours, `--scale`), both served in the same run.

A second gunicorn, with the same settings and as many workers as the first, serves the small
database with its own Redis cache database, so that cached permissions and figures of one
organisation never answer for the other.
- Flat cost (goal 5): every URL `bench/budgets.py` counts the queries of but the exports,
  requested `--scale-requests` times at each scale one by one, alternating small and big
  request by request (and which goes first), so drift in the machine's load falls on both;
  the median times and their ratio, goal ≤ 1.3x. A URL slow enough to take a minute stops
  there, after 6 requests at each scale at least.
- Big lists (goal 6): pages per second (wrk) of the invitation and response API lists (page
  1, page 50 and the page reached by following `next` 49 times) and of the invitation and
  verbatim pages (page 1 and page 50), small, big, small, big; the median of each scale,
  goal ≥ 100 pages/s at the big scale and big/small ≥ 0.77 (1 / 1.3).

`python -m bench.scales` prints, for the database DATABASE_URL names, those URLs and the
cookie of a signed-in superuser's session as JSON: each database has its own primary keys
and its own sessions.
"""

import http.client
import json
import statistics
import subprocess
import sys
import time
import urllib.parse

from . import load
from .servers import ROOT, Stack

FLAT_COST_GOAL = 1.3
PAGES_PER_SECOND_GOAL = 100
BIG_LIST_RATIO_GOAL = round(1 / FLAT_COST_GOAL, 2)
# Exports stream a whole table: their time grows with the data by design.
EXPORTS = ("export", "feedback:verbatim_report")
API_BIG_LISTS = {"invitations API": "api:invitation-list", "responses API": "api:response-list"}
PAGE_BIG_LISTS = {"invitations HTML": "feedback:invitation_list"}
PAGE_BIG_LISTS["verbatims HTML"] = "feedback:verbatim_list"
API_PAGE_SIZE = 100
DEEP_PAGE = 50
PAGE_BIG_LABELS = {f"{label} page {page}" for label in PAGE_BIG_LISTS for page in (1, DEEP_PAGE)}
# A URL that takes seconds a request stops after this long (but not before 6 requests each).
URL_BUDGET_MS = 60_000
MINIMUM_REQUESTS = 6


def add_arguments(parser) -> None:
    parser.add_argument(
        "--skip-scales", action="store_true", help="skip goals 5 and 6 (small against big scale)"
    )
    parser.add_argument(
        "--only-scales",
        action="store_true",
        help="generate the data, then measure only goals 5 and 6",
    )
    parser.add_argument(
        "--scale-requests", type=int, default=10, help="requests per URL and scale (default 10)"
    )


def measure(report, stack: Stack, args, *, postgres, redis) -> None:
    small_env = {
        **stack.env,
        "DATABASE_URL": postgres.url("parcours_budget"),
        "CACHE_URL": redis.url(2),
    }
    directory = stack.directory / "small-scale"
    directory.mkdir(exist_ok=True)
    small_stack = Stack(directory, small_env)
    try:
        small_stack.start_gunicorn(len(stack.gunicorn_workers()))
        small = Scale(args.budget_scale, small_stack.gunicorn_url, _targets(small_env))
        big = Scale(args.scale, stack.gunicorn_url, _targets(stack.env))
        report.section(f"cost at scale {small.scale:g} against {big.scale:g} (goal 5)")
        _flat_cost(report, small, big, args.scale_requests)
        report.section(f"big lists at scale {small.scale:g} and {big.scale:g} (goal 6)")
        _big_lists(report, small, big, seconds=max(2.0, args.seconds / 2))
    finally:
        small_stack.stop()


def _targets(env: dict) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "bench.scales"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        sys.stderr.write(done.stderr[-3000:])
        raise RuntimeError("python -m bench.scales failed")
    return json.loads(done.stdout)


class Scale:
    """One organisation's server: its URLs and a signed-in session."""

    def __init__(self, scale: float, base: str, targets: dict):
        self.scale = scale
        self.base = base
        self.urls: dict[str, str] = targets["urls"]
        self.headers = {"Cookie": targets["cookie"]}
        parts = urllib.parse.urlsplit(base)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)

    def get(self, path: str) -> tuple[int, bytes, float]:
        """Status, body and milliseconds of one GET."""
        try:
            return self._get(path)
        except (OSError, http.client.HTTPException):
            self.connection.close()  # a kept connection the server had closed: once more
            return self._get(path)

    def _get(self, path: str) -> tuple[int, bytes, float]:
        if self.connection.sock is None:
            self.connection.connect()  # outside the time: sync workers close each connection
        started = time.perf_counter()
        self.connection.request("GET", path, headers=self.headers)
        response = self.connection.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        if response.will_close:
            self.connection.close()
        return response.status, body, elapsed


def _flat_cost(report, small: Scale, big: Scale, requests: int) -> None:
    results, skipped = {}, {}
    print(f"  {'URL':<38} {'small ms':>9} {'big ms':>9} {'ratio':>7}")
    for name in small.urls:
        if name not in big.urls or any(word in name for word in EXPORTS):
            continue
        paths = {small: small.urls[name], big: big.urls[name]}
        # The first request fills the caches (permissions, cached figures), as budgets.py's.
        statuses = {scale.get(path)[0] for scale, path in paths.items()}
        if statuses != {200}:
            skipped[name] = sorted(statuses)  # 405: an action that only accepts POST
            continue
        times = {small: [], big: []}
        for number in range(requests):
            for scale in (small, big) if number % 2 == 0 else (big, small):
                status, _body, elapsed = scale.get(paths[scale])
                if status != 200:
                    raise RuntimeError(f"{name} {paths[scale]} answered {status}")
                times[scale].append(elapsed)
            if number + 1 >= MINIMUM_REQUESTS and sum(times[small] + times[big]) > URL_BUDGET_MS:
                break
        small_ms, big_ms = statistics.median(times[small]), statistics.median(times[big])
        ratio = round(big_ms / small_ms, 2)
        results[name] = {
            "small_url": paths[small],
            "big_url": paths[big],
            "small_ms": round(small_ms, 1),
            "big_ms": round(big_ms, 1),
            "ratio": ratio,
            "requests": len(times[big]),
        }
        mark = "✔" if ratio <= FLAT_COST_GOAL else "✘"
        fewer = f" ({len(times[big])} requests)" if len(times[big]) < requests else ""
        print(f"  {name:<38} {small_ms:9.1f} {big_ms:9.1f} {ratio:6.2f}x {mark}{fewer}", flush=True)
    if skipped:
        listed = ", ".join(f"{name} {statuses}" for name, statuses in skipped.items())
        print(f"  skipped, not answering 200 to a GET: {listed}")
    failures = sorted(
        (name for name, figures in results.items() if figures["ratio"] > FLAT_COST_GOAL),
        key=lambda name: -results[name]["ratio"],
    )
    worst = max(results, key=lambda name: results[name]["ratio"], default=None)
    report.figures["scales"] = {
        "small_scale": small.scale,
        "big_scale": big.scale,
        "requests": requests,
        "urls": results,
        "skipped": skipped,
        "failures": failures,
        "worst": {"name": worst, "ratio": results[worst]["ratio"]} if worst else None,
    }
    print(
        f"  {len(results) - len(failures)} of {len(results)} URLs within "
        f"{FLAT_COST_GOAL}x; over it, worst first:"
    )
    for name in failures:
        figures = results[name]
        print(
            f"    {figures['ratio']:6.2f}x {name:<38} {figures['small_ms']:.1f} → "
            f"{figures['big_ms']:.1f} ms  {figures['big_url']}"
        )


def _big_lists(report, small: Scale, big: Scale, seconds: float) -> None:
    targets = []
    for label, name in API_BIG_LISTS.items():
        first = {scale: f"{scale.urls[name]}?page_size={API_PAGE_SIZE}" for scale in (small, big)}
        targets.append((f"{label} page 1", first))
        targets.append(
            (f"{label} page {DEEP_PAGE}", {s: f"{p}&page={DEEP_PAGE}" for s, p in first.items()})
        )
        followed = {
            scale: _follow_next(scale, path, DEEP_PAGE - 1) for scale, path in first.items()
        }
        if all(followed.values()):
            targets.append((f"{label} next x{DEEP_PAGE - 1}", followed))
    for label, name in PAGE_BIG_LISTS.items():
        first = {scale: scale.urls[name] for scale in (small, big)}
        targets.append((f"{label} page 1", first))
        targets.append(
            (f"{label} page {DEEP_PAGE}", {s: f"{p}?page={DEEP_PAGE}" for s, p in first.items()})
        )

    results = {}
    for label, paths in targets:
        statuses = {scale.get(path)[0] for scale, path in paths.items()}
        if statuses != {200}:
            results[label] = {"statuses": sorted(statuses)}
            print(f"  {label:<32} answered {sorted(statuses)}: not measured")
            continue
        rates = {small: [], big: []}
        bad = 0
        for _round in range(2):
            for scale in (small, big):
                run = load.run(
                    scale.base + paths[scale],
                    headers=scale.headers,
                    seconds=seconds,
                    connections=8,
                )
                rates[scale].append(run.rate)
                bad += run.bad
        small_rate, big_rate = statistics.median(rates[small]), statistics.median(rates[big])
        ratio = round(big_rate / small_rate, 2) if small_rate else 0.0
        # The 100 pages/s is for the API lists; the pages must stay flat.
        fast_enough = big_rate >= PAGES_PER_SECOND_GOAL or label in PAGE_BIG_LABELS
        met = fast_enough and ratio >= BIG_LIST_RATIO_GOAL
        results[label] = {
            "small_url": paths[small],
            "big_url": paths[big],
            "small_pages_per_second": round(small_rate, 1),
            "big_pages_per_second": round(big_rate, 1),
            "ratio": ratio,
            "errors": bad,
        }
        print(
            f"  {label:<32} {small_rate:7.1f} vs {big_rate:7.1f} pages/s → {ratio:.2f}x "
            f"{'✔' if met else '✘'}{f'  ({bad} errors)' if bad else ''}",
            flush=True,
        )
    report.figures["big_lists"] = results
    print(
        f"  goal: ≥ {PAGES_PER_SECOND_GOAL} pages/s at scale {big.scale:g} (the API lists) and "
        f"≥ {BIG_LIST_RATIO_GOAL}x the pages/s at scale {small.scale:g} (every list)"
    )


def _follow_next(scale: Scale, path: str, times: int) -> str | None:
    """The path reached by following the `next` link `times` times (None if it ends)."""
    for _ in range(times):
        status, body, _elapsed = scale.get(path)
        following = json.loads(body).get("next") if status == 200 else None
        if not following:
            return None
        parts = urllib.parse.urlsplit(following)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
    return path


def main() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from bench.budgets import budget_user, urls

    client = Client()
    client.force_login(budget_user())
    found = urls()
    for name in [*API_BIG_LISTS.values(), *PAGE_BIG_LISTS.values()]:
        found.setdefault(name, reverse(name))
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    print(json.dumps({"urls": found, "cookie": cookie}))


if __name__ == "__main__":
    main()
