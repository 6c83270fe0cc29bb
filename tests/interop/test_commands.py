"""The manage.py commands: import_gift, import_csv, export_gift, export_csv, export_anki."""

import zipfile

import pytest
from django.core.management import CommandError, call_command

from quizzes.questions.models import Question, QuestionSet
from tests.factories import QuestionSetFactory, make_question

pytestmark = pytest.mark.django_db


def test_import_gift_into_a_set(tmp_path, teacher, capsys):
    path = tmp_path / "bank.gift"
    path.write_text("::One::Is it?{T}\n\nEssay {}\n\nYear?{#1949}\n", encoding="utf-8")
    call_command("import_gift", str(path), owner=teacher.username, set_name="From Moodle")
    out, err = capsys.readouterr()
    assert "Imported 2 questions into set from-moodle." in out
    assert "Line 3: essay question skipped" in err
    assert QuestionSet.objects.get(slug="from-moodle").questions.count() == 2


def test_import_gift_errors_name_lines_and_save_nothing(tmp_path, teacher):
    path = tmp_path / "bad.gift"
    path.write_text("Fine?{T}\n\nBroken {#x}\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"Nothing imported:\nLine 3: the numeric answer"):
        call_command("import_gift", str(path), owner=teacher.username)
    assert not Question.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
        ("Caf\u00e9?{T}".encode("latin-1"), "Line 1: the file is not UTF-8 text"),
        (b"Q?{=" + b"a" * 30_000 + b"}", "Line 1: the line is 30,005 characters long"),
    ],
)
def test_import_refuses_unreadable_files(tmp_path, teacher, content, message):
    path = tmp_path / "bad.gift"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_gift", str(path), owner=teacher.username)


def test_import_needs_a_known_owner_and_file(tmp_path, teacher):
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        call_command("import_gift", "x.gift", owner="nobody")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_gift", str(tmp_path / "missing.gift"), owner=teacher.username)


def test_export_commands_write_files_that_import_again(tmp_path, teacher):
    kinds = ["single_choice", "numeric", "fill_blank", "matching"]
    question_set = QuestionSetFactory(questions=[make_question(k) for k in kinds])
    gift, csv, apkg = tmp_path / "s.gift", tmp_path / "s.csv", tmp_path / "s.apkg"
    call_command("export_gift", question_set.slug, str(gift))
    call_command("export_csv", question_set.slug, str(csv))
    call_command("export_anki", question_set.slug, str(apkg))
    assert gift.read_text().startswith(f"// {question_set.title}\n")
    assert zipfile.is_zipfile(apkg)
    call_command("import_gift", str(gift), owner=teacher.username, set_name="G")
    call_command("import_csv", str(csv), owner=teacher.username, set_name="C")
    assert QuestionSet.objects.get(slug="g").questions.count() == 4
    assert QuestionSet.objects.get(slug="c").questions.count() == 4


def test_export_needs_a_known_set(tmp_path):
    with pytest.raises(CommandError, match="No question set with slug 'nope'"):
        call_command("export_gift", "nope", str(tmp_path / "x.gift"))
