"""An assignment's due date applies to attempts already running: late work accepted marks
what comes after it late; late work refused makes it the attempt's deadline (handed in
automatically, like a time limit). A teacher who changes the assignment changes both."""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from quizzes.attempts import services
from quizzes.attempts.models import Attempt, Response
from quizzes.classes.selectors import assignments_for_student
from quizzes.classes.services import student_attempt_start
from tests.attempts.test_services import answer_json
from tests.factories import AssignmentFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def minute(n: int):
    return timedelta(minutes=n)


@pytest.fixture
def assigned(student, make_set):
    """Build a set of two questions assigned to the student's class; returns the assignment."""

    def build(*, due_in: timedelta, accept_late: bool, **set_fields):
        qs = make_set(["single_choice", "single_choice"], **set_fields)
        assignment = AssignmentFactory(
            question_set=qs,
            classroom__owner=qs.owner,
            due_at=timezone.now() + due_in,
            accept_late=accept_late,
        )
        MembershipFactory(classroom=assignment.classroom, student=student)
        return assignment

    return build


def start(student, assignment, now=None):
    return student_attempt_start(
        user=student, question_set=assignment.question_set, assignment=assignment, now=now
    )


def answer(student, attempt, position, now):
    return services.attempt_answer(
        attempt=attempt,
        user=student,
        position=position,
        answer=answer_json(attempt, position),
        now=now,
    )


def edit(client, assignment, **changes):
    """Save the assignment through the teacher's form (times in the teacher's zone, UTC)."""
    data = {
        "question_set": assignment.question_set_id,
        "opens_at": timezone.localtime(assignment.opens_at).strftime("%Y-%m-%dT%H:%M"),
        "due_at": timezone.localtime(assignment.due_at).strftime("%Y-%m-%dT%H:%M"),
        "grading": assignment.grading,
        "attempts_allowed": "",
    }
    if assignment.accept_late:
        data["accept_late"] = "on"
    data.update(changes)
    url = reverse("assignment_edit", args=[assignment.classroom_id, assignment.pk])
    response = client.post(url, data)
    assert response.status_code == 302, response.text
    assignment.refresh_from_db()


def my_row(student):
    (row,) = assignments_for_student(user=student)
    return row


# --- Late work accepted --------------------------------------------------------------------


def test_late_accepted_answers_after_the_due_date_mark_the_attempt_late(student, assigned):
    assignment = assigned(due_in=minute(10), accept_late=True)
    attempt = start(student, assignment)
    assert attempt.deadline is None and attempt.due_at == assignment.due_at
    answer(student, attempt, 0, now=assignment.due_at + timedelta(seconds=4))  # grace
    assert Attempt.objects.get().late is False
    answer(student, attempt, 1, now=assignment.due_at + minute(3))
    assert Attempt.objects.get().late is True
    assert Response.objects.count() == 2  # late work is kept, only marked
    services.attempt_submit(attempt=attempt, user=student, now=assignment.due_at + minute(4))
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED and attempt.late is True
    assert my_row(student).status_label == "Submitted late"


def test_late_accepted_a_hand_in_after_the_due_date_is_late(student, assigned):
    assignment = assigned(due_in=minute(10), accept_late=True)
    attempt = start(student, assignment)
    answer(student, attempt, 0, now=timezone.now())
    services.attempt_submit(attempt=attempt, user=student, now=assignment.due_at + minute(1))
    attempt.refresh_from_db()
    assert attempt.late is True and attempt.score == 1


def test_late_accepted_work_before_the_due_date_is_on_time(student, assigned):
    assignment = assigned(due_in=minute(10), accept_late=True)
    attempt = start(student, assignment)
    answer(student, attempt, 0, now=timezone.now())
    services.attempt_submit(attempt=attempt, user=student)
    attempt.refresh_from_db()
    assert attempt.late is False
    assert my_row(student).status_label == "Submitted"


# --- Late work refused ---------------------------------------------------------------------


