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


def library_sets(count: int = 2):
    from quizzes.questions.models import QuestionType
    from tests.factories import QuestionSetFactory, UserFactory, make_question

    owner = UserFactory(username="nato-library")
    made = []
    for i in range(count):
        questions = [make_question(QuestionType.SINGLE_CHOICE) for _ in range(2)]
        questions.append(make_question(QuestionType.SHORT_ANSWER))
        made.append(QuestionSetFactory(owner=owner, title=f"Library {i}", questions=questions))
    return made


def test_the_demo_teacher_dashboard_shows_an_assignment_with_submissions(db, settings, client):
    from quizzes.attempts.models import Attempt
    from quizzes.classes.models import Assignment

    settings.DEBUG = True
    library_sets()
    call_command("create_demo_accounts")
    call_command("create_demo_accounts")  # idempotent: nothing added the second time
    teacher = User.objects.get(username="teacher")
    assert teacher.display_name == "Taylor Morgan"
    assert User.objects.get(username="student1").display_name == "Ana Silva"
    assignments = Assignment.objects.filter(classroom__owner=teacher)
    assert assignments.count() == 2
    handed_in = Attempt.objects.filter(assignment__in=assignments, status="submitted")
    assert handed_in.count() == 2 and {a.user.username for a in handed_in} == {"student1"}
    assert all(a.percent and a.percent > 0 for a in handed_in)
    client.force_login(teacher)
    page = client.get("/").text
    assert "<strong>1/2</strong>" in page  # the open one: Ana handed it in, Ben not yet
    assert "Ana Silva" in page and "Ben Okafor" in page and "missed Library" in page


def test_demo_accounts_without_a_library_make_no_assignment(db, settings):
    settings.DEBUG = True
    call_command("create_demo_accounts")
    assert not Classroom.objects.get(name="Demo class").assignments.exists()


def test_demo_accounts_made_before_names_get_them_and_keep_a_given_one(db, settings):
    settings.DEBUG = True
    User.objects.create(username="student1")
    User.objects.create(username="student2", first_name="Bea")
    call_command("create_demo_accounts")
    assert User.objects.get(username="student1").display_name == "Ana Silva"
    assert User.objects.get(username="student2").display_name == "Bea"
