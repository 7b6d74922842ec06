"""The processes a benchmark run owns: a throw-away PostgreSQL cluster and Redis server (as
`scripts/test` starts them), gunicorn, Celery workers and an SMTP sink. Everything is
started on loopback, on free ports, and stopped by `Stack.stop`."""

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _pg_bindir() -> Path:
    for directory in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.access(f"{directory}/initdb", os.X_OK):
            return Path(directory)
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise SystemExit("PostgreSQL is not installed (apt-get install postgresql)")


def _wait(check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if check():
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start in {timeout:.0f} s")
        time.sleep(0.1)


class PostgreSQL:
    def __init__(self, directory: Path):
        self.directory = directory
        self.port = free_port()
        self.bindir = _pg_bindir()
        # PostgreSQL refuses to run as root: as root, the cluster belongs to 'postgres'.
        self.as_pg = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []

    def url(self, database: str) -> str:
        return f"postgres://parcours@127.0.0.1:{self.port}/{database}"

    def init(self) -> None:
        if self.as_pg:
            subprocess.run(["chown", "postgres", str(self.directory)], check=True)
        subprocess.run(
            [*self.as_pg, str(self.bindir / "initdb"), "-D", str(self.directory / "pg"),
             "-U", "parcours", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        with open(self.directory / "pg" / "postgresql.conf", "a") as conf:
            conf.write(
                f"listen_addresses = '127.0.0.1'\nport = {self.port}\n"
                f"unix_socket_directories = '{self.directory}'\nmax_connections = 200\n"
                "shared_buffers = 512MB\nwork_mem = 16MB\nmaintenance_work_mem = 256MB\n"
                "max_wal_size = 4GB\nrandom_page_cost = 1.1\n"
            )
        self.ctl("start")

    def ctl(self, action: str) -> None:
        subprocess.run(
            [*self.as_pg, str(self.bindir / "pg_ctl"), "-D", str(self.directory / "pg"),
             "-l", str(self.directory / "pg.log"), "-w", "-t", "60", "-m", "fast", action],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip

    def create_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user="parcours", dbname="postgres", autocommit=True
        ) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')

    def stop(self) -> None:
        subprocess.run(
            [*self.as_pg, str(self.bindir / "pg_ctl"), "-D", str(self.directory / "pg"),
             "-m", "immediate", "stop"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip


class Redis:
    """Append-only persistence, as docker-compose.yml runs it in production."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.port = free_port()
        self.process = None

    def url(self, database: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
             "--appendonly", "yes", "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip

        def ping():
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")

        _wait(ping, 10, "redis-server")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)


class Stack:
    """PostgreSQL, Redis and the application's processes of one benchmark run."""

    def __init__(self, directory: Path, env: dict[str, str]):
        self.directory = directory
        self.env = env
        self.processes: list[subprocess.Popen] = []
        self.gunicorn = None
        self.gunicorn_url = ""
        self.smtp_port = 0
        self.mail_log = directory / "mail.log"

    def spawn(self, args: list[str], log: str, **env) -> subprocess.Popen:
        process = subprocess.Popen(
            args,
            cwd=ROOT,
            env={**self.env, **env},
            stdout=open(self.directory / log, "a"),  # noqa: SIM115 (the process keeps it)
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append(process)
        return process

    def start_smtp_sink(self) -> None:
        self.smtp_port = free_port()
        self.spawn(
            [sys.executable, "-m", "bench.smtp_sink", str(self.smtp_port), str(self.mail_log)],
            "smtp.log",
        )
        _wait(
            lambda: (
                socket.create_connection(("127.0.0.1", self.smtp_port), timeout=1).close() is None
            ),
            10,
            "the SMTP sink",
        )

    def mail_count(self) -> int:
        if not self.mail_log.exists():
            return 0
        with open(self.mail_log, "rb") as log:
            return sum(1 for _ in log)

    def start_gunicorn(self, workers: int) -> None:
        port = free_port()
        self.gunicorn = self.spawn(
            [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--workers",
             str(workers), "--bind", f"127.0.0.1:{port}", "--graceful-timeout", "5",
             "--timeout", "120"],
            "gunicorn.log",
        )  # fmt: skip
        self.gunicorn_url = f"http://127.0.0.1:{port}"
        _wait(
            lambda: (
                urllib.request.urlopen(f"{self.gunicorn_url}/healthz", timeout=2).status
                in (200, 503)
            ),
            60,
            "gunicorn",
        )

    def gunicorn_workers(self) -> list[int]:
        children = Path(f"/proc/{self.gunicorn.pid}/task/{self.gunicorn.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def start_worker(self, name: str, concurrency: int = 2) -> subprocess.Popen:
        process = self.spawn(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel=INFO",
             f"--concurrency={concurrency}", "--without-gossip", "--without-mingle",
             "-n", f"{name}@%h"],
            f"worker-{name}.log",
        )  # fmt: skip
        log = self.directory / f"worker-{name}.log"
        _wait(lambda: " ready." in log.read_text(), 60, f"celery worker {name}")
        return process

    def stop_process(self, process: subprocess.Popen) -> None:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)

    def stop(self) -> None:
        for process in reversed(self.processes):
            with contextlib.suppress(ProcessLookupError, subprocess.TimeoutExpired):
                self.stop_process(process)


def rss_kb(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak) of a process, in kB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0])
    return fields