def test_late_refused_the_due_date_is_the_deadline(as_user, student, assigned):
    assignment = assigned(due_in=minute(10), accept_late=False)
    attempt = start(student, assignment)
    assert attempt.deadline == assignment.due_at
    page = as_user(student).get(reverse("attempt_play", args=[attempt.pk])).text
    local = timezone.localtime(assignment.due_at)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))
    assert f"Due: handed in automatically on {local:%-d %B %Y, %H:%M} UTC." in text
    assert "Time limit" not in page

    answer(student, attempt, 0, now=timezone.now())
    with pytest.raises(services.AttemptClosed, match="Time is up"):
        answer(student, attempt, 1, now=assignment.due_at + minute(1))
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED
    assert attempt.submitted_at == assignment.due_at and attempt.late is False
    assert (attempt.score, Response.objects.count()) == (1, 1)


def test_late_refused_an_untouched_attempt_is_handed_in_at_the_due_date(as_user, student, assigned):
    assignment = assigned(due_in=minute(10), accept_late=False)
    attempt = start(student, assignment)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - minute(1))
    client = as_user(student)
    response = client.get(reverse("attempt_play", args=[attempt.pk]))
    assert response.status_code == 302
    assert response.url == reverse("attempt_result", args=[attempt.pk])
    result = client.get(response.url)
    assert result.status_code == 200 and "Not passed" in result.text
    attempt.refresh_from_db()  # read as handed in; written by a POST or the command
    assert attempt.status == Attempt.Status.IN_PROGRESS
    call_command("expire_attempts", stdout=io.StringIO())
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED and attempt.submitted_at == attempt.deadline
    facts = re.compile(r'<dl class="facts result-facts">.*?</dl>', re.S)
    assert facts.search(client.get(response.url).text)[0] == facts.search(result.text)[0]


@pytest.mark.parametrize(
    "limit, due_in, deadline_is",
    [(5, minute(30), "limit"), (60, minute(30), "due"), (None, minute(30), "due")],
)
def test_late_refused_the_sooner_of_time_limit_and_due_date_wins(
    as_user, student, assigned, limit, due_in, deadline_is
):
    assignment = assigned(due_in=due_in, accept_late=False, time_limit_minutes=limit)
    now = timezone.now()
    attempt = start(student, assignment, now=now)
    expected = now + minute(limit) if deadline_is == "limit" else assignment.due_at
    assert attempt.deadline == expected
    page = as_user(student).get(reverse("attempt_play", args=[attempt.pk])).text
    assert ("Due: handed in automatically" in page) is (deadline_is == "due")
    assert ("Time limit: ends at" in page) is (deadline_is == "limit")


def test_late_accepted_keeps_the_time_limit_as_the_deadline(as_user, student, assigned):
    assignment = assigned(due_in=minute(30), accept_late=True, time_limit_minutes=60)
    now = timezone.now()
    attempt = start(student, assignment, now=now)
    assert attempt.deadline == now + minute(60)
    page = as_user(student).get(reverse("attempt_play", args=[attempt.pk])).text
    assert "Time limit: ends at" in page and "Due: handed in" not in page


def test_a_deadline_moved_under_a_stale_page_still_refuses_the_answer(student, assigned):
    """The answer's lock re-reads the deadline (on PostgreSQL, inside its one statement)."""
    assignment = assigned(due_in=minute(30), accept_late=False)
    attempt = start(student, assignment)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - minute(1))
    with pytest.raises(services.AttemptClosed, match="Time is up"):
        answer(student, attempt, 0, now=timezone.now())  # `attempt` still has the old deadline
    assert not Response.objects.exists()
    assert Attempt.objects.get().status == Attempt.Status.SUBMITTED


def test_a_due_date_moved_under_a_stale_page_still_marks_the_answer_late(student, assigned):
    assignment = assigned(due_in=minute(30), accept_late=True)
    attempt = start(student, assignment)
    Attempt.objects.filter(pk=attempt.pk).update(due_at=timezone.now() - minute(1))
    answer(student, attempt, 0, now=timezone.now())
    assert Response.objects.count() == 1 and Attempt.objects.get().late is True


# --- The teacher changes the assignment ----------------------------------------------------


