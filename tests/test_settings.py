"""Settings come from the environment; production refuses an unsafe set-up."""

import os
import subprocess
import sys

from django.conf import settings

PROJECT = settings.BASE_DIR


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="a-long-random-production-secret-" + "x" * 40,
        ALLOWED_HOSTS="quiz.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    """`code` in a fresh interpreter with the project's settings and `env`."""
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "quizsite.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_database_and_cache_come_from_the_environment():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'])"
    )
    result = run_python(
        code,
        DEBUG="1",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/x",
        REDIS_URL="redis://127.0.0.1:6379/1",
    )
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "quizsite.cache.RedisCache",
    ]


def test_postgresql_options_from_the_url_are_kept_beside_the_prepared_write_settings():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "o = s.DATABASES['default']['OPTIONS']; "
        "print(o['sslmode'], o['prepare_threshold'], o['options'])"
    )
    result = run_python(
        code,
        DEBUG="1",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/x?sslmode=prefer&options=-c%20work_mem%3D8MB",
    )
    assert result.returncode == 0, result.stderr
    sslmode, threshold, options = result.stdout.strip().split(" ", 2)
    assert (sslmode, threshold) == ("prefer", "0")
    assert options.split() == ["-c", "work_mem=8MB", "-c", "plan_cache_mode=force_generic_plan"]


def test_dates_read_the_british_way_without_the_translation_machinery():
    """USE_I18N is off: the app has no translations, and without them every reverse(),
    number and date skips a lookup of the request's language. LANGUAGE_CODE still picks
    the formats people read (the class roster's "joined" date, for one)."""
    from datetime import UTC, datetime

    from django.template import Context, Template

    joined = datetime(2026, 11, 23, 9, 5, tzinfo=UTC)
    assert not settings.USE_I18N
    assert Template("{{ joined|date }}").render(Context({"joined": joined})) == "23 November 2026"


def test_a_worker_loads_its_views_and_templates_before_the_first_request():
    """quizsite.wsgi loads the view modules and compiles every project template at start-up
    (a broken template stops the worker there, not in a student's request), then freezes
    them out of the garbage collector's passes (bench/gc_pauses.py)."""
    code = (
        "import gc, sys; from quizsite.wsgi import application; "
        "from django.template import engines; "
        "loader = engines['django'].engine.template_loaders[0]; "
        "print('quizzes.attempts.views' in sys.modules, "
        "'attempts/play.html' in loader.get_template_cache, gc.get_freeze_count() > 0)"
    )
    result = run_python(code, DEBUG="0", SECRET_KEY="x" * 50, ALLOWED_HOSTS="quiz.example.org")
    assert result.stdout.split() == ["True", "True", "True"], result.stderr
