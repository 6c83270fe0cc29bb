"""axe-core over the app's pages in their meaningful states, as each role sees them.

A state fails on an axe violation of impact serious or critical, or on an ARIA reference
(aria-describedby, aria-labelledby …) to an id that is not on the page: axe only lists
those as "incomplete". Every state's results are written to
test-results/accessibility/<role>-<nn>-<state>.json (the URL, axe's violations and
incomplete checks, the dangling references), so a failure can be read there; moderate and
minor violations are recorded in the same files without failing the test.
"""

import json
import re
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from quizzes.attempts.models import Attempt
from quizzes.flashcards.models import Deck
from quizzes.flashcards.services import deck_add
from quizzes.questions.models import QuestionSet, QuestionType
from tests.attempts.helpers import snapshot_at
from tests.browser.conftest import RESULTS
from tests.browser.helpers import htmx_settled, wait_until
from tests.browser.test_quiz_player import fill_answer
from tests.factories import (
    AssignmentFactory,
    ClassroomFactory,
    MembershipFactory,
    PassageFactory,
    QuestionFactory,
    QuestionSetFactory,
    ResponseFactory,
    StudentFactory,
    TopicFactory,
    make_question,
)
from tests.reports.test_progress import answer, attempt_at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OUT = RESULTS / "accessibility"
FAILING = {"serious", "critical"}
ALL_TYPES = [t.value for t in QuestionType]
IDREF_ATTRIBUTES = [
    "aria-activedescendant",
    "aria-controls",
    "aria-describedby",
    "aria-details",
    "aria-errormessage",
    "aria-labelledby",
    "aria-owns",
]
DANGLING_IDREFS = """attributes => {
  const dangling = [];
  for (const name of attributes) {
    for (const element of document.querySelectorAll(`[${name}]`)) {
      for (const id of element.getAttribute(name).split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) {
          const tag = element.tagName.toLowerCase() + (element.id ? `#${element.id}` : "");
          dangling.push(`${tag} ${name}="${id}"`);
        }
      }
    }
  }
  return dangling;
}"""


class Audit:
    """Runs axe on the page as it stands, saves the results, and keeps the failures."""

    axe = Axe()

    def __init__(self, role: str):
        self.role = role
        self.states: list[str] = []
        self.failures: list[str] = []
        OUT.mkdir(parents=True, exist_ok=True)
        for old in OUT.glob(f"{role}-*.json"):
            old.unlink()

    def __call__(self, page, state: str):
        page.wait_for_load_state()
        htmx_settled(page)
        results = self.axe.run(page).response
        name = f"{self.role}-{len(self.states) + 1:02d}-{state}"
        self.states.append(name)
        kept = {key: results.get(key) for key in ("url", "testEngine", "timestamp")}
        kept |= {"state": state, "violations": results["violations"]}
        kept["incomplete"] = results.get("incomplete", [])
        kept["dangling_idrefs"] = page.evaluate(DANGLING_IDREFS, IDREF_ATTRIBUTES)
        (OUT / f"{name}.json").write_text(json.dumps(kept, indent=1))
        for violation in results["violations"]:
            if violation["impact"] in FAILING:
                targets = ", ".join(str(n["target"]) for n in violation["nodes"][:3])
                self.failures.append(
                    f"{name}: {violation['id']} ({violation['impact']}) {violation['help']}"
                    f" — {len(violation['nodes'])} node(s): {targets}"
                )
        for reference in kept["dangling_idrefs"]:
            self.failures.append(f"{name}: ARIA reference to a missing id: {reference}")

    def assert_clean(self):
        assert self.states, "no page was checked"
        assert not self.failures, (
            f"{len(self.failures)} accessibility failure(s); axe's results are in {OUT}:\n"
            + "\n".join(self.failures)
        )


@pytest.fixture
def audit(request):
    return Audit(request.node.name.removeprefix("test_").removesuffix("_pages"))


def test_anonymous_pages(live_server, browser_page, audit, student):
    page = browser_page
    url = live_server.url
    QuestionSetFactory(title="Founding of NATO", description="The treaty of 1949.")
    page.goto(f"{url}/")
    audit(page, "home")
    page.goto(f"{url}/accounts/login/")
    audit(page, "login")
    page.get_by_label("Username").fill(student.username)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()
    page.get_by_text("Please enter a correct username").wait_for()
    audit(page, "login-error")
    page.goto(f"{url}/accounts/signup/")
    audit(page, "signup")
    page.get_by_label("First name").fill("Nia")
    page.get_by_label("Username").fill(student.username)  # taken
    page.locator("#id_password1").fill("pass-word-123")
    page.locator("#id_password2").fill("another-word-456")
    page.get_by_role("button", name="Create account").click()
    page.locator(".errorlist").first.wait_for()
    audit(page, "signup-errors")
    audit.assert_clean()


