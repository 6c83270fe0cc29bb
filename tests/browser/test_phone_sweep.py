"""Phone width (issue 24), measured as a student and a teacher meet it: Chromium with mobile
emulation (`is_mobile`, where a select sizes to its content, and touch) at 375 x 812.

- Every screen of a whole practice attempt of the shipped "Full review" (every question in
  the bank, all eight types), unanswered and with its feedback: no sideways scroll, no
  button another element covers, no input under 16 px (a phone zooms into those).
- Every main page (the `make screenshots` list) as visitor, student and teacher: no sideways
  scroll, every button and link outside running text at least 24 x 24 px, and axe finds no
  serious or critical violation in the light and the dark scheme.
- A practice quiz through all eight types with the keyboard only, to its result.

Run: DEBUG=1 .venv/bin/pytest -q -m browser tests/browser/test_phone_sweep.py
Each test writes what it measured to test-results/<test name>/.
"""

import json
import re

import pytest
from playwright.sync_api import expect

from quizzes.attempts.models import Attempt
from quizzes.questions.models import QuestionSet, QuestionType
from tests.attempts.helpers import snapshot_at
from tests.browser.conftest import RESULTS
from tests.browser.helpers import htmx_settled, wait_until
from tests.browser.screenshots import PASSWORD, _demo_data, _pages
from tests.browser.test_accessibility import Audit
from tests.browser.test_quiz_player import fill_answer, make_set, open_set_and_start
from tests.factories import (
    AssignmentFactory,
    ClassroomFactory,
    MembershipFactory,
    QuestionSetFactory,
    StudentFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 375
PHONE = {
    "viewport": {"width": WIDTH, "height": 812},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 1,
}
ALL_TYPES = [t.value for t in QuestionType]

# The document's width, the buttons covered at their centre (each scrolled into view
# first), and the visible form fields whose computed font size is under 16 px.
MEASURE_SCREEN = """() => {
  const visible = (e) => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const name = (e) => (e.getAttribute("aria-label") || e.textContent || e.name || e.id).trim()
    .replace(/\\s+/g, " ").slice(0, 40);
  const covered = [];
  const buttons = "button, a.button, [role=button], input[type=submit], input[type=button]";
  for (const button of document.querySelectorAll(buttons)) {
    // A disabled button takes no tap (Pico gives it no pointer events): nothing to cover.
    if (!visible(button) || button.matches(":disabled")) continue;
    button.scrollIntoView({block: "center", inline: "center"});
    const box = button.getBoundingClientRect();
    const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    if (!button.contains(hit)) {
      const by = hit
        ? hit.tagName.toLowerCase() + (hit.className ? "." + hit.className : "")
        : "nothing";
      covered.push(`${name(button)} (under ${by})`);
    }
  }
  window.scrollTo(0, 0);
  const small = [];
  for (const field of document.querySelectorAll("input:not([type=hidden]), select, textarea")) {
    if (!visible(field)) continue;
    const size = parseFloat(getComputedStyle(field).fontSize);
    if (size < 16) small.push(`${name(field)}: ${size}px`);
  }
  return {width: document.documentElement.scrollWidth, covered, small};
}"""

# Buttons and links outside running text under 24 x 24 px. A link is in running text when
# the paragraph, list item or cell around it holds words of its own (WCAG 2.5.8's inline
# exception); a nav item or a row's action alone in its cell is a target like a button.
MEASURE_TARGETS = """() => {
  const small = [];
  const targets = "a[href], button, summary, [role=button], input[type=submit], input[type=button]";
  const text = (e) => e.textContent.replace(/\\s+/g, " ").trim();
  for (const target of document.querySelectorAll(targets)) {
    const r = target.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    if (target.closest(".visually-hidden") || target.matches(".skip-link")) continue;
    const prose = "p, li, dd, dt, td, th, figcaption, small, label, h1, h2, h3, h4";
    const block = target.parentElement.closest(prose);
    if (target.tagName === "A" && block && text(block) !== text(target)) continue;
    if (r.width < 24 || r.height < 24) {
      const label = (target.getAttribute("aria-label") || text(target)).slice(0, 40);
      const size = `${Math.round(r.width)}x${Math.round(r.height)}`;
      small.push(`${target.tagName.toLowerCase()} "${label}": ${size}`);
    }
  }
  return {width: document.documentElement.scrollWidth, small};
}"""


def phone(browser, **options):
    context = browser.new_context(**PHONE, **options)
    context.set_default_timeout(15_000)
    return context, context.new_page()


def test_every_screen_of_the_full_review_fits_a_phone(live_server, browser, login, student):
    """The 182 questions of the shipped bank, each as asked and as answered (wrongly, so
    the feedback shows the right answer next to the student's)."""
    _demo_data()
    full_review = QuestionSet.objects.get(title="Full review")
    assert full_review.mode == QuestionSet.Mode.PRACTICE
    context, page = phone(browser)
    login(page, student.username)
    attempt = open_set_and_start(page, live_server, full_review, "Start practice")
    total = len(attempt.question_ids)
    problems: list[str] = []
    screens: list[dict] = []
    kinds: set[str] = set()

    def check(index: int, kind: str, state: str):
        htmx_settled(page)
        found = page.evaluate(MEASURE_SCREEN)
        found |= {"question": index + 1, "type": kind, "state": state}
        screens.append(found)
        where = f"question {index + 1} ({kind}, {state})"
        if found["width"] > WIDTH:
            problems.append(f"{where}: {found['width']} px wide")
        if found["width"] > WIDTH or found["covered"] or kind not in kinds:  # and one of each type
            page.screenshot(path=out / f"{index + 1:03d}-{kind}-{state}.png", full_page=True)
        if found["covered"]:
            problems.append(f"{where}: covered {found['covered']}")
        if found["small"]:
            problems.append(f"{where}: fields under 16 px {found['small']}")

    out = RESULTS / "test_every_screen_of_the_full_review_fits_a_phone"
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.png"):
        old.unlink()
    for index in range(total):
        snapshot = snapshot_at(attempt, index)
        kind = snapshot["type"]
        expect(page.get_by_text(f"Question {index + 1} of {total}", exact=True)).to_be_visible()
        check(index, kind, "unanswered")
        has_wrong = kind != "multiple_answer" or not all(c["correct"] for c in snapshot["choices"])
        fill_answer(page, snapshot, correct=not has_wrong)
        page.get_by_role("button", name="Check answer").click()
        expect(page.locator(".feedback h3")).to_be_visible()
        check(index, kind, "feedback")
        kinds.add(kind)
        if index < total - 1:
            page.get_by_role("link", name="Next question").click()
    (out / "screens.json").write_text(json.dumps(screens, indent=1))
    context.close()
    assert kinds == set(ALL_TYPES), kinds
    assert len(screens) == 2 * total >= 2 * 180
    assert not problems, f"{len(problems)} of {len(screens)} screens at {WIDTH} px:\n" + "\n".join(
        problems
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_main_page_fits_a_phone_with_targets_and_axe(live_server, browser, scheme):
    """The pages of `make screenshots`, as each role sees them, in one colour scheme."""
    urls = _demo_data()
    users = {"visitor": None, "student": "student1", "teacher": "teacher"}
    audit = Audit(f"phone-{scheme}")
    problems: list[str] = []
    checked = 0
    for who, pages in _pages(urls).items():
        context, page = phone(browser, color_scheme=scheme)
        if users[who]:
            page.goto(f"{live_server.url}/accounts/login/")
            page.get_by_label("Username").fill(users[who])
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Log in").click()
            page.wait_for_url(f"{live_server.url}/")
        for name, path in pages:
            page.goto(f"{live_server.url}{path}")
            htmx_settled(page)
            found = page.evaluate(MEASURE_TARGETS)
            checked += 1
            if found["width"] > WIDTH:
                problems.append(f"{who} {name}: {found['width']} px wide")
            if found["small"]:
                problems.append(f"{who} {name}: targets under 24x24 {found['small']}")
            audit(page, f"{who}-{name}")
        context.close()
    assert checked == sum(len(pages) for pages in _pages(urls).values()) >= 17
    assert not problems + audit.failures, "\n".join(problems + audit.failures)
    audit.assert_clean()


def press_until_focused(page, selector: str, key: str = "Tab", most: int = 40):
    """Press `key` until the focused element matches `selector` (the keyboard's way to it)."""
    for _ in range(most):
        if page.evaluate("s => !!document.activeElement?.matches(s)", selector):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{key} never reached {selector}")


def answer_with_keys(page, snapshot):
    """The right answer to the question on screen, from the keyboard alone."""
    kind = snapshot["type"]
    choices = snapshot["choices"]
    if kind in {"single_choice", "true_false", "multiple_answer"}:
        texts = [t.strip() for t in page.locator("label.option .option-text").all_inner_texts()]
        for number, text in enumerate(texts, 1):
            if next(c for c in choices if c["text"] == text)["correct"]:
                page.keyboard.press(str(number))  # keys 1-9 choose an option
    elif kind in {"short_answer", "numeric"}:
        press_until_focused(page, "input[type=text], input[inputmode], input[type=number]")
        page.keyboard.type(
            choices[0]["text"] if kind == "short_answer" else snapshot["numeric_value"]
        )
    elif kind == "ordering":
        wanted = [c["text"] for c in sorted(choices, key=lambda c: c["position"])]
        for target, text in enumerate(wanted):
            while (texts := _ordering_texts(page)).index(text) > target:
                press_until_focused(page, f'[aria-label="Move up: {text}"]')
                page.keyboard.press("Enter")
                expect(
                    page.locator("[data-ordering] li .item-text").nth(texts.index(text) - 1)
                ).to_have_text(text)
        assert _ordering_texts(page) == wanted
    elif kind == "matching":
        for choice in choices:
            select = page.get_by_label(choice["text"], exact=True)
            select_id = select.get_attribute("id")
            press_until_focused(page, f"select#{select_id}")
            options = [o.strip() for o in select.locator("option").all_inner_texts()]
            target = options.index(choice["match"])
            current = select.evaluate("s => s.selectedIndex")
            for _ in range(target - current):
                page.keyboard.press("ArrowDown")
            expect(select).to_have_value(re.compile(".+"))
            assert select.evaluate("s => s.options[s.selectedIndex].text.trim()") == choice["match"]
    elif kind == "fill_blank":
        for choice in sorted(choices, key=lambda c: c["blank"]):
            field_id = page.get_by_label(f"Blank {choice['blank']}").get_attribute("id")
            press_until_focused(page, f"input#{field_id}")
            page.keyboard.type(choice["text"])


def _ordering_texts(page):
    return [t.strip() for t in page.locator("[data-ordering] li .item-text").all_inner_texts()]


def test_a_practice_quiz_through_every_type_by_keyboard_only(
    live_server, browser_page, login, student, teacher
):
    """No mouse from Start to the result: Tab, arrows, space, Enter and the keys 1-9."""
    page = browser_page
    question_set = make_set(teacher, ALL_TYPES, title="Keys only", shuffle_options=True)
    login(page, student.username)
    page.goto(live_server.url + question_set.get_absolute_url())
    press_until_focused(page, "main button")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Start practice"
    page.keyboard.press("Enter")
    expect(page.get_by_text("Question 1 of 8", exact=True)).to_be_visible()
    wait_until(page, "window.htmx !== undefined && window.quizPlayerLoaded === true")
    attempt = Attempt.objects.latest("pk")
    for index in range(len(ALL_TYPES)):
        snapshot = snapshot_at(attempt, index)
        expect(page.get_by_text(f"Question {index + 1} of 8", exact=True)).to_be_visible()
        htmx_settled(page)
        answer_with_keys(page, snapshot)
        press_until_focused(page, "#player button[type=submit]:not([formaction])")
        assert page.evaluate("document.activeElement.textContent.trim()") == "Check answer"
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name="Correct", exact=True)).to_be_focused()
        htmx_settled(page)
        if index < len(ALL_TYPES) - 1:
            press_until_focused(page, "a.button")
            page.keyboard.press("Enter")
    press_until_focused(page, "#player button[type=submit]")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Finish and see my result"
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=re.compile("^Result"))).to_be_visible()
    expect(page.get_by_test_id("score")).to_have_text("8 of 8")


