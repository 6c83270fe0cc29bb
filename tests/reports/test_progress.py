"""Progress over time: each figure pinned on small hand-built histories, then the pages."""

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes.attempts.models import Attempt, Response
from quizzes.flashcards.models import ReviewLog
from quizzes.interop.gift import parse_gift
from quizzes.interop.services import questions_import
from quizzes.questions.models import QuestionSet
from quizzes.questions.services import question_set_copy
from quizzes.reports.progress_selectors import (
    activity,
    class_progress,
    mastery_by_topic,
    score_history,
    streak_from_days,
    trend_from_daily,
    weak_spots,
)
from tests.attempts.helpers import answer_post, answer_url
from tests.conftest import HTMX
from tests.factories import (
    AssignmentFactory,
    AttemptFactory,
    CardFactory,
    ClassroomFactory,
    MembershipFactory,
    QuestionFactory,
    QuestionSetFactory,
    ResponseFactory,
    StudentFactory,
    TopicFactory,
    make_question,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


def attempt_at(user, when, percent, *, question_set=None, assignment=None):
    question_set = question_set or (assignment.question_set if assignment else None)
    kwargs = {"question_set": question_set} if question_set else {}
    return AttemptFactory(
        user=user,
        assignment=assignment,
        status=Attempt.Status.SUBMITTED,
        started_at=when - timedelta(minutes=5),
        submitted_at=when,
        percent=percent,
        **kwargs,
    )


def answer(attempt, question, *, score, when):
    response = ResponseFactory(
        attempt=attempt, question=question, score=score, is_correct=score == 1
    )
    Response.objects.filter(pk=response.pk).update(answered_at=when)
    return response


def review_at(user, when):
    card = CardFactory(user=user)
    return ReviewLog.objects.create(
        card=card, user=user, rating=3, kind=0, reviewed_at=when, state_before={}, state_after={}
    )


# --- figures ---------------------------------------------------------------------------------


def test_streak_counts_local_days_across_a_time_zone_midnight(student):
    """23:30 and 00:30 New York time are two local days, though one UTC day apart by an hour."""
    student.time_zone = "America/New_York"
    student.save()
    # 2026-06-14 23:30 EDT = 2026-06-15 03:30 UTC; 2026-06-13 23:30 EDT = 06-14 03:30 UTC.
    attempt_at(student, datetime(2026, 6, 14, 3, 35, tzinfo=UTC), 50)  # started 13th 23:30 local
    review_at(student, datetime(2026, 6, 15, 3, 30, tzinfo=UTC))  # 14th 23:30 local
    review_at(student, datetime(2026, 6, 15, 4, 30, tzinfo=UTC))  # 15th 00:30 local
    now = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)  # 15th 08:00 local
    figures = activity(user=student, now=now)
    assert figures.streak == 3  # 13th, 14th, 15th local
    utc = student.__class__.objects.get(pk=student.pk)
    utc.time_zone = "UTC"
    # In UTC the same moments fall on the 14th and the 15th only.
    assert activity(user=utc, now=now).streak == 2


def test_streak_survives_until_the_end_of_today_and_breaks_after_a_gap():
    today = date(2026, 6, 15)
    days = {today - timedelta(days=1), today - timedelta(days=2), today - timedelta(days=4)}
    assert streak_from_days(days, today) == 2  # nothing yet today: yesterday's run counts
    assert streak_from_days(days | {today}, today) == 3
    assert streak_from_days({today - timedelta(days=2)}, today) == 0


def test_a_streak_longer_than_the_heat_map_is_counted_in_full(student):
    for i in range(100):
        review_at(student, NOW - timedelta(days=i))
    figures = activity(user=student, now=NOW)
    assert figures.streak == 100
    assert figures.active_days == 7 * 11 + 1  # Monday 15 June: one day of the current week


def test_heat_map_is_seven_rows_by_twelve_weeks_with_counts(student):
    review_at(student, NOW - timedelta(hours=1))
    review_at(student, NOW - timedelta(hours=2))
    figures = activity(user=student, now=NOW)
    assert len(figures.weeks) == 12 and all(len(w) == 7 for w in figures.weeks)
    assert len(figures.rows) == 7
    cells = {h.day: h for week in figures.weeks for h in week}
    assert cells[date(2026, 6, 15)].count == 2
    assert cells[date(2026, 6, 15)].level == 4
    assert figures.weeks[0][0].day.weekday() == 0  # columns start on Monday
    assert figures.active_days == 1


