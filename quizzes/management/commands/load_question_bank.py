from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizzes.questions.bank import BankError, load_question_bank


class Command(BaseCommand):
    help = "Load the question bank JSON (run ingest_documents first)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        try:
            counts = load_question_bank(path)
        except (BankError, FileNotFoundError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{counts['questions']} questions, {counts['topics']} topics, {counts['sets']} sets, "
            f"{counts['retired']} retired."
        )
