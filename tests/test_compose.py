"""docker-compose.yml cannot run here: check that it describes a runnable production stack."""

import importlib
import re
import shlex
from pathlib import Path

import pytest
import yaml
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def test_the_stack_has_its_five_services():
    assert set(SERVICES) == {"web", "worker", "beat", "postgres", "redis"}


@pytest.mark.parametrize("name", ["web", "worker", "beat", "postgres", "redis"])
def test_each_service_restarts_and_has_a_health_check(name):
    service = SERVICES[name]
    assert service["restart"] == "unless-stopped"
    assert service["healthcheck"]["test"]


def test_web_runs_gunicorn_on_the_wsgi_application():
    command = shlex.split(SERVICES["web"]["command"])
    assert command[0] == "gunicorn"
    module, attribute = command[1].split(":")
    assert callable(getattr(importlib.import_module(module), attribute))


@pytest.mark.parametrize(("name", "subcommand"), [("worker", "worker"), ("beat", "beat")])
def test_celery_services_point_to_the_celery_app(name, subcommand):
    command = shlex.split(SERVICES[name]["command"])
    assert command[:2] == ["celery", "-A"]
    assert command[3] == subcommand
    app = importlib.import_module(command[2]).celery_app
    assert app.main == "parcours"


def test_redis_persists_queued_work_and_postgres_keeps_its_data():
    assert "--appendonly yes" in SERVICES["redis"]["command"]
    assert any(volume.endswith(":/data") for volume in SERVICES["redis"]["volumes"])
    assert any("/var/lib/postgresql" in volume for volume in SERVICES["postgres"]["volumes"])
    assert set(COMPOSE["volumes"]) >= {"postgres-data", "redis-data"}


@pytest.mark.parametrize("name", ["web", "worker", "beat"])
def test_app_services_get_production_settings_from_the_environment(name):
    environment = SERVICES[name]["environment"]
    assert environment["DEBUG"] == "false"
    assert environment["DATABASE_URL"].startswith("postgres://")
    assert environment["CELERY_BROKER_URL"].startswith("redis://")
    assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")
    assert SERVICES[name]["depends_on"]["postgres"]["condition"] == "service_healthy"


def _dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) for each instruction, continuation lines joined, comments
    left out."""
    logical = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    return [
        (line.split(maxsplit=1)[0].upper(), " ".join(line.split()[1:]))
        for line in (raw.strip() for raw in logical.splitlines())
        if line and not line.startswith("#")
    ]


def _dockerignore_regex(pattern: str) -> re.Pattern:
    """Docker's matching: `*` and `?` stay within one path segment, `**` spans any."""
    parts = re.split(r"(\*\*/?|\*|\?)", pattern.strip("/"))
    wildcards = {"**/": "(.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}
    return re.compile("".join(wildcards.get(part, re.escape(part)) for part in parts))


def _dockerignored(path: str, ignore_file: str = ".dockerignore") -> bool:
    """Whether .dockerignore leaves `path`, or a folder above it, out of the build context.
    Exceptions (`!pattern`) are not used, so they are not supported here. The plain names of
    .gitignore match the same way at the top of the repository."""
    patterns = [
        line.strip()
        for line in (ROOT / ignore_file).read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert not any(pattern.startswith("!") for pattern in patterns)
    parts = path.split("/")
    prefixes = ["/".join(parts[: end + 1]) for end in range(len(parts))]
    return any(
        _dockerignore_regex(pattern).fullmatch(prefix)
        for pattern in patterns
        for prefix in prefixes
    )


def test_the_dockerfile_builds_the_image_the_services_use():
    instructions = _dockerfile_instructions()
    runs = [arguments for instruction, arguments in instructions if instruction == "RUN"]
    assert any("manage.py collectstatic --no-input" in run for run in runs)
    for name in ("web", "worker", "beat"):
        assert SERVICES[name]["build"] == "." or SERVICES[name]["image"] == "parcours"


def test_the_image_ships_the_compiled_translations():
    """The image runs no compilemessages (gettext is not installed in it): the compiled .mo
    catalogues of the repository must reach /app/locale, where LOCALE_PATHS looks."""
    instructions = _dockerfile_instructions()
    assert ("WORKDIR", "/app") in instructions
    assert ("COPY", ". .") in instructions
    assert settings.LOCALE_PATHS == [ROOT / "locale"]
    catalogues = sorted((ROOT / "locale").glob("*/LC_MESSAGES/django.mo"))
    assert [path.relative_to(ROOT).as_posix() for path in catalogues] == [
        "locale/fr/LC_MESSAGES/django.mo"
    ]
    assert [path for path in catalogues if _dockerignored(path.relative_to(ROOT).as_posix())] == []


@pytest.mark.parametrize("ignore_file", [".dockerignore", ".gitignore"])
@pytest.mark.parametrize("path", [".env", ".env.production"])
def test_secrets_in_env_files_reach_neither_the_image_nor_git(ignore_file, path):
    """The README says to put the secrets in .env: it must never be baked into the image (COPY
    . .) nor committed."""
    assert _dockerignored(path, ignore_file) is True
    assert _dockerignored("README.md", ignore_file) is False


def test_redis_requires_the_password_from_the_environment():
    """The cache unpickles what it reads: nobody without the password may write to Redis."""
    redis = SERVICES["redis"]
    command = shlex.split(redis["command"])
    assert command[:2] == ["sh", "-c"]
    server = shlex.split(command[2])
    assert server[:2] == ["exec", "redis-server"]
    # `$$` is compose's escape: the shell in the container expands it, so the password
    # appears in no command line that `docker inspect` shows.
    assert server[server.index("--requirepass") + 1] == "$$REDIS_PASSWORD"
    assert redis["environment"]["REDIS_PASSWORD"] == "${REDIS_PASSWORD:?set REDIS_PASSWORD}"
    # redis-cli reads REDISCLI_AUTH: the health check authenticates without a visible password.
    assert redis["environment"]["REDISCLI_AUTH"] == "${REDIS_PASSWORD:?set REDIS_PASSWORD}"
    assert redis["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]


@pytest.mark.parametrize("name", ["web", "worker", "beat"])
def test_every_redis_url_carries_the_password(name):
    environment = SERVICES[name]["environment"]
    urls = {key: value for key, value in environment.items() if "redis://" in str(value)}
    assert urls == {
        "CELERY_BROKER_URL": "redis://:${REDIS_PASSWORD:?set REDIS_PASSWORD}@redis:6379/0",
        "CACHE_URL": "redis://:${REDIS_PASSWORD:?set REDIS_PASSWORD}@redis:6379/1",
    }


@pytest.mark.parametrize("name", ["web", "worker"])
def test_uploads_live_on_a_volume_shared_by_web_and_worker(name):
    """The organisation's logo is written by the web and read wherever e-mails are built: on
    a named volume at MEDIA_ROOT, so it survives a new image and is the same for both."""
    service = SERVICES[name]
    assert service["environment"]["MEDIA_ROOT"] == "/app/media"
    assert "media:/app/media" in service["volumes"]
    assert "media" in COMPOSE["volumes"]


def test_the_image_creates_the_uploads_mount_point_for_the_app_user():
    """A new named volume takes the owner of the folder it is mounted on: the image creates
    /app/media before handing /app to the unprivileged user."""
    runs = [
        arguments for instruction, arguments in _dockerfile_instructions() if instruction == "RUN"
    ]
    assert any("mkdir -p /app/media" in run and "chown -R parcours /app" in run for run in runs)
    assert ("USER", "parcours") in _dockerfile_instructions()
    assert _dockerignored("media") is True
