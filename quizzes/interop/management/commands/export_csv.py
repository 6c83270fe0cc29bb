from pathlib import Path

from django.core.management.base import BaseCommand

from quizzes.interop.commands import export_set
from quizzes.interop.csv_format import write_csv


class Command(BaseCommand):
    help = "Write a question set as CSV (the columns import_csv reads)."

    def add_arguments(self, parser):
        parser.add_argument("set_slug")
        parser.add_argument("file")

    def handle(self, *args, set_slug, file, **options):
        _, questions = export_set(set_slug)
        Path(file).write_text(write_csv(questions), encoding="utf-8")
        self.stdout.write(f"Wrote {len(questions)} questions to {file}.")
