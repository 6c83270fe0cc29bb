"""The shipped NATO bank survives GIFT and CSV export and re-import unchanged."""

from pathlib import Path

import pytest
from django.conf import settings

from quizzes.interop.csv_format import parse_csv, write_csv
from quizzes.interop.gift import parse_gift, write_gift
from quizzes.interop.selectors import parsed_from_question
from quizzes.interop.services import questions_import
from quizzes.questions.bank import load_question_bank
from quizzes.questions.models import Question
from quizzes.sources.ingest import ingest_directory
from tests.interop.conftest import comparable

BANK = Path(settings.BASE_DIR) / "fixtures" / "question_bank.json"


@pytest.fixture
def bank(db):
    if not BANK.exists():
        pytest.skip("fixtures/question_bank.json is not in this branch yet")
    ingest_directory(settings.SEEDS_DIR)
    load_question_bank(BANK)
    return list(
        Question.objects.order_by("key").prefetch_related(
            "choices", "topics", "citations__passage__document"
        )
    )


@pytest.mark.parametrize(("write", "parse"), [(write_gift, parse_gift), (write_csv, parse_csv)])
def test_whole_bank_round_trips(bank, teacher, write, parse):
    text = write([parsed_from_question(q) for q in bank])
    summary = questions_import(parsed=parse(text), owner=teacher, set_name="Bank again")
    assert len(summary.questions) == len(bank) > 100
    imported = {q.pk: q for q in Question.objects.filter(author=teacher)}
    for original, new in zip(bank, summary.questions, strict=True):
        assert comparable(imported[new.pk]) == comparable(original), original.key
