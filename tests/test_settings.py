"""Settings as the environment sets them: production checks, embedded defaults, headers."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "p" * 20 + "-production-secret-of-more-than-fifty-characters-!",
    "ALLOWED_HOSTS": "parcours.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://parcours.example.com",
    "DATABASE_URL": "postgres://parcours:secret@db.example.com:5432/parcours",
    "CELERY_BROKER_URL": "redis://redis.example.com:6379/0",
    "CACHE_URL": "redis://redis.example.com:6379/1",
    "EMAIL_URL": "smtp+tls://parcours:secret@smtp.example.com:587",
}


def _manage(*args, env):
    base = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_has_no_warnings_with_production_values():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off." in result.stderr


def test_development_defaults_are_embedded_and_not_eager(tmp_path):
    code = (
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_BROKER_URL, "
        "getattr(s, 'CELERY_TASK_ALWAYS_EAGER', False), s.MAILERS['default']['BACKEND'])"
    )
    result = _manage("shell", "--no-imports", "-c", code, env={"DEBUG": "true"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "filesystem://",
        "False",
        "django.core.mail.backends.console.EmailBackend",
    ]


def test_the_embedded_default_migrates_and_loads_the_demo(tmp_path):
    """`make run`'s database is SQLite: every migration must apply there too (an index
    with NULLS LAST, fine on PostgreSQL, once broke it)."""
    env = {
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'run.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    migrated = _manage("migrate", "--no-input", "-v0", env=env)
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr

    loaded = _manage("load_demo", env=env)
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    assert "claire" in loaded.stdout


def test_database_connections_are_health_checked():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0


def test_celery_acknowledges_late_and_requeues_on_worker_loss():
    from config.celery import app

    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.task_always_eager is False
    app.loader.import_default_modules()
    assert "core.tasks.worker_ping_task" in app.tasks


@pytest.mark.django_db
def test_security_headers_and_a_strict_csp(client):
    response = client.get(reverse("login"))

    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_no_template_loads_anything_from_another_origin():
    offenders = [
        str(path.relative_to(ROOT))
        for path in ROOT.glob("**/templates/**/*.html")
        # Virtualenvs: ours and the bench peers' (var/bench/peers), not Parcours' templates.
        if not {".venv", "var"} & set(path.relative_to(ROOT).parts)
        and any(marker in path.read_text() for marker in ('src="http', 'href="http', "//cdn"))
    ]
    assert offenders == []


@pytest.mark.django_db
def test_static_assets_are_served_by_parcours(client, viewer):
    client.force_login(viewer)
    page = client.get(reverse("core:dashboard")).content.decode()
    for asset in ("vendor/htmx", "vendor/pico", "css/app", "js/app"):
        assert f"/static/{asset}" in page
