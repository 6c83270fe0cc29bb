"""Throttling of sign-in (django-axes, the site's and the admin's login) and of sign-up
(quizzes/accounts/throttle.py). Limits are the real settings: 5 failures, 15 minutes."""

import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from quizzes.accounts.models import User
from quizzes.accounts.throttle import RateLimit, client_address
from quizzes.accounts.views import SIGNUPS

pytestmark = pytest.mark.django_db

PASSWORD = "pass-word-123"  # the factories' password
LIMIT = settings.AXES_FAILURE_LIMIT
LOCKED = "Too many failed sign-ins for this username from your network"


def sign_in(client, username, password, *, address="127.0.0.1", url=None, **extra):
    return client.post(
        url or reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **extra,
    )


def signed_in(client) -> bool:
    return SESSION_KEY in client.session


def lock(client, username, *, address="127.0.0.1", url=None):
    """Fail until locked; the last failure is already answered with the locked page."""
    for _ in range(LIMIT - 1):
        response = sign_in(client, username, "wrong", address=address, url=url)
        assert response.status_code == 200 and LOCKED not in response.text
    return sign_in(client, username, "wrong", address=address, url=url)


def cool_off_passes():
    """Time moves past the cool-off: the failures are now that much older."""
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time
        - settings.AXES_COOLOFF_TIME
        - timedelta(seconds=1)
    )


def test_the_settings_are_those_documented():
    assert LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_wrong_passwords_lock_and_the_right_one_is_then_refused_with_a_message(client, student):
    response = lock(client, student.username)
    assert response.status_code == 429
    assert response["Retry-After"] == str(15 * 60)
    assert LOCKED in response.text and "Try again in 15 minutes" in response.text
    # The sign-in page itself, the message where its errors go, not axes' bare text.
    assert '<div class="error" role="alert">' in response.text
    assert 'name="password"' in response.text
    assert "Please enter a correct username" not in response.text

    response = sign_in(client, student.username, PASSWORD)
    assert response.status_code == 429 and LOCKED in response.text
    assert not signed_in(client)


def test_after_the_cool_off_the_right_password_works(client, student):
    lock(client, student.username)
    cool_off_passes()
    response = sign_in(client, student.username, PASSWORD)
    assert response.status_code == 302 and signed_in(client)
    assert not AccessAttempt.objects.exists()  # a success clears the failures


def test_tries_while_locked_are_refused_without_being_counted(client, student):
    """No write per refused try: the lock ends 15 minutes after the last counted failure
    however long someone keeps trying, and its row does not grow."""
    lock(client, student.username)
    before = AccessAttempt.objects.values().get()
    for password in ("wrong", "wrong", PASSWORD):
        assert sign_in(client, student.username, password).status_code == 429
    assert AccessAttempt.objects.values().get() == before
    assert before["failures_since_start"] == LIMIT


def test_a_success_before_the_limit_clears_the_failures(client, student):
    for _ in range(LIMIT - 1):
        sign_in(client, student.username, "wrong")
    assert sign_in(client, student.username, PASSWORD).status_code == 302
    client.logout()
    for _ in range(LIMIT - 1):
        assert sign_in(client, student.username, "wrong").status_code == 200
    assert sign_in(client, student.username, PASSWORD).status_code == 302


def test_other_users_and_other_addresses_are_unaffected(client, student, other_student):
    lock(client, student.username, address="198.51.100.7")
    assert (
        sign_in(client, other_student.username, PASSWORD, address="198.51.100.7").status_code == 302
    )
    client.logout()
    assert sign_in(client, student.username, PASSWORD, address="198.51.100.8").status_code == 302
    client.logout()
    assert sign_in(client, student.username, PASSWORD, address="198.51.100.7").status_code == 429


def test_a_forged_forwarded_for_header_is_not_a_new_address(client, student):
    for n in range(LIMIT):
        sign_in(client, student.username, "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    response = sign_in(client, student.username, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert response.status_code == 429


def test_the_admin_login_is_throttled_and_shares_the_count(client, staff):
    admin_login = reverse("admin:login")
    response = lock(client, staff.username, url=admin_login)
    assert response.status_code == 429
    assert LOCKED in response.text and 'class="errornote"' in response.text  # the admin's page
    assert sign_in(client, staff.username, PASSWORD, url=admin_login).status_code == 429
    assert sign_in(client, staff.username, PASSWORD).status_code == 429  # the site's too
    assert not signed_in(client)


def test_staff_unlock_in_the_admin(client, as_user, student, staff):
    lock(client, student.username)
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address) == (student.username, "127.0.0.1")
    assert "pass-word" not in attempt.post_data and "wrong" not in attempt.post_data

    admin = as_user(staff)
    listing = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200 and student.username in listing.text
    response = admin.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )
    assert response.status_code == 302 and not AccessAttempt.objects.exists()

    admin.logout()
    assert sign_in(client, student.username, PASSWORD).status_code == 302


