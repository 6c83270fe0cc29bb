"""Settings come from the environment; production refuses an unsafe set-up."""

import os
import shutil
import stat
import subprocess
import sys

import pytest
from django.conf import settings

from quizsite.secret_key import development_secret_key

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


PRODUCTION = {  # docs/deploy.md's production values
    "DEBUG": "0",
    "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
    "ALLOWED_HOSTS": "quiz.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://quiz.example.org",
    "DATABASE_URL": "postgres://user:pass@db:5432/quizsite",
    "CONN_MAX_AGE": "60",
    "REDIS_URL": "redis://cache:6379/0",
    "TRUSTED_PROXY_COUNT": "1",
}


@pytest.mark.parametrize(
    "env",
    [PRODUCTION, {k: PRODUCTION[k] for k in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS")}],
    ids=["production", "minimal"],
)
def test_production_settings_pass_the_deploy_check_silently(env):
    """No warning at all: not the secret key's, HTTPS's, the CSP nonce's or axes'."""
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert result.stderr == ""


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
        "django.core.cache.backends.redis.RedisCache",
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


def test_the_development_key_is_made_once_and_then_reused(tmp_path):
    path = tmp_path / ".secret_key"
    key = development_secret_key(path)
    assert len(key) >= 50 and len(set(key)) >= 5  # what check --deploy asks of a key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert development_secret_key(path) == key
    assert path.read_text().strip() == key
    assert development_secret_key(tmp_path / "another-checkout") != key
    assert [p.name for p in tmp_path.iterdir()] == sorted([".secret_key", "another-checkout"])


def test_processes_starting_together_agree_on_one_key(tmp_path):
    path = tmp_path / ".secret_key"
    code = (
        "import sys; from pathlib import Path; "
        "from quizsite.secret_key import development_secret_key as k; "
        "print(k(Path(sys.argv[1])))"
    )
    starts = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(path)], cwd=PROJECT, stdout=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    keys = {start.communicate(timeout=60)[0].strip() for start in starts}
    assert keys == {path.read_text().strip()}


def test_development_uses_the_checkout_key_file_and_no_key_is_in_the_code():
    """DEBUG=1 without SECRET_KEY (make run, make test): the key is the checkout's own file,
    the same in every process."""
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    (key,) = {run_manage("shell", "-v0", "-c", code, DEBUG="1").stdout.strip() for _ in range(2)}
    assert key == (PROJECT / ".secret_key").read_text().strip()
    for source in (PROJECT / "quizsite").glob("*.py"):
        text = source.read_text()
        assert key not in text and "django-insecure" not in text


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_key_file_is_ignored_by_git():
    result = subprocess.run(
        ["git", "check-ignore", "--quiet", ".secret_key"], cwd=PROJECT, capture_output=True
    )
    if result.returncode == 128:
        pytest.skip("not a git checkout")
    assert result.returncode == 0, ".secret_key must be listed in .gitignore"
