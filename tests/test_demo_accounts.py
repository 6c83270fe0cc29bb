import pytest
from django.core.management import CommandError, call_command

from quizzes.accounts.models import User
from quizzes.classes.management.commands.create_demo_accounts import DEMO_PASSWORD
from quizzes.classes.models import Classroom


def test_demo_accounts_and_class_are_created_once(db, settings):
    settings.DEBUG = True
    call_command("create_demo_accounts")
    call_command("create_demo_accounts")
    teacher = User.objects.get(username="teacher")
    assert teacher.is_teacher and teacher.check_password(DEMO_PASSWORD)
    classroom = Classroom.objects.get(owner=teacher)
    assert sorted(classroom.students.values_list("username", flat=True)) == [
        "student1",
        "student2",
    ]
    assert User.objects.get(username="admin").is_staff


def test_demo_accounts_are_refused_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("create_demo_accounts")
    assert not User.objects.filter(username="teacher").exists()
