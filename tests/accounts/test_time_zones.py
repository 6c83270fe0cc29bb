"""Every date and time in the signed-in user's own time zone (quizzes/accounts/middleware.py).

The moments below are fixed: 2030-06-01 20:00 UTC is 05:00 on 2 June in Tokyo (JST, +9) and
22:00 on 1 June in Paris (CEST, +2).
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from quizzes.accounts.middleware import UserTimeZoneMiddleware
from quizzes.attempts import services
from quizzes.attempts.models import Attempt
from quizzes.classes.models import Assignment
from quizzes.questions.models import QuestionSet
from tests.factories import (
    AssignmentFactory,
    ClassroomFactory,
    MembershipFactory,
    QuestionSetFactory,
    make_question,
)

pytestmark = pytest.mark.django_db

MOMENT = datetime(2030, 6, 1, 20, 0, tzinfo=UTC)


def in_zone(user, name: str):
    user.time_zone = name
    user.save(update_fields=["time_zone"])
    return user


def assigned(student, *, opens_at=None, due_at=MOMENT, **set_fields):
    """An assignment of a one-question set to a class `student` is in."""
    question_set = QuestionSetFactory(questions=[make_question("single_choice")], **set_fields)
    classroom = ClassroomFactory(owner=question_set.owner)
    MembershipFactory(classroom=classroom, student=student)
    return AssignmentFactory(
        classroom=classroom,
        question_set=question_set,
        opens_at=opens_at or due_at - timedelta(days=30),
        due_at=due_at,
    )


# --- The middleware on its own -------------------------------------------------------------


def zone_seen_by_the_view(rf, user, *, cookie: bool = True) -> str:
    """The active zone's name inside the view, for a request by `user`."""
    seen = []

    def view(request):
        seen.append(timezone.get_current_timezone_name())
        return HttpResponse()

    request = rf.get("/")
    if cookie:
        request.COOKIES[settings.SESSION_COOKIE_NAME] = "some-session-key"
    request.user = user
    UserTimeZoneMiddleware(view)(request)
    assert timezone.get_current_timezone_name() == "UTC"  # nothing left active afterwards
    return seen[0]


def test_the_view_runs_in_the_signed_in_users_zone(rf, student):
    assert zone_seen_by_the_view(rf, in_zone(student, "Asia/Tokyo")) == "Asia/Tokyo"


def test_default_zone_users_and_anonymous_visitors_keep_the_default_zone(rf, student):
    assert zone_seen_by_the_view(rf, student) == "UTC"
    assert zone_seen_by_the_view(rf, AnonymousUser()) == "UTC"  # a stale session cookie


def test_without_a_session_cookie_the_user_is_never_read(rf):
    def read_user():
        pytest.fail("request.user was evaluated on a request without a session cookie")

    assert zone_seen_by_the_view(rf, SimpleLazyObject(read_user), cookie=False) == "UTC"


def test_the_zone_is_deactivated_when_the_view_fails(rf, student):
    def view(request):
        raise RuntimeError("boom")

    request = rf.get("/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = "some-session-key"
    request.user = in_zone(student, "Europe/Paris")
    with pytest.raises(RuntimeError):
        UserTimeZoneMiddleware(view)(request)
    assert timezone.get_current_timezone_name() == "UTC"


def test_it_runs_after_authentication():
    middleware = settings.MIDDLEWARE
    mine = middleware.index("quizzes.accounts.middleware.UserTimeZoneMiddleware")
    assert mine > middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware")


# --- Through the whole stack ---------------------------------------------------------------


@pytest.mark.parametrize("url", ["/healthz", "/healthz/db"])
def test_an_anonymous_request_without_cookies_loads_neither_session_nor_user(client, url):
    response = client.get(url)
    assert response.status_code == 200
    request = response.wsgi_request
    assert "_cached_user" not in vars(request)  # request.user was never evaluated
    assert not request.session.accessed


def test_a_signed_in_page_costs_no_extra_query_in_another_zone(as_user, student, other_student):
    for user in (student, other_student):
        assigned(user)
    counts = []
    for user in (student, in_zone(other_student, "Asia/Tokyo")):
        client = as_user(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("my_assignments")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- What users see ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "due", "opens"),
    [
        ("UTC", "1 June 2030, 20:00", "25 May 2030, 20:00"),
        ("Asia/Tokyo", "2 June 2030, 05:00", "26 May 2030, 05:00"),
        ("Europe/Paris", "1 June 2030, 22:00", "25 May 2030, 22:00"),
    ],
)
def test_a_student_sees_due_and_opening_times_in_their_zone(as_user, student, zone, due, opens):
    in_zone(student, zone)
    assigned(student, opens_at=MOMENT - timedelta(days=7), due_at=MOMENT)
    page = as_user(student).get(reverse("my_assignments")).text
    assert due in page
    assert f"Opens {opens}" in page
    assert f"Times are in your time zone ({zone})." in page


