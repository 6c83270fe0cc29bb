"""Issue 26's journey: the demo teacher uploads a PDF and a Word file made by the test,
drafts questions, accepts three, edits one, builds a set and assigns it; a student takes it
and "Read in source" shows the teacher's document with the quote highlighted."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from quizzes.classes.management.commands.create_demo_accounts import DEMO_PASSWORD
from quizzes.documents.models import Draft
from quizzes.questions.models import Question
from quizzes.sources.models import Document
from tests.browser.conftest import RESULTS
from tests.browser.helpers import htmx_settled
from tests.documents.files import TREATY, make_docx, make_pdf
from tests.factories import TopicFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTES = [
    "Alliance notes",
    "The alliance was founded in Washington in 1949 by twelve countries.",
    "Its headquarters moved to Brussels in 1967.",
]


def _upload(page, url, name, data, mime):
    page.goto(f"{url}/documents/")
    page.get_by_label("File").set_input_files({"name": name, "mimeType": mime, "buffer": data})
    page.get_by_role("button", name="Add the document").click()
    page.wait_for_url(f"{url}/documents/*/")


def test_teacher_drafts_from_own_documents_and_a_student_reads_the_source(
    live_server, browser_page, login, settings
):
    settings.DEBUG = True  # the demo accounts command runs in development only
    call_command("create_demo_accounts", stdout=io.StringIO())
    settings.DEBUG = False
    TopicFactory(name="Treaties")
    page = browser_page
    url = live_server.url
    login(page, "teacher", DEMO_PASSWORD)

    _upload(page, url, "notes.pdf", make_pdf(NOTES, title="Alliance notes"), "application/pdf")
    page.get_by_role("heading", name="Alliance notes").wait_for()
    docx = make_docx("The Treaty of Lisbon", TREATY[2:], "History")
    mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    _upload(page, url, "lisbon.docx", docx, mime)
    page.get_by_role("heading", name="The Treaty of Lisbon").wait_for()
    assert Document.objects.filter(owner__username="teacher").count() == 2
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot_to(f"document-{width}")

    page.get_by_role("button", name="Draft questions").click()
    page.get_by_role("heading", name="Drafted questions to review").wait_for()
    page.get_by_text("new drafts from the last drafting").wait_for()
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot_to(f"review-{width}")

    drafts = page.locator("article.draft")
    assert drafts.count() == Draft.objects.count() >= 4
    for _ in range(3):
        first = drafts.filter(has_not_text="Portugal held").first
        prompt = first.locator("label").inner_text()
        first.get_by_role("button", name="Accept", exact=True).click()
        page.locator("article.draft", has_text=prompt).wait_for(state="detached")
        htmx_settled(page)
    assert Question.objects.filter(author__username="teacher").count() == 3

    portugal = drafts.filter(has_text="Portugal held")
    portugal.get_by_role("button", name="Accept and edit").click()
    page.wait_for_url(f"{url}/workspace/questions/*/")
    page.get_by_label("Prompt").fill(
        "True or false? Portugal held the presidency of the Council when the text was agreed."
    )
    page.get_by_label("Treaties").check()  # publishing needs a topic
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("Question published.").wait_for()
    edited = Question.objects.get(prompt__contains="Portugal")
    assert edited.status == "published"
    assert edited.citations.get().passage.document.owner.username == "teacher"

    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Workspace").click()
    page.get_by_role("link", name="New question set").click()
    page.get_by_label("Title").fill("Lisbon quiz")
    page.get_by_role("button", name="Create set").click()
    page.get_by_role("button", name="Add to set: True or false? Portugal").click()
    page.locator("#items").get_by_text("Portugal held").wait_for()
    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_text("Set published.").wait_for()

    nav.get_by_role("link", name="Classes").click()
    page.get_by_role("link", name="Demo class").click()
    page.get_by_role("link", name="Assign a question set").click()
    page.get_by_label("Question set").select_option(label="Lisbon quiz")
    now = timezone.now()
    page.get_by_label("Opens at").fill((now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Due at").fill((now + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Assign").click()
    page.get_by_text("is assigned to Demo class").wait_for()

    student_page = page.context.browser.new_page()
    login(student_page, "student1", DEMO_PASSWORD)
    student_page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="My assignments"
    ).click()
    student_page.get_by_role("row").filter(has_text="Lisbon quiz").get_by_role(
        "button", name="Start"
    ).click()
    student_page.get_by_text("Question 1 of 1").wait_for()
    student_page.get_by_label("True", exact=True).check()
    student_page.get_by_role("button", name="Check answer").click()
    student_page.get_by_role("link", name="Read in source").first.click()
    mark = student_page.locator("mark#quote")
    mark.wait_for()
    assert (
        mark.inner_text() == "Portugal held the presidency of the Council when the text was agreed."
    )
    assert "The Treaty of Lisbon" in student_page.title()
    student_page.screenshot(path=RESULTS / "documents-student-read-in-source.png", full_page=True)
    student_page.close()


def test_document_pages_pass_axe(live_server, browser_page, login, teacher):
    """axe-core over the documents pages in their states (tests/browser/test_accessibility.py
    runs it over the other apps' pages)."""
    from quizzes.documents.extraction import Extracted
    from quizzes.documents.services import document_store, drafts_propose
    from tests.browser.test_accessibility import Audit

    audit = Audit("documents")
    document = document_store(
        owner=teacher, extracted=Extracted("", "\n".join(TREATY)), file_name="lisbon.txt"
    ).document
    drafts_propose(document=document, owner=teacher)
    page = browser_page
    url = live_server.url
    login(page, teacher.username)
    page.goto(f"{url}/documents/")
    audit(page, "list")
    page.get_by_label("File").set_input_files(
        {"name": "bad.txt", "mimeType": "text/plain", "buffer": b"caf\xe9"}
    )
    page.get_by_role("button", name="Add the document").click()
    page.get_by_text("not valid UTF-8").wait_for()
    audit(page, "upload-refused")
    page.goto(f"{url}/documents/{document.slug}/")
    audit(page, "coverage")
    page.goto(f"{url}/documents/{document.slug}/review/")
    audit(page, "review")
    page.goto(f"{url}/documents/{document.slug}/passages/1/")
    audit(page, "passage")
    page.get_by_label("Words to cite").fill("not in the passage")
    page.get_by_role("button", name="Cite this").click()
    page.get_by_text("word for word").wait_for()
    audit(page, "cite-refused")
    audit.assert_clean()

    # "Cite this" from a selection: the selected words fill the quote exactly.
    page.goto(f"{url}/documents/{document.slug}/passages/1/")
    page.evaluate(
        """() => {
          const text = document.getElementById("passage-text").firstChild;
          const start = text.data.indexOf("signed in Lisbon");
          const range = document.createRange();
          range.setStart(text, start);
          range.setEnd(text, start + "signed in Lisbon".length);
          getSelection().removeAllRanges();
          getSelection().addRange(range);
        }"""
    )
    page.get_by_role("button", name="Use the selected words").click()
    assert page.get_by_label("Words to cite").input_value() == "signed in Lisbon"
    page.get_by_role("button", name="Cite this").click()
    page.wait_for_url(f"{url}/workspace/questions/new/*")
    assert page.get_by_label("Supporting quote").input_value() == "signed in Lisbon"