def test_staff_unlock_with_the_command(client, student, other_student):
    lock(client, student.username)
    lock(client, other_student.username)
    call_command("axes_reset_username", student.username, stdout=None)
    assert sign_in(client, student.username, PASSWORD).status_code == 302
    client.logout()
    assert sign_in(client, other_student.username, PASSWORD).status_code == 429


def test_a_password_sign_in_and_force_login_use_the_app_backend(client, student):
    """Axes' backend only refuses; sessions record quizzes' UserBackend, whose compiled
    per-request user load every later request uses (tests/accounts/test_backends.py)."""
    from django.contrib.auth import BACKEND_SESSION_KEY

    sign_in(client, student.username, PASSWORD)
    assert client.session[BACKEND_SESSION_KEY] == "quizzes.accounts.backends.UserBackend"
    client.logout()
    client.force_login(student)
    assert client.session[BACKEND_SESSION_KEY] == "quizzes.accounts.backends.UserBackend"
    # client.login() must pass a request, as every sign-in form does (axes needs it):
    client.logout()
    request = RequestFactory().post("/accounts/login/")
    assert client.login(request=request, username=student.username, password=PASSWORD)


# Sign-up: every form sent counts, per address.


def signup(client, username, *, address="127.0.0.1", matching=True):
    return client.post(
        reverse("signup"),
        {
            "username": username,
            "first_name": "Sam",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase" if matching else "another-pass-phrase",
        },
        REMOTE_ADDR=address,
    )


def test_signups_from_one_address_are_limited(client):
    assert SIGNUPS.limit == 100 and SIGNUPS.window == timedelta(hours=1)
    for n in range(SIGNUPS.limit - 1):
        assert signup(client, f"typo{n}", matching=False).status_code == 400
    assert signup(client, "last-allowed").status_code == 302
    client.logout()

    response = signup(client, "one-too-many")
    assert response.status_code == 429
    assert "Too many sign-ups from your network. Try again in 60 minutes." in response.text
    assert 'role="alert"' in response.text and 'value="one-too-many"' in response.text
    assert not User.objects.filter(username="one-too-many").exists()

    assert signup(client, "elsewhere", address="198.51.100.7").status_code == 302
    assert User.objects.filter(username__in=["last-allowed", "elsewhere"]).count() == 2


# The counter itself, and the address it counts by.


def test_a_rate_limit_counts_per_key_and_forgets_after_its_window():
    limit = RateLimit("test", limit=2, window=timedelta(seconds=1))
    limit.count("a")
    assert not limit.exceeded("a")
    limit.count("a")
    assert limit.exceeded("a") and not limit.exceeded("b")
    time.sleep(1.2)
    assert not limit.exceeded("a")
    limit.count("a")
    assert not limit.exceeded("a")


def request_from(remote_addr, forwarded_for=None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().get("/", **extra)


def test_without_proxies_the_address_is_remote_addr(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request_from("192.0.2.1", "203.0.113.9")) == "192.0.2.1"


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (1, "203.0.113.9", "203.0.113.9"),  # what nginx appended
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # the client's own entry is ignored
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.5", "203.0.113.9"),
        (1, "2001:db8::1", "2001:db8::1"),
        (2, "203.0.113.9", "10.0.0.2"),  # fewer entries than proxies: not through them
        (1, "not-an-address", "10.0.0.2"),
        (1, None, "10.0.0.2"),
    ],
)
def test_behind_proxies_the_address_is_what_the_outermost_proxy_saw(
    settings, proxies, forwarded_for, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_address(request_from("10.0.0.2", forwarded_for)) == expected


@pytest.mark.parametrize("url", [None, "/admin/login/"])
def test_an_over_long_username_is_a_failed_sign_in_not_a_500(client, url):
    """axes' column holds 255 characters: a longer username was a 500 on PostgreSQL. It is
    counted under its first 150 characters (no username is longer) and locks like any."""
    name = "x" * 20_000
    response = lock(client, name, url=url)
    assert response.status_code == 429 and not signed_in(client)
    assert AccessAttempt.objects.get().username == "x" * 150
