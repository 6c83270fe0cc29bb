import pytest
from django.core.cache import cache

from quizzes.questions.selectors import forget_question_versions
from tests.factories import StaffFactory, StudentFactory, TeacherFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashers are slow on purpose; tests only need passwords to round-trip."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_version_cache():
    """Rolled-back tests reuse primary keys; a cached version must not outlive its test."""
    forget_question_versions()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Report figures are cached under keys made of ids and times (reports.caching); rolled-back
    tests reuse primary keys, so nothing cached may outlive its test."""
    cache.clear()


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Background tasks run in the request that queues them (the worker's path is tested
    in tests/documents/test_tasks.py)."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def student(db):
    return StudentFactory()


@pytest.fixture
def other_student(db):
    return StudentFactory()


@pytest.fixture
def teacher(db):
    return TeacherFactory()


@pytest.fixture
def other_teacher(db):
    return TeacherFactory()


@pytest.fixture
def staff(db):
    return StaffFactory()


@pytest.fixture
def as_user(client):
    """Log the test client in as a user (or out, with None) and return it."""

    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login


HTMX = {"HTTP_HX_REQUEST": "true"}