def test_mastery_weights_recent_answers_more(student):
    topic = TopicFactory(name="Treaty")
    q1, q2 = QuestionFactory(), QuestionFactory()
    q1.topics.add(topic)
    q2.topics.add(topic)
    old = attempt_at(student, NOW - timedelta(days=30), 0)
    new = attempt_at(student, NOW, 100)
    answer(old, q1, score=0.0, when=NOW - timedelta(days=30))  # weight 0.5
    answer(new, q2, score=1.0, when=NOW)  # weight 1
    [mastery] = mastery_by_topic(responses=Response.objects.filter(attempt__user=student), now=NOW)
    # (1·1 + 0.5·0) / (1 + 0.5) = 2/3, not the unweighted 1/2.
    assert mastery.percent == pytest.approx(200 / 3)
    assert (mastery.responses, mastery.questions) == (2, 2)
    assert mastery.value == "67% · 2 answers to 2 questions"


def test_weak_spots_rank_by_wrong_count_then_wrong_share(student):
    often, share, once, right, stale = (QuestionFactory() for _ in range(5))
    attempts = [attempt_at(student, NOW - timedelta(days=1), 50) for _ in range(4)]
    for a in attempts[:3]:
        answer(a, often, score=0, when=NOW - timedelta(days=1))  # 3 wrong of 4
    answer(attempts[3], often, score=1, when=NOW - timedelta(days=1))
    for a in attempts[:2]:
        answer(a, share, score=0, when=NOW - timedelta(days=1))  # 2 wrong of 2
    answer(attempts[0], once, score=0, when=NOW - timedelta(days=2))  # 1 of 3
    answer(attempts[1], once, score=1, when=NOW - timedelta(days=2))
    answer(attempts[2], once, score=1, when=NOW - timedelta(days=2))
    answer(attempts[3], once, score=0, when=NOW - timedelta(days=2))  # now 2 of 4
    answer(attempts[0], right, score=1, when=NOW - timedelta(days=1))
    answer(attempts[1], stale, score=0, when=NOW - timedelta(days=40))  # too old
    spots = weak_spots(user=student, now=NOW)
    assert [s.question for s in spots] == [often, share, once]
    assert (spots[0].wrong, spots[0].answered) == (3, 4)
    assert spots[1].wrong_percent == 100
    assert spots[0].source_url == often.citations.first().get_absolute_url()


def test_trend_direction_from_daily_averages():
    base = date(2026, 6, 1)
    assert trend_from_daily({base: 40, base + timedelta(days=7): 60}).direction == "rising"
    falling = trend_from_daily({base: 80, base + timedelta(days=7): 70, base + timedelta(14): 60})
    assert falling.per_week == pytest.approx(-10)
    assert falling.direction == "falling"
    assert trend_from_daily({base: 50, base + timedelta(days=7): 50.2}).direction == "steady"
    assert trend_from_daily({base: 50}).direction == "not enough data"


def test_score_history_points_period_and_set_filter(student):
    a, b = QuestionSetFactory(), QuestionSetFactory()
    attempt_at(student, NOW - timedelta(days=60), 20, question_set=a)
    attempt_at(student, NOW - timedelta(days=10), 50, question_set=a)
    attempt_at(student, NOW - timedelta(days=1), 80, question_set=b)
    everything = score_history(user=student, days=None, now=NOW)
    assert [p.percent for p in everything.points] == [20, 50, 80]
    assert everything.trend.direction == "rising"
    assert everything.trend_line is not None
    recent = score_history(user=student, days=30, now=NOW)
    assert [p.percent for p in recent.points] == [50, 80]
    only_a = score_history(user=student, days=None, question_set=a, now=NOW)
    assert [p.percent for p in only_a.points] == [20, 50]
    # One colour per set, in order of first appearance, named in the legend.
    assert [p.series for p in everything.points] == [0, 0, 1]
    assert everything.legend == [(0, a.title), (1, b.title)]