def test_the_class_page_and_gradebook_tables_at_phone_width(live_server, browser, login, teacher):
    """The class page's assignments are cards, each with its Remove action on screen; the
    gradebook (students by assignments) scrolls in its own labelled region, the student's
    name staying in view."""
    classroom = ClassroomFactory(owner=teacher, name="Year 9 history, second group")
    for number in range(3):
        MembershipFactory(classroom=classroom, student=StudentFactory(username=f"pupil{number}"))
    titles = [f"NATO missions in the Balkans, part {number}" for number in range(1, 6)]
    for title in titles:
        question_set = QuestionSetFactory(owner=teacher, title=title)
        AssignmentFactory(classroom=classroom, question_set=question_set)
    context, page = phone(browser)
    login(page, teacher.username)
    page.goto(f"{live_server.url}/classes/{classroom.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    removes = page.get_by_role("region", name="Assignments table").get_by_role(
        "link", name=re.compile("^Remove")
    )
    expect(removes).to_have_count(5)
    for index in range(5):
        box = removes.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, box
        assert box["height"] >= 44, box
    page.screenshot(path=_folder("class") / "class-375.png", full_page=True)

    page.goto(f"{live_server.url}/classes/{classroom.pk}/gradebook/")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    region = page.get_by_role("region", name="Students by assignments")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")  # it scrolls, not the page
    name = region.get_by_role("link", name="pupil0")
    before = name.bounding_box()
    region.focus()
    page.keyboard.press("ArrowRight")  # the region scrolls from the keyboard
    wait_until(page, "el => el.scrollLeft > 0", region.element_handle())
    region.evaluate("el => { el.scrollLeft = el.scrollWidth; }")  # a swipe to its far end
    after = name.bounding_box()
    assert after["x"] == pytest.approx(before["x"], abs=1), (before, after)
    last = region.get_by_role("columnheader").last.bounding_box()
    assert last["x"] + last["width"] <= WIDTH + 1, last  # the far column came into view
    page.screenshot(path=_folder("class") / "gradebook-375-scrolled.png", full_page=True)
    context.close()


