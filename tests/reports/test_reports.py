"""Gradebook (page, CSV, drill-down, review) and item analysis."""

import csv
import html
import io
import re
import statistics
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from quizzes.attempts.models import Attempt
from quizzes.questions.models import QuestionType
from quizzes.reports.selectors import item_analysis_for_set
from tests.factories import (
    AssignmentFactory,
    AttemptFactory,
    ClassroomFactory,
    MembershipFactory,
    QuestionFactory,
    QuestionSetFactory,
    ResponseFactory,
    StudentFactory,
    make_question,
)

pytestmark = pytest.mark.django_db


def submitted(user, assignment, percent, *, number, late=False, minutes_ago=0):
    return AttemptFactory(
        user=user,
        question_set=assignment.question_set,
        assignment=assignment,
        number=number,
        status=Attempt.Status.SUBMITTED,
        submitted_at=timezone.now() - timedelta(minutes=minutes_ago),
        percent=percent,
        late=late,
    )


@pytest.fixture
def book(teacher):
    """A class of two students and three assignments graded best, last and average."""
    classroom = ClassroomFactory(owner=teacher, name='Year 10, "Blue"')
    anna = StudentFactory(username="anna", first_name="Anna", last_name="Ångström")
    ben = StudentFactory(username="ben", first_name="Ben", last_name="Baker")
    for student in (anna, ben):
        MembershipFactory(classroom=classroom, student=student)
    best = AssignmentFactory(classroom=classroom, grading="best", question_set__title="Quiz, one")
    last = AssignmentFactory(classroom=classroom, grading="last", question_set__title="Quiz two")
    average = AssignmentFactory(
        classroom=classroom, grading="average", question_set__title="Quiz three"
    )
    for assignment in (best, last, average):
        submitted(anna, assignment, 40.0, number=1, minutes_ago=10)
        submitted(anna, assignment, 90.0, number=2, minutes_ago=5)
        submitted(anna, assignment, 70.0, number=3, minutes_ago=1)
    submitted(ben, best, 55.0, number=1, late=True)
    AttemptFactory(user=ben, question_set=last.question_set, assignment=last, number=1)
    return classroom, anna, ben, (best, last, average)


def test_gradebook_grid_follows_grading_rules(as_user, teacher, book):
    classroom, anna, ben, _ = book
    page = as_user(teacher).get(reverse("gradebook", args=[classroom.pk]))
    assert page.status_code == 200
    rows = page.text.split("<tr>")
    anna_row = next(r for r in rows if "Anna" in r)
    ben_row = next(r for r in rows if "Ben Baker" in r)
    cells = re.findall(r'<td class="cell-(\w+)">([^<]*)<span', anna_row)
    assert cells == [("submitted", "90% "), ("submitted", "70% "), ("submitted", "67% ")]
    assert "Submitted late" in ben_row and "55%" in ben_row
    assert "In progress" in ben_row and "Not started" in ben_row
    assert reverse("student_results", args=[classroom.pk, anna.pk]) in anna_row


def test_gradebook_cells_round_halves_like_the_average_column(as_user, teacher):
    """5 of 8 is 62.5%: the cell and the student's average (floatformat, half up) must both
    say 63%, not 62% beside 63%."""
    classroom = ClassroomFactory(owner=teacher)
    student = StudentFactory(first_name="Ria", last_name="Half")
    MembershipFactory(classroom=classroom, student=student)
    assignment = AssignmentFactory(classroom=classroom)
    submitted(student, assignment, 62.5, number=1)
    page = as_user(teacher).get(reverse("gradebook", args=[classroom.pk])).text
    row = next(r for r in page.split("<tr>") if "Ria Half" in r)
    assert re.findall(r'<td class="cell-\w+">([^<]*)<span', row) == ["63% "]
    assert "</td><td>63%</td></tr>" in row