def test_score_history_topic_filter(student):
    topic = TopicFactory()
    tagged = QuestionFactory()
    tagged.topics.add(topic)
    with_topic = attempt_at(student, NOW - timedelta(days=2), 30)
    answer(with_topic, tagged, score=0, when=NOW - timedelta(days=2))
    attempt_at(student, NOW - timedelta(days=1), 90)
    history = score_history(user=student, days=None, topic=topic, now=NOW)
    assert [p.percent for p in history.points] == [30]


def test_class_progress_flags_falling_inactive_and_missed(teacher):
    classroom = ClassroomFactory(owner=teacher)
    falling, idle, fine = StudentFactory(), StudentFactory(), StudentFactory()
    for s in (falling, idle, fine):
        MembershipFactory(classroom=classroom, student=s)
    now = timezone.now()
    done = AssignmentFactory(
        classroom=classroom,
        opens_at=now - timedelta(days=40),
        due_at=now - timedelta(days=1),
        accept_late=False,
    )
    attempt_at(falling, now - timedelta(days=14), 90, assignment=done)
    attempt_at(falling, now - timedelta(days=2), 40, assignment=done)
    attempt_at(fine, now - timedelta(days=14), 60, assignment=done)
    attempt_at(fine, now - timedelta(days=1), 70, assignment=done)
    figures = class_progress(classroom=classroom, viewer=teacher)
    reasons = {s.student: s.reasons for s in figures.students}
    assert reasons[fine] == []
    assert reasons[falling][0].startswith("Scores falling")
    assert "Has not studied yet" in reasons[idle]
    assert "Missed 1 assignment" in reasons[idle]
    [average] = figures.assignments
    assert average.average == pytest.approx((90 + 70) / 2)  # best attempt each
    assert average.scored == 2
    by_student = {s.student: s for s in figures.students}
    assert by_student[fine].recent_average == pytest.approx(65)
    assert by_student[fine].last_activity is not None


# --- pages -----------------------------------------------------------------------------------


