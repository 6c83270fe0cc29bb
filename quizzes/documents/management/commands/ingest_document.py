from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizzes.accounts.models import User
from quizzes.documents.extraction import ExtractionRefused, extract
from quizzes.documents.services import document_store


class Command(BaseCommand):
    help = "Store a file (.txt, .md, .html, .pdf, .docx) as a teacher's private document."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--owner", required=True, help="the teacher's username")

    def handle(self, *args, file: Path, owner: str, **options):
        user = User.objects.filter(username=owner).first()
        if user is None:
            raise CommandError(f"No user {owner!r}.")
        if not file.is_file():
            raise CommandError(f"{file} is not a file.")
        try:
            extracted = extract(name=file.name, data=file.read_bytes())
        except ExtractionRefused as refusal:
            raise CommandError(f"{file.name}: {refusal}") from None
        stored = document_store(owner=user, extracted=extracted, file_name=file.name)
        document = stored.document
        verb = "created" if stored.created else "unchanged"
        self.stdout.write(
            f"{verb}  {document.slug}: {document.title} ({document.passages.count()} passages)"
        )