def test_student_pages(live_server, browser_page, login, audit, student, teacher):
    page = browser_page
    url = live_server.url
    passage = PassageFactory(
        heading="Founding", text="The North Atlantic Treaty was signed on April 4, 1949."
    )
    questions = [make_question(kind, author=teacher, citation=passage) for kind in ALL_TYPES]
    practice = QuestionSetFactory(owner=teacher, title="Every type", questions=questions)
    exam = QuestionSetFactory(
        owner=teacher,
        title="Timed exam",
        questions=questions[:2],
        mode=QuestionSet.Mode.EXAM,
        time_limit_minutes=10,
    )
    classroom = ClassroomFactory(owner=teacher, name="Year 9")
    MembershipFactory(classroom=classroom, student=student)
    AssignmentFactory(classroom=classroom, question_set=practice)
    history = attempt_at(student, timezone.now() - timedelta(days=3), 40, question_set=exam)
    answer(history, questions[0], score=0, when=timezone.now() - timedelta(days=3))
    flash = QuestionSetFactory(owner=teacher, title="Flashcards", questions=questions[:3])
    deck_add(user=student, question_set=flash)

    login(page, student.username)
    audit(page, "home")
    page.goto(url + practice.get_absolute_url())
    audit(page, "set-detail")
    page.get_by_role("button", name="Start practice").click()
    expect(page.get_by_text("Question 1 of 8")).to_be_visible()
    wait_until(page, "window.htmx !== undefined && window.quizPlayerLoaded === true")
    attempt = Attempt.objects.latest("pk")
    for index in range(len(ALL_TYPES)):
        snapshot = snapshot_at(attempt, index)
        kind = snapshot["type"]
        expect(page.get_by_text(f"Question {index + 1} of 8")).to_be_visible()
        audit(page, f"question-{kind}")
        if index == 0:
            page.get_by_role("button", name="Check answer").click()
            expect(page.get_by_role("alert")).to_be_visible()
            audit(page, "question-answer-missing")
        fill_answer(page, snapshot, correct=index % 2 == 0)
        page.get_by_role("button", name="Check answer").click()
        expect(page.locator(".feedback h3")).to_be_visible()
        audit(page, f"feedback-{kind}")
        if index < len(ALL_TYPES) - 1:
            page.get_by_role("link", name="Next question").click()
    page.get_by_role("button", name="Finish and see my result").click()
    expect(page.get_by_role("heading", name=re.compile("^Result"))).to_be_visible()
    audit(page, "result")
    page.get_by_role("link", name="Read in source").first.click()
    expect(page.locator("mark#quote")).to_be_visible()
    audit(page, "citation-in-source")

    page.goto(url + exam.get_absolute_url())
    page.get_by_role("button", name="Start exam").click()
    expect(page.get_by_role("heading", name=exam.title)).to_be_visible()
    audit(page, "exam-start-screen")
    page.get_by_role("button", name="Start the exam").click()
    expect(page.locator(".countdown .remaining")).to_have_text(re.compile("Time left"))
    audit(page, "exam-question")
    exam_attempt = Attempt.objects.latest("pk")
    for index in range(2):
        fill_answer(page, snapshot_at(exam_attempt, index))
        name = "Save and review" if index == 1 else "Save and next"
        page.get_by_role("button", name=name).click()
        expect(page.get_by_role("status")).to_have_text(f"Answer to question {index + 1} saved.")
    expect(page.get_by_role("heading", name="Review and submit")).to_be_visible()
    audit(page, "exam-review-and-submit")
    page.get_by_role("button", name="Submit exam").click()
    expect(page.get_by_role("heading", name="Submit your exam?")).to_be_visible()
    audit(page, "exam-confirm-submit")

    page.goto(f"{url}/study/")
    page.locator("[data-flip]").wait_for()
    audit(page, "flashcards-front")
    htmx_settled(page)
    page.keyboard.press("Space")
    page.locator("[data-rating]").first.wait_for()
    audit(page, "flashcards-back")
    page.keyboard.press("3")
    expect(page.locator("#queue-counts")).to_have_text("Today: 1 due, 2 new")
    audit(page, "flashcards-after-rating")
    page.locator(".answer-first fieldset input").first.check()
    page.get_by_role("button", name="Check answer").click()
    page.locator("#answer-feedback").wait_for()
    audit(page, "flashcards-answered-first")
    page.goto(f"{url}/study/decks/")
    audit(page, "flashcards-decks")
    page.goto(f"{url}/study/stats/")
    audit(page, "flashcards-stats")
    page.goto(f"{url}/study/settings/")
    audit(page, "flashcards-settings")
    page.goto(f"{url}/study/sets/{flash.slug}/cram/")
    audit(page, "flashcards-cram")
    Deck.objects.filter(user=student).delete()  # "Stop studying" each set
    page.goto(f"{url}/study/")
    page.get_by_role("heading", name="Nothing to study right now").wait_for()
    audit(page, "flashcards-nothing-to-study")

    page.goto(f"{url}/progress/")
    audit(page, "my-progress")
    page.get_by_label("Period").select_option("all")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**period=all**")
    audit(page, "my-progress-all-time")
    page.goto(f"{url}/assignments/")
    audit(page, "my-assignments")
    page.goto(f"{url}/join/")
    audit(page, "join-class")
    page.goto(f"{url}/join/{classroom.join_code}/")
    audit(page, "join-link")
    page.goto(f"{url}/join/NOPE2345/")
    audit(page, "join-link-invalid")
    page.goto(f"{url}/classes/{classroom.pk}/leave/")
    audit(page, "class-leave")
    page.goto(f"{url}/sources/")
    audit(page, "sources")
    page.goto(f"{url}/sources/{passage.document.slug}/")
    audit(page, "source-document")
    page.goto(f"{url}/accounts/password/")
    audit(page, "password-change")
    page.locator("#id_old_password").fill("not my password")
    page.locator("#id_new_password1").fill("a-new-pass-phrase-1")
    page.locator("#id_new_password2").fill("a-new-pass-phrase-1")
    page.get_by_role("button", name="Change password").click()
    page.get_by_text("Please correct the problems below.").wait_for()
    audit(page, "password-change-errors")
    audit.assert_clean()


