import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from quizzes.questions import bank_audit

BANK = settings.BASE_DIR / "fixtures" / "question_bank.json"
FORMAT_DOC = settings.BASE_DIR / "docs" / "question-bank-format.md"


class Command(BaseCommand):
    help = "Print the question bank's balance figures; optionally write the changes note."

    def add_arguments(self, parser):
        parser.add_argument("--bank", type=Path, default=BANK)
        parser.add_argument("--changes-from", type=Path, help="an earlier question_bank.json")
        parser.add_argument("--note", type=Path, help="where to write the changes note")

    def handle(self, *args, bank: Path, changes_from: Path | None, note: Path | None, **options):
        data = json.loads(bank.read_text(encoding="utf-8"))
        documents = bank_audit.document_passages(settings.SEEDS_DIR)
        self.stdout.write(json.dumps(bank_audit.figures(data, documents), indent=2))
        if changes_from and note:
            old = json.loads(changes_from.read_text(encoding="utf-8"))
            text = bank_audit.changes_note(old, data, FORMAT_DOC.read_text(encoding="utf-8"))
            note.write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {note}.")
