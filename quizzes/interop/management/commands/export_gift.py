from pathlib import Path

from django.core.management.base import BaseCommand

from quizzes.interop.commands import export_set
from quizzes.interop.gift import write_gift


class Command(BaseCommand):
    help = "Write a question set as a Moodle GIFT file."

    def add_arguments(self, parser):
        parser.add_argument("set_slug")
        parser.add_argument("file")

    def handle(self, *args, set_slug, file, **options):
        question_set, questions = export_set(set_slug)
        Path(file).write_text(write_gift(questions, heading=question_set.title), encoding="utf-8")
        self.stdout.write(f"Wrote {len(questions)} questions to {file}.")