def test_teacher_pages(live_server, browser_page, login, audit, teacher, tmp_path):
    page = browser_page
    url = live_server.url
    topic = TopicFactory(name="History")
    questions = [make_question(kind, author=teacher) for kind in ALL_TYPES]
    for question in questions:
        question.topics.add(topic)
    question_set = QuestionSetFactory(owner=teacher, title="Every type", questions=questions)
    QuestionFactory(author=teacher, prompt="Which city hosts NATO's headquarters?")
    classroom = ClassroomFactory(owner=teacher, name="Year 9")
    assignment = AssignmentFactory(classroom=classroom, question_set=question_set)
    ada = StudentFactory(username="ada", first_name="Ada", last_name="Lovelace")
    idle = StudentFactory(username="idle", first_name="Idle", last_name="Pupil")
    for student in (ada, idle):
        MembershipFactory(classroom=classroom, student=student)
    attempt = attempt_at(ada, timezone.now() - timedelta(days=1), 50, assignment=assignment)
    first = questions[0]
    right = first.choices.get(is_correct=True)
    ResponseFactory(attempt=attempt, question=first, answer={"choice": str(right.public_id)})
    answer(attempt, questions[1], score=0, when=timezone.now() - timedelta(days=1))

    login(page, teacher.username)
    page.goto(f"{url}/workspace/")
    audit(page, "workspace")
    page.goto(f"{url}/workspace/sets/{question_set.slug}/")
    audit(page, "set-editor")
    page.get_by_role("button", name="Add to set: Which city").click()
    page.locator("#items").get_by_text("Which city hosts").wait_for()
    page.locator("#search-results").get_by_text("No other questions match.").wait_for()
    audit(page, "set-editor-item-added")
    page.get_by_role("button", name="Move question 9 up").click()
    expect(page.get_by_role("button", name="Move question 8 up")).to_be_focused()
    audit(page, "set-editor-item-moved")
    page.goto(f"{url}/workspace/sets/new/")
    audit(page, "set-new")

    page.goto(f"{url}/workspace/questions/new/")
    audit(page, "question-new")
    page.get_by_label("Question type").select_option("multiple_answer")  # applies at once
    page.wait_for_selector("text=Select all that apply.")
    htmx_settled(page)
    page.get_by_label("Prompt").fill("Which countries founded NATO?")
    page.get_by_label("Option 1", exact=True).fill("Belgium")
    page.locator("#preview li", has_text="Belgium").wait_for()
    page.locator("#preview .problems").wait_for()
    audit(page, "question-new-live-preview")
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("Please correct the problems marked below.").wait_for()
    audit(page, "question-new-errors")
    page.get_by_label("Find a passage in the source documents").fill("April")
    page.get_by_role("button", name="Search passages").click()
    page.locator("#passage-results").wait_for()
    audit(page, "question-new-passage-search")
    # Each type's own rows, once htmx has swapped the editor in.
    for kind, field in (
        ("matching", "#id_choices-0-match_text"),
        ("fill_blank", "#id_choices-0-blank"),
        ("numeric", "#id_numeric_value"),
    ):
        page.get_by_label("Question type").select_option(kind)
        page.locator(field).wait_for()
        htmx_settled(page)
        audit(page, f"question-new-{kind}")
    page.goto(f"{url}/workspace/questions/{first.pk}/")
    audit(page, "question-edit")
    page.goto(f"{url}/workspace/questions/{first.pk}/delete/")
    audit(page, "question-delete")

    page.goto(f"{url}/classes/")
    audit(page, "class-list")
    page.goto(f"{url}/classes/{classroom.pk}/")
    audit(page, "class-page")
    page.goto(f"{url}/classes/{classroom.pk}/card/")
    audit(page, "join-card")
    page.goto(f"{url}/classes/{classroom.pk}/")
    page.get_by_role("link", name="Assign a question set").click()
    audit(page, "assignment-new")
    page.get_by_label("Question set").select_option(label="Every type")
    now = timezone.now()
    page.get_by_label("Opens at").fill(now.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Due at").fill((now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Assign").click()
    page.get_by_text("The due time must be after the opening time.").wait_for()
    audit(page, "assignment-new-errors")
    page.goto(f"{url}/classes/{classroom.pk}/assignments/{assignment.pk}/")
    audit(page, "assignment-edit")
    membership = classroom.memberships.get(student=idle)
    page.goto(f"{url}/classes/{classroom.pk}/students/{membership.pk}/remove/")
    audit(page, "remove-student")
    page.goto(f"{url}/classes/{classroom.pk}/assignments/{assignment.pk}/remove/")
    audit(page, "remove-assignment")
    page.goto(f"{url}/classes/{classroom.pk}/delete/")
    audit(page, "class-delete")
    page.goto(f"{url}/classes/{classroom.pk}/rename/")
    audit(page, "class-rename")
    page.goto(f"{url}/workspace/sets/{question_set.slug}/delete/")
    audit(page, "set-delete")
    page.goto(f"{url}/classes/{classroom.pk}/gradebook/")
    audit(page, "gradebook")
    page.goto(f"{url}/classes/{classroom.pk}/students/{ada.pk}/")
    audit(page, "student-results")
    page.goto(f"{url}/reports/attempts/{attempt.pk}/")
    audit(page, "attempt-review")
    page.goto(f"{url}/workspace/sets/{question_set.slug}/analysis/")
    audit(page, "item-analysis")
    page.goto(f"{url}/classes/{classroom.pk}/progress/")
    audit(page, "class-progress")

    page.goto(f"{url}/interop/import/")
    audit(page, "import")
    gift = tmp_path / "nato.gift"
    gift.write_bytes(b"::Founded::When was NATO founded?{#1949:0}\n\nBroken {#soon}\n")
    page.get_by_label("GIFT or CSV file").set_input_files(str(gift))
    page.get_by_role("button", name="Preview").click()
    page.get_by_role("alert").wait_for()
    audit(page, "import-errors")
    gift.write_bytes(b"::Founded::When was NATO founded?{#1949:0}\n\nIs NATO an alliance?{T}\n")
    page.get_by_label("GIFT or CSV file").set_input_files(str(gift))
    page.get_by_label("New set title").fill("From Moodle")
    page.get_by_role("button", name="Preview").click()
    page.get_by_text("2 questions will be created").wait_for()
    audit(page, "import-preview")
    audit.assert_clean()


