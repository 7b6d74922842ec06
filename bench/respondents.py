"""Survey respondents over HTTP: each GETs the form, POSTs the answer with the CSRF token and
cookie of the GET, and follows any redirect to the thanks page; a new visitor (no cookies)
for every answer."""

import re
import threading
import time
import urllib.parse
from collections.abc import Callable
from http.client import HTTPConnection


def _answer_once(connection: HTTPConnection, path: str, fields: dict[str, str]) -> bool:
    cookies: dict[str, str] = {}

    def request(method: str, target: str, body: str | None = None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, target, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            cookies[name.strip()] = rest.split(";", 1)[0]
        return response, content

    response, page = request("GET", path)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if response.status != 200 or token is None:
        return False
    body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token[1].decode()})
    response, _content = request("POST", path, body)
    while response.status in (301, 302, 303):
        response, _content = request("GET", response.headers["Location"])
    return response.status == 200


def answers_per_second(
    url: str, paths: Callable[[], str | None], fields: dict, seconds: float, connections: int
) -> float:
    """Answers per second of `connections` respondents in a row, each on a kept-alive connection;
    failed answers are counted and fail the run."""
    parts = urllib.parse.urlsplit(url)
    deadline = time.monotonic() + seconds
    counts = {"answers": 0, "failed": 0}
    lock = threading.Lock()

    def respondent():
        connection = HTTPConnection(parts.hostname, parts.port, timeout=30)
        while time.monotonic() < deadline and (path := paths()) is not None:
            answered = _answer_once(connection, path, fields)
            with lock:
                counts["answers" if answered else "failed"] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=respondent) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if counts["failed"]:
        raise RuntimeError(f"{counts['failed']} survey answers failed on {url}")
    return counts["answers"] / (time.monotonic() - started)