def test_running_attempts_follow_a_changed_due_date(as_user, student, teacher, assigned):
    assignment = assigned(due_in=minute(60), accept_late=False)
    attempt = start(student, assignment)
    client = as_user(assignment.classroom.owner)
    later = timezone.localtime(assignment.due_at + timedelta(days=1))
    edit(client, assignment, due_at=later.strftime("%Y-%m-%dT%H:%M"))
    attempt.refresh_from_db()
    assert attempt.deadline == attempt.due_at == assignment.due_at
    assert attempt.is_open


def test_accepting_late_work_lifts_the_cap_and_refusing_it_puts_it_back(student, assigned):
    assignment = assigned(due_in=minute(60), accept_late=False, time_limit_minutes=120)
    now = timezone.now()
    attempt = start(student, assignment, now=now)
    assert attempt.deadline == assignment.due_at
    assignment.accept_late = True
    services.attempts_follow_assignment(assignment=assignment)
    attempt.refresh_from_db()
    assert attempt.deadline == now + minute(120)  # the time limit, as it started
    assignment.accept_late = False
    services.attempts_follow_assignment(assignment=assignment)
    attempt.refresh_from_db()
    assert attempt.deadline == assignment.due_at


def test_a_due_date_moved_into_the_past_hands_running_attempts_in(as_user, student, assigned):
    assignment = assigned(due_in=minute(60), accept_late=False)
    attempt = start(student, assignment)
    answer(student, attempt, 0, now=timezone.now())
    past = timezone.now() - minute(5)
    edit(
        as_user(assignment.classroom.owner),
        assignment,
        opens_at=timezone.localtime(past - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
        due_at=timezone.localtime(past).strftime("%Y-%m-%dT%H:%M"),
    )
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED
    assert attempt.submitted_at == assignment.due_at and attempt.score == 1
    assert attempt.late is True  # its answer came after the due date as it now stands


def test_extending_the_due_date_clears_a_late_mark_from_before_it(student, assigned):
    assignment = assigned(due_in=minute(10), accept_late=True)
    attempt = start(student, assignment)
    answer(student, attempt, 0, now=assignment.due_at + minute(3))
    assert Attempt.objects.get().late is True
    # The answer's saved time is the real clock: move the due date past it, and before it.
    assignment.due_at = timezone.now() + timedelta(days=1)
    services.attempts_follow_assignment(assignment=assignment)
    assert Attempt.objects.get().late is False
    assignment.due_at = timezone.now() - minute(1)
    services.attempts_follow_assignment(assignment=assignment)
    assert Attempt.objects.get().late is True


def test_submitted_attempts_are_left_as_they_were(student, assigned):
    assignment = assigned(due_in=minute(10), accept_late=False)
    attempt = start(student, assignment)
    services.attempt_submit(attempt=attempt, user=student)
    attempt.refresh_from_db()
    before = (attempt.deadline, attempt.due_at, attempt.late, attempt.submitted_at)
    assignment.due_at = timezone.now() - minute(1)
    assignment.opens_at = timezone.now() - timedelta(days=2)
    assert services.attempts_follow_assignment(assignment=assignment) == 0
    attempt.refresh_from_db()
    assert (attempt.deadline, attempt.due_at, attempt.late, attempt.submitted_at) == before


def test_attempts_outside_an_assignment_have_no_due_date(student, make_set):
    attempt = services.attempt_start(user=student, question_set=make_set())
    assert attempt.due_at is None and attempt.deadline is None


# --- Overdue, late work refused: "Continue" hands it in ------------------------------------


def assignment_rows(client) -> dict[str, str]:
    page = client.get(reverse("my_assignments")).text
    rows = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split("<tr>")[1:]
    return {re.search(r"<td>([^<]+)</td>", row).group(1): row for row in rows}


def test_an_overdue_attempt_with_late_work_refused_is_continued_into_its_result(
    as_user, student, assigned
):
    assignment = assigned(due_in=minute(60), accept_late=False)
    attempt = start(student, assignment)
    answer(student, attempt, 0, now=timezone.now())
    # The due date passes while the attempt is left open (nobody opened a report since).
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - minute(2))
    type(assignment).objects.filter(pk=assignment.pk).update(due_at=timezone.now() - minute(2))
    client = as_user(student)
    row = assignment_rows(client)[assignment.question_set.title]
    assert "In progress" in row and "Continue" in row and "/start/" in row

    response = client.post(
        reverse("attempt_start", args=[assignment.question_set.slug]),
        {"assignment": str(assignment.pk)},
        follow=True,
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("attempt_result", args=[attempt.pk])
    assert "handed in at its deadline" in response.text and "1 of 2" in response.text
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED
    assert attempt.submitted_at == Attempt.objects.get().deadline
    assert Attempt.objects.count() == 1  # no fresh attempt
    row = assignment_rows(client)[assignment.question_set.title]
    assert "Submitted" in row and "/start/" not in row


def test_continue_with_htmx_redirects_to_the_result(as_user, student, assigned):
    assignment = assigned(due_in=minute(60), accept_late=False)
    attempt = start(student, assignment)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - minute(2))
    type(assignment).objects.filter(pk=assignment.pk).update(due_at=timezone.now() - minute(2))
    response = as_user(student).post(
        reverse("attempt_start", args=[assignment.question_set.slug]),
        {"assignment": str(assignment.pk)},
        HTTP_HX_REQUEST="true",
    )
    assert response.headers["HX-Redirect"] == reverse("attempt_result", args=[attempt.pk])


