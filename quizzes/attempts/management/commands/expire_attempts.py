from django.core.management.base import BaseCommand

from quizzes.attempts.models import Attempt
from quizzes.attempts.services import attempts_expire_overdue


class Command(BaseCommand):
    help = (
        "Hand in, with their saved answers, the attempts whose time is up (run from cron "
        "every minute: docs/deploy.md). Idempotent: running it again changes nothing."
    )

    def handle(self, *args, **options):
        handed_in = attempts_expire_overdue(attempts=Attempt.objects.all())
        self.stdout.write(f"Handed in {handed_in} attempt{'s' if handed_in != 1 else ''}.")