def test_gradebook_csv(as_user, teacher, book):
    classroom, *_ = book
    response = as_user(teacher).get(reverse("gradebook_csv", args=[classroom.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith("\ufeff".encode())  # Excel reads it as UTF-8
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = rows[0]
    assert header[:2] == ["Username", "Name"]
    assert header[2].startswith("Quiz, one (due ") and header[2].endswith(" %")
    assert header[-1] == "Average % (missed counts 0)"
    assert len(rows) == 3  # one header row, one row per student
    anna = next(r for r in rows if r[0] == "anna")
    assert anna[1] == "Anna Ångström"
    assert anna[2:8] == ["90.0", "Submitted", "70.0", "Submitted", "66.7", "Submitted"]
    assert anna[-1] == "75.6"
    ben = next(r for r in rows if r[0] == "ben")
    assert ben[2:4] == ["55.0", "Submitted late"]
    assert ben[4:6] == ["", "In progress"]
    assert '"Quiz, one' in response.content.decode()


def test_gradebook_average_counts_missed_work_as_zero(as_user, teacher):
    """A missed assignment (past due, late work refused, no attempt) counts 0 in the
    average, on the page and in the CSV; work not yet due, or overdue while late work is
    still accepted, stays out of it."""
    classroom = ClassroomFactory(owner=teacher)
    student = StudentFactory(username="mia", first_name="Mia", last_name="Missed")
    idle = StudentFactory(username="ida", first_name="Ida", last_name="Idle")
    for person in (student, idle):
        MembershipFactory(classroom=classroom, student=person)
    now = timezone.now()
    past = {"opens_at": now - timedelta(days=10), "due_at": now - timedelta(days=1)}
    AssignmentFactory(classroom=classroom, accept_late=False, **past)  # missed by both
    done = AssignmentFactory(classroom=classroom, accept_late=False, **past)
    AssignmentFactory(classroom=classroom, accept_late=True, **past)  # late still accepted
    AssignmentFactory(classroom=classroom)  # not due yet
    submitted(student, done, 35.0, number=1)

    client = as_user(teacher)
    page = client.get(reverse("gradebook", args=[classroom.pk])).text
    mia = next(r for r in page.split("<tr>") if "Mia Missed" in r)
    assert re.findall(r'<td class="cell-(\w+)">', mia) == [
        "missed",
        "submitted",
        "not_started",
        "not_started",
    ]
    assert "</td><td>18%</td></tr>" in mia  # (0 + 35) / 2 = 17.5, not 35
    ida = next(r for r in page.split("<tr>") if "Ida Idle" in r)
    assert "<td>0%</td></tr>" in ida  # two missed, nothing submitted
    assert "Average: over submitted and missed assignments; missed work counts as 0." in page

    response = client.get(reverse("gradebook_csv", args=[classroom.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][-1] == "Average % (missed counts 0)"
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["mia"][-1] == "17.5"
    assert by_name["ida"][-1] == "0.0"


def test_student_drill_down_and_review_use_answered_version(as_user, teacher, book):
    classroom, anna, _, (best, *_) = book
    question = QuestionFactory(author=teacher, prompt="When was NATO founded?")
    right = question.choices.get(is_correct=True)
    attempt = Attempt.objects.get(user=anna, assignment=best, number=2)
    ResponseFactory(
        attempt=attempt, question=question, answer={"choice": str(right.public_id)}, score=1.0
    )
    # Later the teacher changes the key; the review still shows the key that was used.
    question.choices.update(is_correct=False)
    question.choices.filter(text="1955").update(is_correct=True)
    from quizzes.questions.services import question_version_publish

    question_version_publish(question=question)
    client = as_user(teacher)
    results = client.get(reverse("student_results", args=[classroom.pk, anna.pk]))
    review_url = reverse("attempt_review_teacher", args=[attempt.pk])
    assert review_url in results.text
    review = client.get(review_url)
    assert review.status_code == 200
    assert "When was NATO founded?" in review.text
    assert "version 1" in review.text
    text = review.text.split("Correct answer</dt><dd>")[1]
    assert text.startswith('<ul class="answer-lines"><li>1949</li></ul>')


def test_review_lists_unanswered_questions(as_user, teacher):
    """The attempt's percent counts a skipped question as 0 of 1; the teacher's review
    must list it (with the key of the version drawn), not only the answered ones."""
    first = QuestionFactory(author=teacher, prompt="When was NATO founded?")
    skipped = QuestionFactory(author=teacher, prompt="Where is NATO's headquarters?")
    question_set = QuestionSetFactory(owner=teacher, questions=[first, skipped])
    assignment = AssignmentFactory(
        classroom=ClassroomFactory(owner=teacher), question_set=question_set
    )
    attempt = submitted(StudentFactory(), assignment, 50.0, number=1)
    right = first.choices.get(is_correct=True)
    ResponseFactory(attempt=attempt, question=first, answer={"choice": str(right.public_id)})
    review = as_user(teacher).get(reverse("attempt_review_teacher", args=[attempt.pk])).text
    items = re.findall(r'<li value="(\d+)">(.*?)</dl>', review, re.S)
    assert [position for position, _ in items] == ["1", "2"]
    assert "Where is NATO" in items[1][1] and "(no answer)" in items[1][1]
    assert "0.00 of 1 · not answered" in items[1][1]
    assert skipped.choices.get(is_correct=True).text in items[1][1]


def test_review_shows_fill_in_blanks_as_gaps_and_answers_per_blank(as_user, teacher):
    """A fill-in-the-blank question reads as on the student's result page: gaps, not {1},
    and the answer given and the key one line per blank."""
    question = make_question(
        QuestionType.FILL_BLANK,
        author=teacher,
        prompt="The {1} enlargement of NATO came in {2}.",
        choices=[
            *({"text": text, "blank": 1, "is_correct": True} for text in ("4", "4th", "four")),
            {"text": "fourth", "blank": 1, "is_correct": True},
            {"text": "1949", "blank": 2, "is_correct": True},
        ],
    )
    assignment = AssignmentFactory(
        classroom=ClassroomFactory(owner=teacher),
        question_set=QuestionSetFactory(owner=teacher, questions=[question]),
    )
    attempt = submitted(StudentFactory(), assignment, 0.0, number=1)
    ResponseFactory(
        attempt=attempt,
        question=question,
        answer={"blanks": {"1": "Soviet Union", "2": "Soviet Union"}},
        score=0.0,
        is_correct=False,
    )
    review = as_user(teacher).get(reverse("attempt_review_teacher", args=[attempt.pk])).text
    assert "The ____ (1) enlargement of NATO came in ____ (2)." in review
    assert "{1}" not in review and "{2}" not in review
    assert "<li>Blank 1: Soviet Union</li><li>Blank 2: Soviet Union</li>" in review
    assert "<li>Blank 1: 4 or 4th or four or fourth</li><li>Blank 2: 1949</li>" in review
    assert "0.00 of 1 · incorrect" in review


def test_drill_down_only_for_members(as_user, teacher, book):
    classroom, *_ = book
    outsider = StudentFactory()
    url = reverse("student_results", args=[classroom.pk, outsider.pk])
    assert as_user(teacher).get(url).status_code == 404


@pytest.mark.parametrize("size", [(2, 2), (25, 8)])
def test_gradebook_query_budget(as_user, teacher, size, django_assert_max_num_queries):
    students, assignments = size
    classroom = ClassroomFactory(owner=teacher)
    people = [MembershipFactory(classroom=classroom).student for _ in range(students)]
    question_set = QuestionSetFactory(owner=teacher)
    for _ in range(assignments):
        assignment = AssignmentFactory(classroom=classroom, question_set=question_set)
        for number, person in enumerate(people[:5], start=1):
            submitted(person, assignment, 50.0, number=number + 100 * assignment.pk)
    past_due = timezone.now() - timedelta(days=1)
    AssignmentFactory(  # missed by everyone: counted in each average at no extra query
        classroom=classroom, question_set=question_set, due_at=past_due, accept_late=False
    )
    client = as_user(teacher)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("gradebook", args=[classroom.pk]))
    assert len(re.findall(r'<td class="cell-', page.text)) == students * (assignments + 1)
    assert page.text.count('<td class="cell-missed">') == students
    with django_assert_max_num_queries(12):
        assert client.get(reverse("gradebook_csv", args=[classroom.pk])).status_code == 200


def test_an_attempt_whose_time_ran_out_unattended_reads_as_handed_in(as_user, teacher):
    """The student answered one of two questions and left; nobody reopened the attempt.
    Every teacher's page reads it as handed in at its deadline with what was saved, and
    writes nothing (a GET); `expire_attempts` then writes it, and the pages stay the same."""
    classroom = ClassroomFactory(owner=teacher)
    student = MembershipFactory(classroom=classroom).student
    questions = [QuestionFactory(), QuestionFactory()]
    question_set = QuestionSetFactory(owner=teacher, questions=questions, time_limit_minutes=10)
    assignment = AssignmentFactory(classroom=classroom, question_set=question_set)
    deadline = timezone.now() - timedelta(minutes=1)
    attempt = AttemptFactory(
        user=student, question_set=question_set, assignment=assignment, deadline=deadline
    )
    ResponseFactory(attempt=attempt, question=questions[0], position=0, score=1.0)
    # One still within its time stays open.
    running = AttemptFactory(
        user=MembershipFactory(classroom=classroom).student,
        question_set=question_set,
        assignment=assignment,
        deadline=timezone.now() + timedelta(minutes=5),
    )
    client = as_user(teacher)
    urls = {
        "gradebook": reverse("gradebook", args=[classroom.pk]),
        "csv": reverse("gradebook_csv", args=[classroom.pk]),
        "student": reverse("student_results", args=[classroom.pk, student.pk]),
        "review": reverse("attempt_review_teacher", args=[attempt.pk]),
        "items": reverse("item_analysis", args=[question_set.slug]),
        "progress": reverse("class_progress", args=[classroom.pk]),
    }

    def pages():
        token = re.compile(r'"X-CSRFToken": "[^"]+"|name="csrfmiddlewaretoken" value="[^"]+"')
        return {name: token.sub("", client.get(url).content.decode()) for name, url in urls.items()}

    read = pages()
    gradebook = read["gradebook"]
    assert gradebook.count("In progress") == 1 and "50%" in gradebook  # the running one
    row = next(line for line in read["csv"].splitlines() if line.startswith(student.username))
    assert row.split(",")[2:4] == ["50.0", "Submitted"]
    assert "In progress" not in read["student"] and "50%" in read["student"]
    for record in (attempt, running):
        record.refresh_from_db()
        assert record.is_open  # nothing written by a GET
    call_command("expire_attempts", stdout=io.StringIO())
    attempt.refresh_from_db()
    running.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED and running.is_open
    assert (attempt.percent, attempt.submitted_at) == (50.0, deadline)
    assert pages() == read  # the written attempt shows as it was read


# --- Item analysis -----------------------------------------------------------------------


def _attempt(question_set, answers, drawn=None):
    """A submitted attempt; `answers` maps question -> (score, answer JSON); `drawn` lists
    the questions it drew (default: those answered)."""
    attempt = AttemptFactory(
        question_set=question_set,
        status=Attempt.Status.SUBMITTED,
        submitted_at=timezone.now(),
        question_ids=[question.pk for question in drawn or answers],
        score=sum(score for score, _ in answers.values()),
    )
    for position, (question, (score, answer)) in enumerate(answers.items()):
        ResponseFactory(
            attempt=attempt, question=question, position=position, score=score, answer=answer
        )
    return attempt


def test_item_analysis_numbers(teacher):
    q1 = QuestionFactory(author=teacher)
    q2 = make_question(QuestionType.MULTIPLE_ANSWER, author=teacher)
    q3 = make_question(QuestionType.SHORT_ANSWER, author=teacher)
    question_set = QuestionSetFactory(owner=teacher, questions=[q1, q2, q3])
    ids1 = [str(c.public_id) for c in q1.choices.all()]
    ids2 = [str(c.public_id) for c in q2.choices.all()]
    scores = [
        (1.0, 1.0, 1.0, ids1[0], [ids2[0], ids2[1]]),
        (1.0, 0.5, 1.0, ids1[0], [ids2[0]]),
        (0.0, 0.0, 0.0, ids1[1], [ids2[2]]),
        (1.0, 0.5, 0.0, ids1[0], [ids2[1], ids2[3]]),
        (0.0, 0.0, 1.0, ids1[2], []),
    ]
    for s1, s2, s3, choice, choices in scores:
        _attempt(
            question_set,
            {
                q1: (s1, {"choice": choice}),
                q2: (s2, {"choices": choices}),
                q3: (s3, {"text": "x"}),
            },
        )
    # An unfinished attempt does not count.
    AttemptFactory(question_set=question_set)
    items = item_analysis_for_set(question_set=question_set)
    first, second, third = items
    assert first.responses == 5
    assert first.facility == pytest.approx(0.6)
    x = [s[0] for s in scores]
    rest = [s[1] + s[2] for s in scores]
    assert first.discrimination == pytest.approx(statistics.correlation(x, rest))
    assert [o.count for o in first.options] == [3, 1, 1]
    assert [o.count for o in second.options] == [2, 2, 1, 1]
    assert second.facility == pytest.approx(0.4)
    assert third.options == []


def test_item_analysis_counts_a_skipped_question_as_the_attempt_score_did(as_user, teacher):
    """A question students leave blank is not made easy by leaving it out: it counts 0, as
    in their scores, and the page says how many skipped it."""
    q1, q2 = QuestionFactory(author=teacher), QuestionFactory(author=teacher)
    question_set = QuestionSetFactory(owner=teacher, questions=[q1, q2])
    scores = [(1.0, 1.0), (1.0, None), (0.0, 0.0), (1.0, None), (0.0, 1.0)]  # None: skipped
    for s1, s2 in scores:
        answered = {q1: (s1, {})} | ({q2: (s2, {})} if s2 is not None else {})
        _attempt(question_set, answered, drawn=[q1, q2])
    first, second = item_analysis_for_set(question_set=question_set)
    assert (second.responses, second.skipped) == (3, 2)
    x = [s2 or 0.0 for _, s2 in scores]
    rest = [s1 for s1, _ in scores]
    assert second.facility == pytest.approx(sum(x) / 5)
    assert second.discrimination == pytest.approx(statistics.correlation(x, rest))
    assert (first.responses, first.skipped) == (5, 0)
    assert first.discrimination == pytest.approx(
        statistics.correlation(rest, [s2 or 0.0 for _, s2 in scores])
    )
    page = as_user(teacher).get(reverse("item_analysis", args=[question_set.slug])).text
    assert '<th scope="col">Skipped</th>' in page


def test_item_analysis_keeps_a_question_removed_from_the_set(as_user, teacher):
    """A teacher who took a flawed question out of the set still sees how it did."""
    from quizzes.questions.services import set_item_remove

    kept = QuestionFactory(author=teacher, prompt="Kept question")
    removed = QuestionFactory(author=teacher, prompt="Flawed question")
    question_set = QuestionSetFactory(owner=teacher, questions=[kept, removed])
    for s1, s2 in [(1.0, 0.0), (0.0, 0.0), (1.0, 1.0)]:
        _attempt(question_set, {kept: (s1, {}), removed: (s2, {})})
    set_item_remove(item=question_set.items.get(question=removed))
    first, second = item_analysis_for_set(question_set=question_set)
    assert (first.question_id, first.in_set, first.position) == (kept.pk, True, 1)
    assert (second.question_id, second.in_set, second.position) == (removed.pk, False, None)
    assert second.responses == 3 and second.facility == pytest.approx(1 / 3)
    page = as_user(teacher).get(reverse("item_analysis", args=[question_set.slug])).text
    assert (
        page.index("Kept question")
        < page.index("No longer in the set")
        < page.index("Flawed question")
    )


def test_item_analysis_flags(teacher):
    easy, hard = QuestionFactory(author=teacher), QuestionFactory(author=teacher)
    question_set = QuestionSetFactory(owner=teacher, questions=[easy, hard])
    for _ in range(4):
        _attempt(question_set, {easy: (1.0, {}), hard: (0.0, {})})
    first, second = item_analysis_for_set(question_set=question_set)
    assert any("Very easy" in f for f in first.flags)
    assert any("Very hard" in f for f in second.flags)
    assert first.discrimination is None  # no variation: not computable, not flagged


def test_item_analysis_page(as_user, teacher, other_teacher):
    question = QuestionFactory(author=teacher, prompt="Hardest question")
    question_set = QuestionSetFactory(owner=teacher, questions=[question])
    _attempt(question_set, {question: (0.0, {"choice": "nothing"})})
    url = reverse("item_analysis", args=[question_set.slug])
    page = as_user(teacher).get(url)
    assert page.status_code == 200
    assert "Hardest question" in page.text and "Very hard" in page.text
    assert as_user(other_teacher).get(url).status_code == 404


def test_item_analysis_does_not_call_an_unanswered_question_ok(as_user, teacher):
    """A question with no responses has no figures to judge: its Review cell must not say
    "OK" (as if it had been checked) but that there are no responses yet."""
    answered = QuestionFactory(author=teacher, prompt="Answered question")
    skipped = QuestionFactory(author=teacher, prompt="Skipped question")
    question_set = QuestionSetFactory(owner=teacher, questions=[answered, skipped])
    for score in (1.0, 0.0, 1.0):
        _attempt(question_set, {answered: (score, {"choice": "x"})})
    page = as_user(teacher).get(reverse("item_analysis", args=[question_set.slug])).text
    rows = {
        name: row for row in page.split("<tr") for name in ("Answered", "Skipped") if name in row
    }
    assert rows["Answered"].rstrip().endswith('<td class="review-cell">OK</td>\n  </tr>')
    assert ">OK</td>" not in rows["Skipped"] and "No responses yet" in rows["Skipped"]


def test_item_analysis_warns_below_30_responses(as_user, teacher):
    question = QuestionFactory(author=teacher, prompt="Few answers")
    question_set = QuestionSetFactory(owner=teacher, questions=[question])
    url = reverse("item_analysis", args=[question_set.slug])
    client = as_user(teacher)
    assert 'id="few-responses"' not in client.get(url).text  # nothing answered: no figures
    for score in [1.0, 0.0] * 14 + [1.0]:  # 29 responses
        _attempt(question_set, {question: (score, {})})
    page = client.get(url).text
    assert 'id="few-responses"' in page and "Too few responses to judge yet." in page
    assert "the most is 29" in page and "fewer than 30" in page
    _attempt(question_set, {question: (0.0, {})})  # the 30th
    page = client.get(url).text
    assert 'id="few-responses"' not in page and "fewer than 30" not in page


def test_item_analysis_negative_discrimination_says_check_the_answer_key(as_user, teacher):
    """Students who do well on the rest get this one wrong: the key is likely wrong."""
    keyed_wrong = QuestionFactory(author=teacher, prompt="Wrongly keyed")
    others = [QuestionFactory(author=teacher) for _ in range(2)]
    question_set = QuestionSetFactory(owner=teacher, questions=[keyed_wrong, *others])
    for strong in (True, False, True, False, True):
        rest = 1.0 if strong else 0.0
        answers = {keyed_wrong: (1.0 - rest, {})} | {q: (rest, {}) for q in others}
        _attempt(question_set, answers)
    first, *_ = item_analysis_for_set(question_set=question_set)
    assert first.discrimination is not None and first.discrimination < 0
    assert not any("Weak discrimination" in flag for flag in first.flags)
    page = as_user(teacher).get(reverse("item_analysis", args=[question_set.slug])).text
    assert "Check the answer key" in page


def test_item_analysis_shows_whole_prompts_with_gaps_for_blanks(as_user, teacher):
    long_prompt = "Which of these statements about the alliance's founding treaty is true? " * 3
    long_question = QuestionFactory(author=teacher, prompt=long_prompt.strip())
    blank = make_question(
        QuestionType.FILL_BLANK, author=teacher, prompt="NATO was established in {1}."
    )
    question_set = QuestionSetFactory(owner=teacher, questions=[long_question, blank])
    _attempt(question_set, {long_question: (1.0, {}), blank: (0.0, {})})
    page = as_user(teacher).get(reverse("item_analysis", args=[question_set.slug])).text
    assert html.escape(long_prompt.strip(), quote=True) in page  # not cut off with "…"
    assert "NATO was established in ____ (1)." in page and "{1}" not in page
    assert 'class="question-cell"' in page


@pytest.mark.parametrize("attempts", [2, 40])
def test_item_analysis_query_budget(as_user, teacher, attempts, django_assert_max_num_queries):
    questions = [
        QuestionFactory(author=teacher),
        make_question(QuestionType.MULTIPLE_ANSWER, author=teacher),
        make_question(QuestionType.TRUE_FALSE, author=teacher),
        make_question(QuestionType.NUMERIC, author=teacher),
    ]
    question_set = QuestionSetFactory(owner=teacher, questions=questions)
    for i in range(attempts):
        _attempt(question_set, {q: (float(i % 2), {}) for q in questions})
    client = as_user(teacher)
    url = reverse("item_analysis", args=[question_set.slug])
    # user, set, attempts whose time ran out (none), items, the submitted attempts'
    # version, the figures (one pass over the responses, one over the attempts' draws)
    with django_assert_max_num_queries(7):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(5):  # the figures from the cache (reports.caching)
        assert client.get(url).status_code == 200


def test_csv_neutralises_formulas(as_user, teacher):
    classroom = ClassroomFactory(owner=teacher)
    MembershipFactory(classroom=classroom, student=StudentFactory(first_name="=HYPERLINK(1)"))
    AssignmentFactory(classroom=classroom, question_set__title="+cmd")
    text = as_user(teacher).get(reverse("gradebook_csv", args=[classroom.pk])).content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][2].startswith("'+cmd")
    assert rows[1][1].startswith("'=HYPERLINK")


def test_gradebook_times_in_teacher_time_zone(as_user, teacher):
    teacher.time_zone = "Asia/Tokyo"
    teacher.save()
    classroom = ClassroomFactory(owner=teacher)
    due = timezone.now().replace(hour=20, minute=0, second=0, microsecond=0)
    AssignmentFactory(classroom=classroom, due_at=due, opens_at=due - timedelta(days=1))
    page = as_user(teacher).get(reverse("class_detail", args=[classroom.pk]))
    assert ", 05:00" in page.text  # 20:00 UTC is 05:00 the next day in Tokyo