def test_continue_on_a_timed_out_attempt_with_no_attempts_left_shows_its_result(
    as_user, student, assigned
):
    """The same for a time limit: the last attempt allowed, its time up, is handed in and
    shown rather than refused."""
    assignment = assigned(due_in=timedelta(days=1), accept_late=False, time_limit_minutes=5)
    type(assignment).objects.filter(pk=assignment.pk).update(attempts_allowed=1)
    assignment.refresh_from_db()
    attempt = start(student, assignment, now=timezone.now() - minute(10))
    response = as_user(student).post(
        reverse("attempt_start", args=[assignment.question_set.slug]),
        {"assignment": str(assignment.pk)},
    )
    assert response.url == reverse("attempt_result", args=[attempt.pk])
    assert Attempt.objects.get().status == Attempt.Status.SUBMITTED


def test_missed_without_an_attempt_still_has_no_start_button(as_user, student, assigned):
    assignment = assigned(due_in=minute(60), accept_late=False)
    type(assignment).objects.filter(pk=assignment.pk).update(due_at=timezone.now() - minute(2))
    client = as_user(student)
    row = assignment_rows(client)[assignment.question_set.title]
    assert "Missed" in row and "/start/" not in row
    response = client.post(
        reverse("attempt_start", args=[assignment.question_set.slug]),
        {"assignment": str(assignment.pk)},
    )
    assert response.status_code == 403 and "late attempts are not accepted" in response.text
    assert not Attempt.objects.exists()


@pytest.mark.parametrize("delete", ["assignment", "class"])
def test_removing_the_assignment_lifts_its_due_date_from_running_attempts(
    as_user, student, teacher, assigned, delete
):
    """The page says a running attempt can still be finished: the removed assignment's due
    date no longer hands it in, only the set's own time limit does."""
    assignment = assigned(due_in=minute(10), accept_late=False, time_limit_minutes=60)
    attempt = start(student, assignment)
    assert attempt.deadline == assignment.due_at  # sooner than the time limit
    client = as_user(assignment.classroom.owner)
    if delete == "assignment":
        url = reverse("assignment_remove", args=[assignment.classroom_id, assignment.pk])
    else:
        url = reverse("class_delete", args=[assignment.classroom_id])
    assert client.post(url).status_code == 302
    attempt.refresh_from_db()
    assert attempt.assignment is None and attempt.due_at is None
    assert attempt.deadline == attempt.time_limit_ends
    answer(student, attempt, 0, now=timezone.now() + minute(30))  # past the old due date
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.IN_PROGRESS and not attempt.late
    assert Response.objects.filter(attempt=attempt).count() == 1
