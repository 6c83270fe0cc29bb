from pathlib import Path

from django.core.management.base import BaseCommand

from quizzes.interop.anki import anki_package
from quizzes.interop.commands import export_set


class Command(BaseCommand):
    help = "Write a question set as an Anki package (.apkg); re-exports update the notes."

    def add_arguments(self, parser):
        parser.add_argument("set_slug")
        parser.add_argument("file")

    def handle(self, *args, set_slug, file, **options):
        question_set, questions = export_set(set_slug)
        data = anki_package(
            questions=questions, deck_name=question_set.title, set_slug=question_set.slug
        )
        Path(file).write_bytes(data)
        self.stdout.write(f"Wrote {len(questions)} notes to {file}.")
