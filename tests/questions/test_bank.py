"""The shipped question bank: its size, coverage, and that every question is sourced."""

import json
import random
import re
from collections import Counter
from decimal import Decimal
from itertools import groupby

import pytest
from django.conf import settings
from django.db import transaction

from quizzes.attempts.services import draw_questions
from quizzes.questions.bank import load_question_bank
from quizzes.questions.models import (
    Citation,
    Question,
    QuestionSet,
    QuestionType,
    QuestionVersion,
    SetItem,
    Topic,
)
from quizzes.sources.ingest import ingest_directory
from tests.factories import ResponseFactory

BANK = settings.BASE_DIR / "fixtures" / "question_bank.json"
NOISE = re.compile(r"\[\d+\]|See also|Similar Posts|AI tools|AI-Generated|NATO Charter")
YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")


@pytest.fixture(scope="module")
def _bank_loaded(django_db_setup, django_db_blocker):
    """The seeds and the bank, loaded once for the module in a transaction rolled back at its
    end; each test runs inside it in its own savepoint (the `db` fixture), so what one test
    changes the next never sees."""
    with django_db_blocker.unblock(), transaction.atomic():
        ingest_directory(settings.SEEDS_DIR)
        load_question_bank(BANK)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def bank(_bank_loaded, db):
    pass


def test_bank_size_and_coverage(bank):
    published = Question.objects.filter(status=Question.Status.PUBLISHED)
    assert published.count() >= 180
    per_type = Counter(published.values_list("type", flat=True))
    assert {kind: per_type[kind] >= 5 for kind in QuestionType.values} == dict.fromkeys(
        QuestionType.values, True
    )
    assert Topic.objects.filter(questions__isnull=False).distinct().count() >= 6
    assert QuestionSet.objects.filter(status=QuestionSet.Status.PUBLISHED).count() >= 7
    assert not published.filter(citations__isnull=True).exists()
    assert not published.filter(explanation="").exists()


def test_every_quote_is_verbatim_in_its_document(bank):
    for citation in Citation.objects.select_related("passage__document"):
        assert citation.quote in citation.passage.text
        assert citation.quote in citation.passage.document.text, citation.question.key


def test_numbers_and_years_in_answers_appear_in_a_quote(bank):
    for question in Question.objects.prefetch_related("choices", "citations"):
        quotes = " ".join(c.quote for c in question.citations.all())
        if question.type == QuestionType.NUMERIC:
            value = format(question.numeric_value.normalize(), "f")
            assert value in quotes, question.key
        for choice in question.choices.all():
            if not choice.is_correct:
                continue
            for year in YEAR.findall(f"{choice.text} {choice.match_text}"):
                assert year in quotes, (question.key, year)


NUMBER = re.compile(r"\d+(?:\.\d+)?")


def test_no_numeric_tolerance_takes_in_another_figure_the_sources_state(bank):
    """A student who answers with a neighbouring figure (the 2% guideline for 2024's 2.02%)
    is not given the marks."""
    stated = {Decimal(n) for c in Citation.objects.all() for n in NUMBER.findall(c.quote)}
    for question in Question.objects.filter(type=QuestionType.NUMERIC):
        low = question.numeric_value - question.numeric_tolerance
        high = question.numeric_value + question.numeric_tolerance
        others = {n for n in stated if low <= n <= high and n != question.numeric_value}
        assert not others, (question.key, others)


def test_no_site_noise_or_citation_markers_in_questions(bank):
    for question in Question.objects.prefetch_related("choices"):
        texts = [question.prompt, question.explanation]
        texts += [f"{c.text} {c.match_text}" for c in question.choices.all()]
        for text in texts:
            assert not NOISE.search(text), (question.key, text)


def test_every_question_passes_its_model_invariants(bank):
    for question in Question.objects.prefetch_related("choices"):
        question.full_clean_with_answer_key()
        assert question.current_version.snapshot["prompt"] == question.prompt


def test_loading_twice_changes_nothing(bank):
    versions = QuestionVersion.objects.count()
    stamps = dict(Question.objects.values_list("key", "updated_at"))
    load_question_bank(BANK)
    assert QuestionVersion.objects.count() == versions
    assert dict(Question.objects.values_list("key", "updated_at")) == stamps


def test_editing_an_entry_records_a_new_version(bank, tmp_path):
    data = json.loads(BANK.read_text(encoding="utf-8"))
    entry = next(q for q in data["questions"] if q["type"] == QuestionType.NUMERIC)
    entry["prompt"] += " (edited)"
    edited = tmp_path / "bank.json"
    edited.write_text(json.dumps(data), encoding="utf-8")
    load_question_bank(edited)
    question = Question.objects.get(key=entry["key"])
    assert question.versions.count() == 2
    assert question.current_version.snapshot["prompt"].endswith("(edited)")
    assert question.numeric_value == Decimal(str(entry["value"]))


def test_a_key_gone_from_the_file_is_retired_and_past_scores_stay(bank, tmp_path):
    """Attempted: archived, out of every set, its responses and their versions kept.
    Never drawn: deleted. Loading the same file again retires nothing more."""
    data = json.loads(BANK.read_text(encoding="utf-8"))
    drawn, unused = data["questions"][0]["key"], data["questions"][1]["key"]
    question = Question.objects.get(key=drawn)
    response = ResponseFactory(question=question, score=1.0, is_correct=True)
    data["questions"] = data["questions"][2:]
    for question_set in data["sets"]:
        question_set["questions"] = [
            k for k in question_set["questions"] if k not in (drawn, unused)
        ]
    edited = tmp_path / "bank.json"
    edited.write_text(json.dumps(data), encoding="utf-8")

    assert load_question_bank(edited)["retired"] == 2

    question.refresh_from_db()
    assert question.status == Question.Status.ARCHIVED
    assert not SetItem.objects.filter(question=question).exists()
    assert not Question.objects.filter(key=unused).exists()
    response.refresh_from_db()
    assert (response.score, response.question_version.snapshot["prompt"]) == (1.0, question.prompt)
    assert load_question_bank(edited)["retired"] == 0


def test_the_library_sets_come_in_mixed_order(bank):
    """The bank lists a set's questions grouped by type; an attempt draws them mixed."""
    question_set = QuestionSet.objects.get(slug="founding-of-nato")
    assert QuestionSet.objects.filter(shuffle_questions=False).count() == 0
    kind_of = dict(question_set.items.values_list("question_id", "question__type"))
    stored = list(question_set.items.order_by("position").values_list("question_id", flat=True))
    orders = [draw_questions(question_set, random.Random(seed))[0] for seed in range(5)]
    for order in [stored, *orders]:
        assert sorted(order) == sorted(stored)
    runs = [[kind for kind, _ in groupby(kind_of[q] for q in order)] for order in orders]
    assert len([k for k, _ in groupby(kind_of[q] for q in stored)]) == len(set(kind_of.values()))
    assert all(len(r) > len(set(kind_of.values())) for r in runs)  # no longer one run a type
    assert len({tuple(order) for order in orders}) == 5
