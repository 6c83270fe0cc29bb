import json

from django.core.management.base import BaseCommand, CommandError

from quizzes.accounts.models import User
from quizzes.documents.models import Draft
from quizzes.documents.services import drafts_propose
from quizzes.sources.models import Document


class Command(BaseCommand):
    help = (
        "Draft questions from a document into its owner's review queue; --json lists the "
        "pending drafts (type, prompt, answer, quote)."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--owner", required=True, help="whose review queue")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, slug: str, owner: str, json: bool = False, **options):
        user = User.objects.filter(username=owner).first()
        if user is None:
            raise CommandError(f"No user {owner!r}.")
        documents = Document.objects.filter(slug=slug, is_current=True)
        if not user.is_staff:
            documents = documents.filter(owner=user)
        document = documents.first()
        if document is None:
            raise CommandError(f"{owner} has no document {slug!r}.")
        created = drafts_propose(document=document, owner=user)
        drafts = Draft.objects.filter(
            document=document, owner=user, status=Draft.Status.PENDING
        ).order_by("position")
        if json:
            self.stdout.write(_dumps([_row(d) for d in drafts]))
        else:
            self.stdout.write(f"{created} new drafts; {drafts.count()} waiting for review.")


def _row(draft: Draft) -> dict:
    return {
        "type": draft.kind,
        "prompt": draft.prompt,
        "answer": draft.answer,
        "quote": draft.quote,
        "reason": draft.reason,
        "choices": draft.choices,
        "passage": draft.passage.position,
    }


def _dumps(rows: list[dict]) -> str:
    return json.dumps(rows, indent=2, ensure_ascii=False)