def test_staff_pages(live_server, browser_page, login, audit, staff):
    page = browser_page
    url = live_server.url
    QuestionFactory()
    topic = TopicFactory(name="History")
    login(page, staff.username)
    page.goto(f"{url}/admin/")
    audit(page, "admin-index")
    page.goto(f"{url}/admin/questions/question/")
    audit(page, "admin-question-list")
    # Django's TabularInline leaves its inputs unlabelled for axe (the column header names
    # them) and filter_horizontal's icons carry a prohibited aria-label: the admin uses
    # stacked inlines for what staff edit, and a plain multiple select for topics.
    page.goto(f"{url}/admin/questions/topic/{topic.pk}/change/")
    audit(page, "admin-topic-change")
    question = QuestionFactory()
    page.goto(f"{url}/admin/questions/question/{question.pk}/change/")
    audit(page, "admin-question-change")
    question_set = QuestionSetFactory(questions=[question])
    page.goto(f"{url}/admin/questions/questionset/{question_set.pk}/change/")
    audit(page, "admin-set-change")
    membership = MembershipFactory()
    page.goto(f"{url}/admin/classes/classroom/{membership.classroom_id}/change/")
    audit(page, "admin-class-change")
    document = question.citations.get().passage.document
    page.goto(f"{url}/admin/sources/document/{document.pk}/change/")
    audit(page, "admin-document-change")
    audit.assert_clean()
