"""docker-compose.yml cannot run here: check that it describes a runnable production stack."""

import importlib
import shlex
from pathlib import Path

import pytest
import yaml

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
    assert environment["CELERY_BROKER_URL"].startswith("redis://redis:6379")
    assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")
    assert SERVICES[name]["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_the_dockerfile_builds_the_image_the_services_use():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "collectstatic" in dockerfile
    assert "compilemessages" in dockerfile or "locale" in dockerfile
    for name in ("web", "worker", "beat"):
        assert SERVICES[name]["build"] == "." or SERVICES[name]["image"] == "parcours"
