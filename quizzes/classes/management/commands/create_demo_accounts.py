from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from quizzes.accounts.models import User
from quizzes.classes.models import Classroom, Membership

DEMO_PASSWORD = "demo-pass-2026"
DEMO_CLASS = "Demo class"


class Command(BaseCommand):
    help = "Create the demo accounts listed in the README (development only)."

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts are only created when DEBUG is on.")
        admin = self._user("admin", User.Role.TEACHER, is_staff=True, is_superuser=True)
        teacher = self._user("teacher", User.Role.TEACHER)
        students = [self._user(name, User.Role.STUDENT) for name in ("student1", "student2")]
        classroom, _ = Classroom.objects.get_or_create(owner=teacher, name=DEMO_CLASS)
        for student in students:
            Membership.objects.get_or_create(classroom=classroom, student=student)
        self.stdout.write(
            f"Demo accounts: {admin.username}, {teacher.username}, "
            f"{', '.join(s.username for s in students)} (password {DEMO_PASSWORD})."
        )

    def _user(self, username: str, role: str, **flags) -> User:
        user, created = User.objects.get_or_create(
            username=username, defaults={"role": role, **flags}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        return user
