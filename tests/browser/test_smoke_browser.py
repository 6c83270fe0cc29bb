import pytest

from tests.factories import QuestionSetFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_and_see_question_sets(live_server, browser_page, login, student):
    QuestionSetFactory(title="Founding of NATO")
    login(browser_page, student.username)
    assert browser_page.get_by_role("heading", name="Founding of NATO").is_visible()
    browser_page.screenshot_to("home")
