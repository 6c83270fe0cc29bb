"""`make screenshots`: the main pages as visitor, student and teacher, at 1280 and 375 px,
light and dark, into docs/screenshots/ (<who>-<page>-<width>-<scheme>.png).

Not a test file (no test_ prefix: the suite never runs it); run through pytest for its
live server and Chromium set-up (tests/browser/conftest.py): the seed documents, the
question bank and the demo accounts are loaded as `make run` does, and the demo student
is given an assignment, a deck of flashcards and a quiz under way.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from quizzes.accounts.models import User
from quizzes.attempts.services import attempt_start
from quizzes.classes.models import Assignment, Classroom
from quizzes.flashcards.services import deck_add
from quizzes.questions.models import QuestionSet

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "screenshots"
PASSWORD = "demo-pass-2026"
WIDTHS = {1280: 800, 375: 812}
SCHEMES = ["light", "dark"]


def _demo_data() -> dict:
    call_command("ingest_documents", str(ROOT / "seeds"), verbosity=0)
    call_command("load_question_bank", str(ROOT / "fixtures" / "question_bank.json"), verbosity=0)
    with override_settings(DEBUG=True):  # the demo accounts, as `make run` makes them
        call_command("create_demo_accounts", verbosity=0)
    student = User.objects.get(username="student1")
    classroom = Classroom.objects.get(name="Demo class")
    sets = list(QuestionSet.objects.order_by("pk")[:3])
    now = timezone.now()
    for days, question_set in zip((2, 6), sets[:2], strict=False):
        Assignment.objects.create(
            classroom=classroom,
            question_set=question_set,
            opens_at=now - timedelta(days=1),
            due_at=now + timedelta(days=days),
        )
    deck_add(user=student, question_set=sets[0])
    attempt = attempt_start(user=student, question_set=sets[-1])
    return {
        "set": sets[0].get_absolute_url(),
        "attempt": attempt.get_absolute_url(),
        "class": f"/classes/{classroom.pk}/",
        "gradebook": f"/classes/{classroom.pk}/gradebook/",
    }


def _pages(urls: dict) -> dict[str, list[tuple[str, str]]]:
    return {
        "visitor": [
            ("home", "/"),
            ("login", "/accounts/login/"),
            ("signup", "/accounts/signup/"),
            ("password-reset", "/accounts/password/reset/"),
            ("sources", "/sources/"),
        ],
        "student": [
            ("home", "/"),
            ("assignments", "/assignments/"),
            ("set", urls["set"]),
            ("quiz", urls["attempt"]),
            ("flashcards", "/study/"),
            ("progress", "/progress/"),
            ("profile", "/accounts/profile/"),
        ],
        "teacher": [
            ("home", "/"),
            ("workspace", "/workspace/"),
            ("classes", "/classes/"),
            ("class", urls["class"]),
            ("gradebook", urls["gradebook"]),
        ],
    }


def _sign_in(context, base: str, username: str) -> None:
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/")
    page.close()


def test_screenshots(live_server, browser):
    urls = _demo_data()
    OUT.mkdir(parents=True, exist_ok=True)
    users = {"visitor": None, "student": "student1", "teacher": "teacher"}
    for who, pages in _pages(urls).items():
        for width, height in WIDTHS.items():
            for scheme in SCHEMES:
                context = browser.new_context(
                    viewport={"width": width, "height": height},
                    color_scheme=scheme,
                    is_mobile=width < 600,
                    has_touch=width < 600,
                    device_scale_factor=1,
                )
                if users[who]:
                    _sign_in(context, live_server.url, users[who])
                page = context.new_page()
                for name, path in pages:
                    page.goto(f"{live_server.url}{path}")
                    page.screenshot(path=OUT / f"{who}-{name}-{width}-{scheme}.png", full_page=True)
                context.close()