def _folder(name: str):
    folder = RESULTS / f"test_phone_{name}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_an_exam_fits_a_phone_with_its_question_list(
    live_server, browser, login, student, teacher, scheme
):
    """Each exam screen with the list of questions to jump to, and the review before
    handing in: no sideways scroll, nothing covered, 16 px fields, 24 px targets, axe."""
    question_set = make_set(
        teacher, ALL_TYPES, title="Timed exam", mode=QuestionSet.Mode.EXAM, time_limit_minutes=10
    )
    context, page = phone(browser, color_scheme=scheme)
    login(page, student.username)
    attempt = open_set_and_start(page, live_server, question_set, "Start exam")
    audit = Audit(f"phone-exam-{scheme}")
    problems: list[str] = []
    for index in range(len(ALL_TYPES)):
        expect(page.get_by_text(f"Question {index + 1} of 8", exact=True)).to_be_visible()
        htmx_settled(page)
        problems += _screen_problems(page, f"exam question {index + 1}")
        if index in {0, 7}:
            audit(page, f"question-{index + 1}")
        fill_answer(page, snapshot_at(attempt, index))
        page.get_by_role("button", name=re.compile("^Save and (next|review)$")).click()
    expect(page.get_by_role("heading", name="Review and submit")).to_be_visible()
    htmx_settled(page)
    problems += _screen_problems(page, "exam review")
    audit(page, "review")
    page.screenshot(path=_folder(f"exam_{scheme}") / "review-375.png", full_page=True)
    context.close()
    assert not problems + audit.failures, "\n".join(problems + audit.failures)


def _screen_problems(page, where: str) -> list[str]:
    found = page.evaluate(MEASURE_SCREEN)
    targets = page.evaluate(MEASURE_TARGETS)
    problems = [f"{where}: {found['width']} px wide"] if found["width"] > WIDTH else []
    problems += [f"{where}: covered {found['covered']}"] if found["covered"] else []
    problems += [f"{where}: fields under 16 px {found['small']}"] if found["small"] else []
    problems += [f"{where}: targets under 24x24 {targets['small']}"] if targets["small"] else []
    return problems
