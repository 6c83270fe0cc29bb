"""Questions come in mixed order by default, drawn once per attempt and kept with it: a set
written grouped by type (four single choice, then the true/false ones…) is not sat that way,
a retake draws a new order, and a reload or "Continue" keeps the one drawn."""

import importlib
import random
import re
from itertools import groupby

import pytest
from django.apps import apps
from django.urls import reverse

from quizzes.attempts import services
from quizzes.attempts.models import Attempt
from quizzes.questions.models import QuestionSet, QuestionType
from tests.attempts.helpers import answer_post, answer_url, snapshot_at
from tests.factories import QuestionSetFactory, StudentFactory, TeacherFactory

pytestmark = pytest.mark.django_db

# Four kinds, three of each, written grouped by kind as the shipped sets were.
KINDS = ("single_choice", "true_false", "numeric", "short_answer")
GROUPED = [kind for kind in KINDS for _ in range(3)]


def kinds_in_order(question_set: QuestionSet, question_ids: list[int]) -> list[str]:
    kind_of = dict(question_set.items.values_list("question_id", "question__type"))
    return [kind_of[qid] for qid in question_ids]


def grouped_by_kind(kinds: list[str]) -> bool:
    """Whether each kind's questions come one after another (ABC-grouped, in any order)."""
    runs = [kind for kind, _ in groupby(kinds)]
    return len(runs) == len(set(kinds))


def test_a_new_set_mixes_its_questions(as_user, teacher):
    """The teacher's form starts with the box ticked, and a set saved from it mixes."""
    client = as_user(teacher)
    page = client.get(reverse("set_create")).text
    box = re.search(r'<input[^>]*name="shuffle_questions"[^>]*>', page)
    assert box and "checked" in box.group(0)
    data = {"title": "Mixed", "visibility": "private", "mode": "practice", "pass_mark": "60"}
    client.post(reverse("set_create"), data | {"reveal": "immediately", "shuffle_questions": "on"})
    assert QuestionSet.objects.get(owner=teacher).shuffle_questions is True
    assert QuestionSet().shuffle_questions is True  # as does any set made without the form


@pytest.mark.parametrize("seed", range(20))
def test_a_set_written_grouped_by_type_is_drawn_mixed(make_set, seed):
    question_set = make_set(GROUPED, shuffle_questions=True)
    stored = list(question_set.items.order_by("position").values_list("question_id", flat=True))
    assert grouped_by_kind(kinds_in_order(question_set, stored))
    question_ids, versions, option_order = services.draw_questions(
        question_set, random.Random(seed)
    )
    assert sorted(question_ids) == sorted(stored)
    assert set(versions) == set(option_order) == {str(qid) for qid in stored}
    assert not grouped_by_kind(kinds_in_order(question_set, question_ids))


def test_a_retake_draws_a_new_order(student, make_set):
    """Twelve questions: the same order twice would happen once in 479 million retakes."""
    question_set = make_set(GROUPED, shuffle_questions=True)
    first = services.attempt_start(user=student, question_set=question_set)
    services.attempt_submit(attempt=first, user=student)
    second = services.attempt_start(user=student, question_set=question_set)
    assert second.pk != first.pk
    assert sorted(second.question_ids) == sorted(first.question_ids)
    assert second.question_ids != first.question_ids
    # Two students each get their own order too.
    other = services.attempt_start(user=StudentFactory(), question_set=question_set)
    assert other.question_ids not in (first.question_ids, second.question_ids)


def test_a_set_kept_in_order_is_sat_in_its_order(student, make_set):
    question_set = make_set(GROUPED, shuffle_questions=False)
    attempt = services.attempt_start(user=student, question_set=question_set)
    assert attempt.question_ids == list(
        question_set.items.order_by("position").values_list("question_id", flat=True)
    )


def test_reload_and_continue_keep_the_order_drawn(client, student, make_set):
    question_set = make_set(GROUPED, shuffle_questions=True)
    client.force_login(student)
    client.post(reverse("attempt_start", args=[question_set.slug]))
    attempt = Attempt.objects.get(user=student)
    drawn = list(attempt.question_ids)
    play = reverse("attempt_play", args=[attempt.pk])

    def prompt_shown() -> str:
        return re.search(r'<h2 id="screen-heading"[^>]*>([^<]*)</h2>', client.get(play).text)[1]

    assert prompt_shown() == snapshot_at(attempt, 0)["prompt"]
    assert prompt_shown() == snapshot_at(attempt, 0)["prompt"]  # a reload: the same question
    client.post(answer_url(attempt), answer_post(attempt, 0))
    # "Start" again (the set page's Continue) resumes the same attempt, at the next question.
    client.post(reverse("attempt_start", args=[question_set.slug]))
    assert Attempt.objects.get().question_ids == drawn
    assert prompt_shown() == snapshot_at(attempt, 1)["prompt"]


def test_the_library_sets_made_in_order_are_mixed_by_the_migration(teacher):
    """The bank loader's sets were made when the default was the set's order; a teacher's
    own set keeps what its teacher chose."""
    migration = importlib.import_module(
        "quizzes.questions.migrations.0002_shuffle_questions_by_default"
    )
    library = QuestionSetFactory(
        owner=TeacherFactory(username=migration.BANK_OWNER), shuffle_questions=False
    )
    own = QuestionSetFactory(owner=teacher, shuffle_questions=False)
    migration.mix_library_sets(apps, None)
    library.refresh_from_db()
    own.refresh_from_db()
    assert library.shuffle_questions is True
    assert own.shuffle_questions is False


def test_every_type_drawn_mixed_is_graded_as_answered(client, student, make_set):
    """Options and matching sides are drawn with the questions: answering each question on
    its screen, in the drawn order, scores every one."""
    question_set = make_set([t.value for t in QuestionType] * 2, shuffle_questions=True)
    client.force_login(student)
    client.post(reverse("attempt_start", args=[question_set.slug]))
    attempt = Attempt.objects.get(user=student)
    assert set(attempt.option_order) == {str(qid) for qid in attempt.question_ids}
    for index in range(len(attempt.question_ids)):
        assert client.post(answer_url(attempt), answer_post(attempt, index)).status_code == 302
    client.post(reverse("attempt_submit", args=[attempt.pk]))
    attempt.refresh_from_db()
    assert attempt.percent == 100.0