def test_a_teacher_sees_the_class_assignments_in_their_zone(as_user, teacher):
    in_zone(teacher, "Asia/Tokyo")
    classroom = ClassroomFactory(owner=teacher)
    AssignmentFactory(classroom=classroom, opens_at=MOMENT - timedelta(days=7), due_at=MOMENT)
    page = as_user(teacher).get(reverse("class_detail", args=[classroom.pk])).text
    assert "26 May 2030, 05:00" in page and "2 June 2030, 05:00" in page
    assert "20:00" not in page


@pytest.mark.parametrize(
    ("zone", "shown"),
    [("UTC", "20:00 UTC"), ("Asia/Tokyo", "05:00 JST"), ("Europe/Paris", "22:00 CEST")],
)
def test_the_players_deadline_is_shown_in_the_students_zone(as_user, student, teacher, zone, shown):
    in_zone(student, zone)
    question_set = QuestionSetFactory(
        owner=teacher,
        questions=[make_question("single_choice", author=teacher)],
        mode=QuestionSet.Mode.EXAM,
        time_limit_minutes=10,
    )
    attempt = services.attempt_start(user=student, question_set=question_set)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=MOMENT)
    page = as_user(student).get(reverse("attempt_play", args=[attempt.pk])).text
    # The countdown script reads an ISO datetime with its offset: the same instant anywhere.
    assert 'data-deadline="2030-06-01T20:00:00+00:00"' in page
    assert f'ends at <time datetime="2030-06-01T20:00:00+00:00">{shown}</time>' in page


def test_the_result_page_shows_the_submission_time_in_the_students_zone(as_user, student):
    in_zone(student, "Europe/Paris")
    attempt = services.attempt_start(
        user=student, question_set=QuestionSetFactory(questions=[make_question("true_false")])
    )
    services.attempt_submit(attempt=attempt, user=student)
    Attempt.objects.filter(pk=attempt.pk).update(started_at=MOMENT, submitted_at=MOMENT)
    page = as_user(student).get(reverse("attempt_result", args=[attempt.pk])).text
    assert "1 June 2030, 22:00" in page


def test_a_refusal_names_the_opening_time_in_the_students_zone(as_user, student):
    in_zone(student, "Asia/Tokyo")
    assignment = assigned(student, opens_at=MOMENT, due_at=MOMENT + timedelta(days=7))
    response = as_user(student).post(
        reverse("attempt_start", args=[assignment.question_set.slug]),
        {"assignment": assignment.pk},
    )
    assert response.status_code == 403
    assert "This assignment opens on 2 June 2030, 05:00." in response.text
    assert not Attempt.objects.exists()


def test_a_teachers_typed_times_are_read_and_shown_back_in_their_zone(as_user, teacher):
    in_zone(teacher, "Asia/Tokyo")
    classroom = ClassroomFactory(owner=teacher)
    question_set = QuestionSetFactory(owner=teacher)
    client = as_user(teacher)
    data = {
        "question_set": question_set.pk,
        "opens_at": "2030-06-02T05:00",
        "due_at": "2030-06-09T05:00",
        "attempts_allowed": "2",
        "grading": "best",
    }
    response = client.post(reverse("assignment_create", args=[classroom.pk]), data)
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert assignment.opens_at == MOMENT and assignment.due_at == MOMENT + timedelta(days=7)
    form = client.get(reverse("assignment_edit", args=[classroom.pk, assignment.pk])).text
    assert 'value="2030-06-02T05:00"' in form and 'value="2030-06-09T05:00"' in form


@pytest.mark.parametrize(("zone", "day"), [("UTC", "2030-06-01"), ("Asia/Tokyo", "2030-06-02")])
def test_the_gradebook_csv_dates_assignments_by_the_teachers_day(as_user, teacher, zone, day):
    in_zone(teacher, zone)
    classroom = ClassroomFactory(owner=teacher)
    AssignmentFactory(classroom=classroom, question_set__title="Quiz", due_at=MOMENT)
    csv = as_user(teacher).get(reverse("gradebook_csv", args=[classroom.pk])).content.decode()
    assert f"Quiz (due {day}) %" in csv.splitlines()[0]
