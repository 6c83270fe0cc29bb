"""What the import/export management commands share."""

from pathlib import Path

from django.core.management.base import CommandError

from quizzes.accounts.models import User
from quizzes.interop.parsed import ImportFailed
from quizzes.interop.selectors import set_questions_for_export
from quizzes.interop.services import questions_import
from quizzes.interop.uploads import UploadError, decode, parse
from quizzes.questions.models import QuestionSet


def run_import(command, *, path: str, fmt: str, owner: str, set_name: str | None) -> None:
    try:
        user = User.objects.get(username=owner)
    except User.DoesNotExist:
        raise CommandError(f"No user named {owner!r}.") from None
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
    try:
        summary = questions_import(parsed=parse(decode(data), fmt), owner=user, set_name=set_name)
    except UploadError as error:
        raise CommandError(str(error)) from None
    except ImportFailed as failure:
        raise CommandError(
            "Nothing imported:\n" + "\n".join(str(e) for e in failure.errors)
        ) from None
    for warning in summary.warnings:
        command.stderr.write(f"Warning: {warning}")
    where = f" into set {summary.question_set.slug}" if summary.question_set else ""
    command.stdout.write(f"Imported {len(summary.questions)} questions{where}.")


def export_set(slug: str):
    try:
        question_set = QuestionSet.objects.get(slug=slug)
    except QuestionSet.DoesNotExist:
        raise CommandError(f"No question set with slug {slug!r}.") from None
    return question_set, set_questions_for_export(question_set=question_set, user=None)
