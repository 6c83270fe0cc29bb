"""The profile page (e-mail and time zone) and the password reset's refusals."""

import pytest
from django.core import mail

from quizzes.accounts.models import User

pytestmark = pytest.mark.django_db
PROFILE = "/accounts/profile/"
RESET = "/accounts/password/reset/"


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(PROFILE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["student", "teacher", "staff"])
def test_each_user_edits_only_their_own_profile(request, as_user, who, other_student):
    user = request.getfixturevalue(who)
    client = as_user(user)
    assert "Time zone" in client.get(PROFILE).text
    response = client.post(
        PROFILE, {"first_name": "Me", "email": "me@example.org", "time_zone": "Europe/Paris"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    other_student.refresh_from_db()
    assert (user.email, user.time_zone) == ("me@example.org", "Europe/Paris")
    assert other_student.time_zone == "UTC"


@pytest.mark.parametrize(
    "data",
    [
        {"email": "", "time_zone": "Mars/Olympus"},
        {"email": "", "time_zone": "localtime"},
        {"email": "", "time_zone": ""},
        {"email": "not an address", "time_zone": "UTC"},
        {"email": "a" * 300 + "@example.org", "time_zone": "UTC"},
    ],
)
def test_bad_profile_is_a_400_and_nothing_is_saved(as_user, student, data):
    response = as_user(student).post(PROFILE, data)
    assert response.status_code == 400 and "nothing was saved" in response.text
    student.refresh_from_db()
    assert (student.email, student.time_zone) == ("", "UTC")


def test_profile_budget(as_user, student, django_assert_max_num_queries):
    client = as_user(student)
    with django_assert_max_num_queries(3):
        assert client.get(PROFILE).status_code == 200


def test_flashcard_settings_no_longer_hold_the_time_zone(as_user, student):
    page = as_user(student).get("/study/settings/").text
    assert 'name="time_zone"' not in page and 'href="/accounts/profile/"' in page


def test_sign_up_keeps_a_known_browser_zone_and_reads_others_as_utc(client):
    for name, zone, kept in [("a1", "America/Chicago", "America/Chicago"), ("a2", "X/Y", "UTC")]:
        data = {
            "username": name,
            "first_name": "Zoe",
            "password1": "a-long-pass-77",
            "password2": "a-long-pass-77",
        }
        assert client.post("/accounts/signup/", data | {"time_zone": zone}).status_code == 302
        assert User.objects.get(username=name).time_zone == kept
        client.logout()


def test_reset_sends_one_mail_to_a_known_address_and_says_the_same_otherwise(client, student):
    student.email = "pupil@example.org"
    student.save(update_fields=["email"])
    for address in ["pupil@example.org", "nobody@example.org"]:
        response = client.post(RESET, {"email": address})
        assert response.status_code == 302 and response["Location"].endswith("/reset/sent/")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["pupil@example.org"]
    assert "/accounts/password/reset/" in mail.outbox[0].body


@pytest.mark.parametrize("email", ["", "not-an-address", "x" * 300])
def test_bad_reset_input_is_a_400_and_sends_nothing(client, email):
    response = client.post(RESET, {"email": email})
    assert response.status_code == 400 and not mail.outbox


def test_reset_requests_are_limited_per_address(client):
    for _ in range(10):
        client.post(RESET, {"email": "someone@example.org"})
    response = client.post(RESET, {"email": "someone@example.org"})
    assert response.status_code == 429 and "Too many reset requests" in response.text


def test_a_wrong_reset_link_says_so(client, student):
    response = client.get("/accounts/password/reset/MQ/wrong-token/")
    assert response.status_code == 200 and "This link no longer works" in response.text
