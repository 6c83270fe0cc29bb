from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizzes.questions.services import sources_ingest


class Command(BaseCommand):
    help = (
        "Ingest the .txt documents of a folder; unchanged files are left alone, and the "
        "citations of a changed one move to its new version."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory: Path, **options):
        if not directory.is_dir():
            raise CommandError(f"{directory} is not a folder.")
        report, broken_citations = sources_ingest(directory=directory)
        for document in report.created:
            self.stdout.write(f"created  {document.file_name}: {document.title}")
        for document in report.updated:
            self.stdout.write(f"updated  {document.file_name} to version {document.version}")
        self.stdout.write(
            f"{len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged."
        )
        for citation in broken_citations:
            self.stderr.write(
                f"question {citation.question.key}: quoted passage no longer in "
                f"{citation.passage.document.file_name}: “{citation.quote[:80]}”"
            )