def test_my_progress_shows_only_my_own_figures(as_user, student, other_student):
    mine = QuestionSetFactory(title="My own set")
    theirs = QuestionSetFactory(title="Their secret set")
    attempt_at(student, timezone.now() - timedelta(days=1), 75, question_set=mine)
    attempt_at(other_student, timezone.now() - timedelta(days=1), 12, question_set=theirs)
    page = as_user(student).get(reverse("my_progress"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "My own set" in html and "Their secret set" not in html
    assert "1 submitted attempt, average 75%" in html
    assert "flashcard statistics" in html
    assert 'href="/progress/"' in as_user(student).get(reverse("home")).content.decode()


def test_my_progress_requires_login(as_user):
    page = as_user(None).get(reverse("my_progress"))
    assert page.status_code == 302 and reverse("login") in page["Location"]


@pytest.mark.parametrize(
    "query, message",
    [
        ({"period": "7"}, "Select a valid choice"),
        ({"set": "no-such-set"}, "You have no attempts at that question set."),
        ({"topic": "no-such-topic"}, "There is no such topic."),
        ({"set": "x" * 500}, "at most 120 characters"),
        ({"set": "bad slug!"}, "valid"),
    ],
)
def test_my_progress_rejects_bad_filters(as_user, student, query, message):
    page = as_user(student).get(reverse("my_progress"), query)
    assert page.status_code == 400
    assert message in page.content.decode()


def test_set_filter_refuses_a_set_i_never_attempted(as_user, student, other_student):
    theirs = QuestionSetFactory()
    attempt_at(other_student, timezone.now(), 10, question_set=theirs)
    page = as_user(student).get(reverse("my_progress"), {"set": theirs.slug})
    assert page.status_code == 400


def test_filter_under_htmx_returns_only_the_history(as_user, student):
    attempt_at(student, timezone.now() - timedelta(days=50), 40)
    attempt_at(student, timezone.now() - timedelta(days=1), 60)
    client = as_user(student)
    full = client.get(reverse("my_progress"), {"period": "all"})
    assert "<h1>My progress</h1>" in full.content.decode()
    assert "2 submitted attempts" in full.content.decode()
    part = client.get(
        reverse("my_progress"), {"period": "30"}, HTTP_HX_TARGET="score-history", **HTMX
    )
    html = part.content.decode()
    assert part.status_code == 200
    assert "<h1>" not in html and "1 submitted attempt," in html
    assert "<svg" in html and "<table" in html


def test_weak_spot_practice_builds_a_private_set_and_starts_it(as_user, student, other_student):
    question = QuestionFactory(prompt="What is Article 5?")
    attempt = attempt_at(student, timezone.now(), 0)
    answer(attempt, question, score=0, when=timezone.now())
    client = as_user(student)
    page = client.get(reverse("my_progress"))
    assert "What is Article 5?" in page.content.decode()
    assert "Read in source" in page.content.decode()
    response = client.post(reverse("weak_spot_practice"))
    started = Attempt.objects.filter(user=student, status=Attempt.Status.IN_PROGRESS).get()
    assert response.status_code == 302 and response["Location"] == started.get_absolute_url()
    practice = started.question_set
    assert practice.owner == student
    assert practice.visibility == QuestionSet.Visibility.PRIVATE
    assert practice.mode == QuestionSet.Mode.PRACTICE
    assert started.question_ids == [question.pk]
    # A second click resumes the same attempt, and nobody else sees the set.
    again = client.post(reverse("weak_spot_practice"), **HTMX)
    assert again["HX-Redirect"] == started.get_absolute_url()
    assert Attempt.objects.filter(user=student).count() == 2
    assert practice.title not in as_user(other_student).get(reverse("home")).content.decode()


@pytest.mark.parametrize("reveal", [QuestionSet.Reveal.AFTER_DUE, QuestionSet.Reveal.NEVER])
def test_weak_spots_leave_out_sets_that_keep_their_answers_back(as_user, student, reveal):
    """Weak-spot practice shows the correct answer at once: a question missed in an exam
    whose teacher holds the answers back must not come back there."""
    held = QuestionFactory(prompt="Held back question")
    open_question = QuestionFactory(prompt="Open question")
    exam = attempt_at(student, timezone.now(), 0, question_set=QuestionSetFactory(reveal=reveal))
    answer(exam, held, score=0, when=timezone.now())
    answer(attempt_at(student, timezone.now(), 0), open_question, score=0, when=timezone.now())
    assert [s.question for s in weak_spots(user=student)] == [open_question]
    client = as_user(student)
    assert "Held back question" not in client.get(reverse("my_progress")).text
    client.post(reverse("weak_spot_practice"))
    started = Attempt.objects.get(user=student, status=Attempt.Status.IN_PROGRESS)
    assert started.question_ids == [open_question.pk]


def _answer_in_player(client, question_set, *, correct):
    """Start the set in the player and answer its one question, right or wrong."""
    client.post(reverse("attempt_start", args=[question_set.slug]), {"ready": "1"})
    attempt = Attempt.objects.filter(question_set=question_set).latest("pk")
    client.post(answer_url(attempt), answer_post(attempt, 0, correct=correct))
    return attempt


def test_an_exam_still_open_gives_nothing_away_on_my_progress(as_user, student, teacher):
    """Until an exam is handed in, My progress must not tell its right answers from its
    wrong ones: not as a weak spot, in weak-spot practice (which shows the correct answer)
    or in mastery. Handed in, with "after submission" reveal, it counts like any other."""
    topic = TopicFactory(name="Enlargement")
    question = make_question("single_choice", author=teacher, prompt="Who joined in 2023?")
    question.topics.add(topic)
    exam = QuestionSetFactory(
        owner=teacher,
        questions=[question],
        mode=QuestionSet.Mode.EXAM,
        reveal=QuestionSet.Reveal.AFTER_SUBMISSION,
        shuffle_options=False,
    )
    client = as_user(student)
    attempt = _answer_in_player(client, exam, correct=False)
    assert attempt.responses.get().is_correct is False  # the answer was saved, and wrong

    assert weak_spots(user=student) == []
    page = client.get(reverse("my_progress")).text
    assert "Who joined in 2023?" not in page
    assert "Nothing answered wrongly lately." in page
    assert "Enlargement" not in page and "No answers to questions with topics yet." in page
    refused = client.post(reverse("weak_spot_practice"), follow=True)
    assert "No weak spots yet" in refused.text
    assert not QuestionSet.objects.filter(owner=student).exists()

    client.post(reverse("attempt_submit", args=[attempt.pk]))
    page = client.get(reverse("my_progress")).text
    assert "Who joined in 2023?" in page and "1 of 1" in page
    assert "0% · 1 answer to 1 question" in page
    client.post(reverse("weak_spot_practice"))
    practice = Attempt.objects.get(user=student, status=Attempt.Status.IN_PROGRESS)
    assert practice.question_ids == [question.pk]


def test_a_practice_quiz_still_open_counts_in_weak_spots(as_user, student, teacher):
    """Practice marks each answer as it is given, so its wrong answers are weak spots at once."""
    question = make_question("single_choice", author=teacher, prompt="Practised question")
    practice = QuestionSetFactory(
        owner=teacher,
        questions=[question],
        mode=QuestionSet.Mode.PRACTICE,
        reveal=QuestionSet.Reveal.AFTER_SUBMISSION,
        shuffle_options=False,
    )
    client = as_user(student)
    _answer_in_player(client, practice, correct=False)
    assert [s.question for s in weak_spots(user=student)] == [question]
    assert "Practised question" in client.get(reverse("my_progress")).text


def test_weak_spots_show_fill_in_blanks_as_gaps(as_user, student):
    question = make_question("fill_blank", prompt="NATO was founded in {1} by {2} countries.")
    answer(attempt_at(student, timezone.now(), 0), question, score=0, when=timezone.now())
    page = as_user(student).get(reverse("my_progress")).text
    assert "NATO was founded in ____ (1) by ____ (2) countries." in page
    assert "{1}" not in page


def test_weak_spots_studied_as_flashcards_get_cards_for_new_spots(as_user, student):
    first, later = QuestionFactory(), QuestionFactory()
    client = as_user(student)
    attempt = attempt_at(student, timezone.now(), 0)
    answer(attempt, first, score=0, when=timezone.now())
    client.post(reverse("weak_spot_practice"))
    practice = QuestionSet.objects.get(owner=student)
    client.post(reverse("flashcards_deck_add", args=[practice.slug]))
    assert set(student.cards.values_list("question_id", flat=True)) == {first.pk}
    # Finish that practice; a new wrong answer makes a new weak spot.
    started = Attempt.objects.get(user=student, status=Attempt.Status.IN_PROGRESS)
    client.post(reverse("attempt_submit", args=[started.pk]))
    answer(attempt_at(student, timezone.now(), 0), later, score=0, when=timezone.now())
    client.post(reverse("weak_spot_practice"))
    assert set(student.cards.values_list("question_id", flat=True)) == {first.pk, later.pk}


def test_weak_spot_practice_without_weak_spots_changes_nothing(as_user, student):
    response = as_user(student).post(reverse("weak_spot_practice"), follow=True)
    assert "No weak spots yet" in response.content.decode()
    assert not QuestionSet.objects.filter(owner=student).exists()
    assert as_user(student).get(reverse("weak_spot_practice")).status_code == 405
    assert as_user(None).post(reverse("weak_spot_practice")).status_code == 302


def _class_with_history(teacher, students=2):
    classroom = ClassroomFactory(owner=teacher, name="Year 9")
    assignment = AssignmentFactory(classroom=classroom)
    for i in range(students):
        s = StudentFactory(username=f"=cmd{i}" if i == 0 else f"pupil{i}")
        MembershipFactory(classroom=classroom, student=s)
        attempt_at(s, timezone.now() - timedelta(days=1), 50 + i, assignment=assignment)
    return classroom


@pytest.mark.parametrize(
    "who, status",
    [
        ("anonymous", 302),
        ("student", 403),
        ("other_teacher", 404),
        ("teacher", 200),
        ("staff", 200),
    ],
)
@pytest.mark.parametrize("name", ["class_progress", "class_attempts_csv"])
def test_class_pages_only_for_the_owning_teacher_and_staff(
    as_user, request, teacher, who, status, name
):
    classroom = _class_with_history(teacher)
    user = None if who == "anonymous" else request.getfixturevalue(who)
    response = as_user(user).get(reverse(name, args=[classroom.pk]))
    assert response.status_code == status
    assert as_user(teacher).get(reverse(name, args=[999999])).status_code == 404


def test_class_page_shows_trends_and_attention(as_user, teacher):
    classroom = _class_with_history(teacher)
    html = as_user(teacher).get(reverse("class_progress", args=[classroom.pk])).content.decode()
    assert "Average score per assignment" in html
    assert "Students needing attention" in html
    assert "pupil1" in html
    assert (
        reverse("class_progress", args=[classroom.pk])
        in as_user(teacher).get(reverse("class_detail", args=[classroom.pk])).content.decode()
    )


def test_class_progress_rounds_percentages_as_the_gradebook_does(as_user, teacher):
    """38.5% is 39% on both pages (half up), not 38% on one and 39% on the other."""
    classroom = ClassroomFactory(owner=teacher)
    assignment = AssignmentFactory(classroom=classroom)
    pupil = StudentFactory()
    MembershipFactory(classroom=classroom, student=pupil)
    attempt_at(pupil, timezone.now() - timedelta(hours=1), 38.5, assignment=assignment)
    client = as_user(teacher)
    progress = client.get(reverse("class_progress", args=[classroom.pk])).content.decode()
    gradebook = client.get(reverse("gradebook", args=[classroom.pk])).content.decode()
    assert "39% · 1 student" in progress
    assert "38%" not in progress
    assert "39%" in gradebook


def test_class_csv_one_row_per_attempt_and_formula_safe(as_user, teacher):
    classroom = _class_with_history(teacher, students=3)
    response = as_user(teacher).get(reverse("class_attempts_csv", args=[classroom.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())  # Excel reads it as UTF-8
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Username", "Name", "Question set"]
    assert len(rows) == 1 + 3
    assert sorted(r[0] for r in rows[1:]) == ["'=cmd0", "pupil1", "pupil2"]
    assert {r[11] for r in rows[1:]} == {"50.0", "51.0", "52.0"}


# --- query budgets -----------------------------------------------------------------------------


def _history(user, attempts, topic):
    questions = [QuestionFactory() for _ in range(3)]
    for q in questions:
        q.topics.add(topic)
    question_set = QuestionSetFactory()
    for i in range(attempts):
        a = attempt_at(
            user, timezone.now() - timedelta(days=i), 10 * (i % 10), question_set=question_set
        )
        for q in questions:
            answer(a, q, score=(i % 2), when=timezone.now() - timedelta(days=i))
        review_at(user, timezone.now() - timedelta(days=i, hours=1))


@pytest.mark.parametrize("size", [1, 15])
def test_my_progress_query_budget(as_user, student, django_assert_max_num_queries, size):
    topic = TopicFactory()
    _history(student, size, topic)
    question_set = Attempt.objects.filter(user=student).first().question_set
    client = as_user(student)
    query = {"period": "all", "set": question_set.slug, "topic": topic.slug}
    with django_assert_max_num_queries(9 + 1):  # + the user lookup of the session
        page = client.get(reverse("my_progress"), query)
    assert page.status_code == 200
    assert "Practise these" in page.content.decode()
    assert f"{size} submitted attempt" in page.content.decode()
    # Again, with nothing new: mastery's sums come from the cache (reports.caching).
    with django_assert_max_num_queries(8 + 1):
        again = client.get(reverse("my_progress"), query)
    assert again.content.decode().count("% · ") == page.content.decode().count("% · ")


@pytest.mark.parametrize("students", [1, 12])
def test_class_progress_query_budget(as_user, teacher, django_assert_max_num_queries, students):
    classroom = _class_with_history(teacher, students=students)
    client = as_user(teacher)
    with django_assert_max_num_queries(11):
        page = client.get(reverse("class_progress", args=[classroom.pk]))
    assert page.status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(reverse("class_attempts_csv", args=[classroom.pk])).status_code == 200


# --- Generated slugs never take a student's weak-spot set ---------------------------------


def _weak_spot_practice_works(client, student):
    response = client.post(reverse("weak_spot_practice"))
    started = Attempt.objects.get(user=student, status=Attempt.Status.IN_PROGRESS)
    assert response.status_code == 302 and response["Location"] == started.get_absolute_url()
    assert started.question_set.owner == student
    return started.question_set


def _with_a_weak_spot(student):
    attempt = attempt_at(student, timezone.now(), 0)
    answer(attempt, QuestionFactory(prompt="Missed"), score=0, when=timezone.now())


def test_no_title_takes_a_students_weak_spot_set(as_user, student, teacher):
    """A teacher's set titled "Weak spots <n>" (created, copied or imported) took the slug of
    student n's weak-spot set, whose practice then failed with a 500 every time."""
    title = f"Weak spots {student.pk}"
    teacher_client = as_user(teacher)
    data = {"title": title, "visibility": "public", "mode": "practice", "pass_mark": "60"}
    teacher_client.post(reverse("set_create"), data | {"reveal": "immediately"})
    created = QuestionSet.objects.get(owner=teacher, title=title)
    copied = question_set_copy(
        question_set=QuestionSetFactory(title=title), owner=teacher, title=title
    )
    imported = questions_import(
        parsed=parse_gift("Is it?{T}"), owner=teacher, set_name=f"weak-spots-{student.pk}"
    ).question_set
    slugs = {created.slug, copied.slug, imported.slug}
    assert all(not re.fullmatch(r"weak-spots-\d+", slug) for slug in slugs), slugs
    _with_a_weak_spot(student)
    practice = _weak_spot_practice_works(as_user(student), student)
    assert practice.slug == f"weak-spots-{student.pk}"


def test_a_set_already_on_the_weak_spot_slug_moves_aside(as_user, student, teacher):
    """One made before the slug was reserved (or so named in the admin) keeps its title and
    questions under a slug of its own; the student's practice starts."""
    squatter = QuestionSetFactory(owner=teacher, slug=f"weak-spots-{student.pk}", title="Mine")
    _with_a_weak_spot(student)
    practice = _weak_spot_practice_works(as_user(student), student)
    squatter.refresh_from_db()
    assert practice.slug == f"weak-spots-{student.pk}" and practice.pk != squatter.pk
    assert squatter.owner == teacher and squatter.title == "Mine"
    assert squatter.slug.startswith("mine")


def test_score_history_has_dated_axis_and_a_line_through_the_attempts(as_user, student):
    """Issue 24: dates along the bottom, a visible line, labels that stay readable when
    the chart shrinks to 375 px (a 400-unit viewBox, 12-unit labels)."""
    now = timezone.now()
    for days, percent in ((40, 30), (20, 60), (1, 90)):
        attempt_at(student, now - timedelta(days=days), percent)
    page = as_user(student).get(reverse("my_progress"), {"period": "90"}).content.decode()
    chart = re.search(r'<svg class="score-chart" viewBox="0 0 400 226".*?</svg>', page, re.S)[0]
    line = re.search(r'<polyline class="line" points="([^"]+)"/>', chart)
    assert line and len(line[1].split()) == 3
    dates = re.search(r'<g class="dates">(.*?)</g>', chart, re.S)[0]
    labels = re.findall(r"<text [^>]*>([^<]+)</text>", dates)
    first_day = timezone.localtime(now - timedelta(days=40), student.tzinfo)
    assert len(labels) == 4 and labels[0].startswith(f"{first_day.day} {first_day:%b}")
    assert "Your scores in order" in page


def test_one_attempt_draws_a_point_and_one_date_without_a_line(as_user, student):
    attempt_at(student, timezone.now() - timedelta(days=1), 55)
    page = as_user(student).get(reverse("my_progress")).content.decode()
    chart = re.search(r'<svg class="score-chart".*?</svg>', page, re.S)[0]
    assert "<polyline" not in chart and chart.count("<circle") == 1
    dates = re.search(r'<g class="dates">(.*?)</g>', chart, re.S)[0]
    assert dates.count("<text") == 1


def test_heat_map_cells_show_shades_not_zeros(as_user, student):
    review_at(student, timezone.now())
    page = as_user(student).get(reverse("my_progress")).content.decode()
    heatmap = re.search(r'<table class="heatmap".*?</table>', page, re.S)[0]
    assert '<span class="count">' not in heatmap
    # The counts are still in the table, for screen readers (none visible).
    counts = re.findall(r'<span class="visually-hidden">(\d+)</span>', heatmap)
    assert counts.count("1") == 1 and set(counts) <= {"0", "1"}
    legend = re.search(r'<p class="heat-legend".*?</p>', page, re.S)[0]
    assert "Less" in legend and "More" in legend and legend.count("swatch level-") == 5
