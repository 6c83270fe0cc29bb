"""Page weight (issue 24): the CSS and JavaScript a page loads, compressed, stay within
100 KB, on the heaviest pages: the quiz player (its own CSS and script) and flashcards."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders

from quizzes.attempts.services import attempt_start
from tests.factories import QuestionSetFactory, make_question

pytestmark = pytest.mark.django_db
BUDGET = 100 * 1024
ASSET = re.compile(r'<(?:link rel="stylesheet" href|script src)="/static/([^"]+)"')


def weight(html: str) -> tuple[int, list[str]]:
    names = ASSET.findall(html)
    total = 0
    for name in names:
        with open(finders.find(name), "rb") as file:
            total += len(gzip.compress(file.read(), compresslevel=6))
    return total, names


def test_css_and_javascript_stay_within_100_kb_compressed(as_user, student):
    question_set = QuestionSetFactory(questions=[make_question("ordering")])
    attempt = attempt_start(user=student, question_set=question_set)
    client = as_user(student)
    for url in ["/", attempt.get_absolute_url(), "/study/", "/accounts/login/"]:
        total, names = weight(client.get(url).text)
        assert "vendor/pico/pico.min.css" in names and "quizzes/app.css" in names, url
        assert total <= BUDGET, f"{url}: {total} bytes compressed ({names})"
