"""Issue 25's "done when": a new visitor signs up as a teacher, creates a class, a new
student signs up through its join link in a second browser and lands in the class, the
teacher assigns a library set without copying it, the student takes it, and the teacher's
dashboard and gradebook show the student's name and score. The flow is timed."""

import re
import time

import pytest

from quizzes.accounts.models import User
from quizzes.attempts.models import Attempt
from quizzes.classes.models import Assignment, Classroom, Membership
from quizzes.questions.models import QuestionSet, QuestionType
from tests.factories import QuestionSetFactory, TeacherFactory, make_question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}
WIDE = {"viewport": {"width": 1280, "height": 900}}


def _page(browser, **options):
    context = browser.new_context(**options)
    context.set_default_timeout(10_000)
    return context, context.new_page()


def _sign_up(page, *, username, first, last, teaches=False):
    page.get_by_label("First name").fill(first)
    page.get_by_label("Last name (optional)").fill(last)
    page.get_by_label("Username").fill(username)
    if teaches:
        page.get_by_label("I teach").check()
    page.locator("#id_password1").fill("a-long-pass-phrase-1")
    page.locator("#id_password2").fill("a-long-pass-phrase-1")
    page.get_by_role("button", name="Create account").click()


def test_a_teacher_goes_from_sign_up_to_a_graded_class_in_one_sitting(live_server, browser):
    author = TeacherFactory(first_name="Ada", last_name="Lovelace")
    library = QuestionSetFactory(
        owner=author,
        title="Founding of NATO",
        questions=[
            make_question(QuestionType.SINGLE_CHOICE, prompt="When was NATO established?"),
            make_question(
                QuestionType.TRUE_FALSE,
                prompt="NATO's founding treaty is the North Atlantic Treaty.",
            ),
        ],
    )
    url = live_server.url
    started = time.monotonic()

    # A visitor signs up as a teacher and lands on their dashboard.
    teacher_context, page = _page(browser, **WIDE)
    page.goto(f"{url}/")
    page.get_by_role("link", name=re.compile("^Sign up")).first.click()
    _sign_up(page, username="mrsgrant", first="Mary", last="Grant", teaches=True)
    page.wait_for_url(f"{url}/")
    assert User.objects.get(username="mrsgrant").is_teacher
    page.get_by_role("button", name="New class").click()
    page.get_by_label("Name").fill("Year 10 History")
    page.get_by_role("button", name="Create class").click()
    classroom = Classroom.objects.get(name="Year 10 History")
    page.goto(f"{url}/classes/{classroom.pk}/")
    link = page.locator(".join-link a").inner_text()
    assert link == f"{url}/join/{classroom.join_code}/"

    # A new student opens the link on a phone, signs up through it and joins.
    student_context, phone = _page(browser, **PHONE)
    phone.goto(link)
    phone.wait_for_url(f"{url}/accounts/signup/?next=*")
    _sign_up(phone, username="sam", first="Sam", last="Okoro")
    phone.wait_for_url(link)
    phone.get_by_role("button", name="Join Year 10 History").click()
    phone.get_by_text("You joined Year 10 History.").wait_for()
    assert Membership.objects.get(classroom=classroom).student.username == "sam"

    # The teacher assigns the library set as it is: no copy is made.
    page.goto(f"{url}/classes/{classroom.pk}/")
    page.get_by_role("link", name="Assign a question set").click()
    page.get_by_label("Find a set").fill("Founding")
    page.get_by_label("Question set").select_option(label="Founding of NATO — Ada Lovelace")
    page.get_by_role("button", name="Assign").click()
    page.get_by_text(re.compile("is assigned to Year 10 History")).wait_for()
    assert Assignment.objects.get(classroom=classroom).question_set == library
    assert QuestionSet.objects.filter(title__startswith="Founding of NATO").count() == 1

    # The student takes it: one right, one wrong.
    phone.goto(f"{url}/assignments/")
    phone.get_by_text("Founding of NATO").first.wait_for()
    phone.get_by_role("button", name=re.compile("^Start")).first.click()
    phone.get_by_text("Question 1 of 2").wait_for()
    phone.get_by_label("1949", exact=True).check()
    phone.get_by_role("button", name="Check answer").click()
    phone.get_by_role("link", name="Next question").click()
    phone.get_by_text("Question 2 of 2").wait_for()
    phone.get_by_label("False", exact=True).check()
    phone.get_by_role("button", name="Check answer").click()
    phone.get_by_role("button", name="Finish and see my result").click()
    phone.get_by_role("heading", name=re.compile("^Result")).wait_for()
    attempt = Attempt.objects.get(user__username="sam")
    assert attempt.status == Attempt.Status.SUBMITTED and attempt.percent == 50

    # The teacher's dashboard and gradebook show the student by name with the score.
    page.goto(f"{url}/")
    recent = page.locator("section", has=page.get_by_role("heading", name="Recent submissions"))
    assert "Sam Okoro" in recent.inner_text() and "50" in recent.inner_text()
    page.goto(f"{url}/classes/{classroom.pk}/")
    page.get_by_role("link", name="Gradebook").click()
    row = page.get_by_role("row").filter(has_text="Sam Okoro")
    assert "50" in row.inner_text()
    elapsed = time.monotonic() - started
    print(f"\nsign-up to graded class: {elapsed:.1f} s")
    student_context.close()
    teacher_context.close()
