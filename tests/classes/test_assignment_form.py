"""The assignment form: any set the teacher can see (library sets as they are), default
times, the searchable set picker, and every error next to its field."""

import zoneinfo
from datetime import datetime, timedelta

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes.classes.models import Assignment
from quizzes.questions.models import QuestionSet
from tests.conftest import HTMX
from tests.factories import (
    AssignmentFactory,
    AttemptFactory,
    ClassroomFactory,
    QuestionSetFactory,
    StaffFactory,
    StudentFactory,
    TeacherFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def classroom(teacher):
    return ClassroomFactory(owner=teacher, name="Year 9")


@pytest.fixture
def library_set(db):
    author = TeacherFactory(first_name="Ada", last_name="Lovelace")
    return QuestionSetFactory(owner=author, title="Founding of NATO", visibility="public")


def create_url(classroom) -> str:
    return reverse("assignment_create", args=[classroom.pk])


def options(page: str) -> dict[str, list[str]]:
    """The set picker's options by group ("" for the prompt)."""
    select = lxml.html.fromstring(page).get_element_by_id("id_question_set")
    groups: dict[str, list[str]] = {"": [o.text for o in select.xpath("./option")]}
    for group in select.xpath("./optgroup"):
        groups[group.get("label")] = [o.text for o in group.xpath("./option")]
    return groups


def field_group(page: str, name: str):
    """The element that holds a field's label, input and errors."""
    field = lxml.html.fromstring(page).get_element_by_id(f"id_{name}")
    return field.getparent()


def test_library_set_is_assigned_as_it_is_without_a_copy(as_user, teacher, classroom, library_set):
    mine = QuestionSetFactory(owner=teacher, title="My quiz")
    client = as_user(teacher)
    page = client.get(create_url(classroom)).text
    assert options(page) == {
        "": ["Choose a set…"],
        "Your sets": ["My quiz"],
        "Library": ["Founding of NATO — Ada Lovelace"],
    }
    data = {"question_set": library_set.pk, "opens_at": "2026-12-01T09:00"}
    data |= {"due_at": "2026-12-08T23:59", "grading": "best"}
    response = client.post(create_url(classroom), data, follow=True)
    assert "“Founding of NATO” is assigned to Year 9." in response.text
    assignment = Assignment.objects.get()
    assert assignment.question_set == library_set
    assert QuestionSet.objects.count() == 2  # no copy
    assert not QuestionSet.objects.filter(title__contains="(copy)").exists()
    assert mine.pk != assignment.question_set_id


def test_picker_leaves_out_drafts_private_sets_of_others_and_archived_sets(
    as_user, teacher, other_teacher, classroom
):
    QuestionSetFactory(owner=teacher, title="My draft", status="draft")
    QuestionSetFactory(owner=teacher, title="My archived", status="archived")
    QuestionSetFactory(owner=other_teacher, title="Their private", visibility="private")
    QuestionSetFactory(owner=other_teacher, title="Their classes", visibility="classes")
    QuestionSetFactory(owner=other_teacher, title="Their draft", status="draft")
    page = as_user(teacher).get(create_url(classroom)).text
    assert options(page) == {"": ["Choose a set…"]}
    assert "0 sets you can assign" in page


@pytest.mark.parametrize(
    ("title", "visibility", "status", "error"),
    [
        ("Their private", "private", "published", "Choose one of the sets in the list."),
        ("Their draft", "public", "draft", "Choose one of the sets in the list."),
        ("Archived", "public", "archived", "Choose one of the sets in the list."),
    ],
)
def test_sets_out_of_sight_are_refused_next_to_the_picker(
    as_user, teacher, other_teacher, classroom, title, visibility, status, error
):
    theirs = QuestionSetFactory(
        owner=other_teacher, title=title, visibility=visibility, status=status
    )
    data = {"question_set": theirs.pk, "opens_at": "2026-12-01T09:00"}
    data |= {"due_at": "2026-12-08T23:59", "grading": "best"}
    response = as_user(teacher).post(create_url(classroom), data)
    assert response.status_code == 400
    assert error in field_group(response.text, "question_set").text_content()
    assert not Assignment.objects.exists()


def test_own_draft_is_refused_with_the_reason(as_user, teacher, classroom):
    draft = QuestionSetFactory(owner=teacher, status="draft")
    data = {"question_set": draft.pk, "opens_at": "2026-12-01T09:00"}
    data |= {"due_at": "2026-12-08T23:59", "grading": "best"}
    response = as_user(teacher).post(create_url(classroom), data)
    assert response.status_code == 400
    group = field_group(response.text, "question_set").text_content()
    assert "Publish the set before assigning it." in group


@pytest.mark.parametrize("zone", ["UTC", "Asia/Tokyo", "America/Los_Angeles"])
def test_new_assignment_opens_now_and_is_due_in_seven_days_at_2359(
    as_user, teacher, classroom, zone
):
    teacher.time_zone = zone
    teacher.save()
    page = as_user(teacher).get(create_url(classroom)).text
    opens = field_group(page, "opens_at").xpath(".//input")[0].get("value")
    due = field_group(page, "due_at").xpath(".//input")[0].get("value")
    now = timezone.now().astimezone(zoneinfo.ZoneInfo(zone))
    opened = datetime.fromisoformat(opens).replace(tzinfo=zoneinfo.ZoneInfo(zone))
    assert abs(opened - now) < timedelta(minutes=2)
    assert due == f"{(now + timedelta(days=7)).date().isoformat()}T23:59" or due == (
        f"{(opened + timedelta(days=7)).date().isoformat()}T23:59"
    )


def test_defaults_saved_as_shown_in_the_teachers_zone(as_user, teacher, classroom):
    teacher.time_zone = "Asia/Tokyo"
    teacher.save()
    mine = QuestionSetFactory(owner=teacher)
    client = as_user(teacher)
    page = client.get(create_url(classroom)).text
    due = field_group(page, "due_at").xpath(".//input")[0].get("value")
    opens = field_group(page, "opens_at").xpath(".//input")[0].get("value")
    data = {"question_set": mine.pk, "opens_at": opens, "due_at": due, "grading": "best"}
    assert client.post(create_url(classroom), data).status_code == 302
    saved = Assignment.objects.get().due_at.astimezone(zoneinfo.ZoneInfo("Asia/Tokyo"))
    assert (saved.hour, saved.minute) == (23, 59)


def test_editing_keeps_the_saved_times(as_user, teacher, classroom):
    assignment = AssignmentFactory(classroom=classroom, question_set__owner=teacher)
    url = reverse("assignment_edit", args=[classroom.pk, assignment.pk])
    page = as_user(teacher).get(url).text
    due = field_group(page, "due_at").xpath(".//input")[0].get("value")
    expected = timezone.localtime(assignment.due_at, zoneinfo.ZoneInfo(teacher.time_zone))
    assert due == expected.strftime("%Y-%m-%dT%H:%M")


def test_editing_keeps_a_set_no_longer_in_the_library_assignable(
    as_user, teacher, classroom, library_set
):
    assignment = AssignmentFactory(classroom=classroom, question_set=library_set)
    library_set.visibility = "private"
    library_set.save()
    url = reverse("assignment_edit", args=[classroom.pk, assignment.pk])
    client = as_user(teacher)
    assert "Founding of NATO" in str(options(client.get(url).text))
    data = {"question_set": library_set.pk, "opens_at": "2026-12-01T09:00"}
    data |= {"due_at": "2026-12-09T23:59", "grading": "last"}
    assert client.post(url, data).status_code == 302
    assert Assignment.objects.get().grading == "last"


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("question_set", "Choose the question set to assign."),
        ("opens_at", "Give the date and time the assignment opens."),
        ("due_at", "Give the date and time the assignment is due."),
    ],
)
def test_each_missing_field_is_named_next_to_it(
    as_user, teacher, classroom, library_set, missing, message
):
    """A raw POST without the field (as a browser would send with novalidate)."""
    data = {"question_set": library_set.pk, "opens_at": "2026-12-01T09:00"}
    data |= {"due_at": "2026-12-08T23:59", "grading": "best"}
    del data[missing]
    response = as_user(teacher).post(create_url(classroom), data)
    assert response.status_code == 400
    assert message in field_group(response.text, missing).text_content()
    assert response.text.count(message) == 1
    assert not Assignment.objects.exists()


def test_empty_post_names_every_required_field(as_user, teacher, classroom):
    response = as_user(teacher).post(create_url(classroom), {})
    assert response.status_code == 400
    for name in ("question_set", "opens_at", "due_at"):
        assert field_group(response.text, name).xpath(".//*[contains(@class, 'errorlist')]")
    assert "novalidate" in response.text.split('class="stacked"')[1].split(">")[0]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("opens_at", "not a date", "Enter a date and time"),
        ("due_at", "2026-13-45T25:61", "Enter a date and time"),
        ("due_at", "2026-11-01T09:00", "The due time must be after the opening time."),
        ("attempts_allowed", "0", "Allow between 1 and 100 attempts"),
        ("attempts_allowed", "many", "Enter a whole number."),
        ("grading", "luck", "Select a valid choice."),
        ("question_set", "abc", "Choose one of the sets in the list."),
        ("question_set", "99999999", "Choose one of the sets in the list."),
    ],
)
def test_bad_values_are_named_next_to_their_field(
    as_user, teacher, classroom, library_set, field, value, message
):
    data = {"question_set": library_set.pk, "opens_at": "2026-12-01T09:00"}
    data |= {"due_at": "2026-12-08T23:59", "grading": "best", field: value}
    response = as_user(teacher).post(create_url(classroom), data)
    assert response.status_code == 400
    assert message in field_group(response.text, field).text_content()
    assert not Assignment.objects.exists()


def test_the_set_of_an_attempted_assignment_cannot_change(as_user, teacher, classroom, library_set):
    assignment = AssignmentFactory(classroom=classroom, question_set__owner=teacher)
    AttemptFactory(assignment=assignment, question_set=assignment.question_set)
    url = reverse("assignment_edit", args=[classroom.pk, assignment.pk])
    data = {"question_set": library_set.pk, "opens_at": "2026-12-01T09:00"}
    data |= {"due_at": "2026-12-08T23:59", "grading": "best"}
    response = as_user(teacher).post(url, data)
    assert response.status_code == 400
    assert "cannot change" in field_group(response.text, "question_set").text_content()


# Search


def test_search_narrows_the_picker_by_title_or_author(as_user, teacher, classroom, library_set):
    QuestionSetFactory(owner=teacher, title="Article 5")
    client = as_user(teacher)
    by_title = client.get(create_url(classroom), {"q": "nato found"}).text
    assert options(by_title) == {
        "": ["Choose a set…"],
        "Library": ["Founding of NATO — Ada Lovelace"],
    }
    assert "1 set matches “nato found”" in by_title
    by_author = client.get(create_url(classroom), {"q": "lovelace"}).text
    assert options(by_author)["Library"] == ["Founding of NATO — Ada Lovelace"]
    none = client.get(create_url(classroom), {"q": "zebra"}).text
    assert options(none) == {"": ["Choose a set…"]} and "0 sets match" in none


def test_search_with_htmx_swaps_only_the_picker_and_keeps_the_chosen_set(
    as_user, teacher, classroom, library_set
):
    mine = QuestionSetFactory(owner=teacher, title="Article 5")
    response = as_user(teacher).get(
        create_url(classroom), {"q": "nato", "question_set": mine.pk}, **HTMX
    )
    assert response.status_code == 200 and "<html" not in response.text
    assert 'id="opens_at"' not in response.text and "csrfmiddlewaretoken" not in response.text
    assert options(response.text)["Your sets"] == ["Article 5"]  # chosen before searching
    selected = lxml.html.fromstring(response.text).xpath("//option[@selected]")
    assert [o.text for o in selected] == ["Article 5"]


def test_search_never_reveals_a_set_out_of_sight(as_user, teacher, other_teacher, classroom):
    hidden = QuestionSetFactory(owner=other_teacher, title="Secret", visibility="private")
    page = (
        as_user(teacher)
        .get(create_url(classroom), {"q": "", "question_set": hidden.pk}, **HTMX)
        .text
    )
    assert "Secret" not in page


@pytest.mark.parametrize(
    "query", [{"q": "x" * 5000}, {"question_set": "9" * 15}, {"question_set": "-1"}, {"q": "%"}]
)
def test_odd_search_input_is_harmless(as_user, teacher, classroom, query):
    assert as_user(teacher).get(create_url(classroom), query).status_code == 200


# Permissions and budgets


@pytest.mark.parametrize(
    ("role", "get", "post"),
    [
        ("anonymous", 302, 302),
        ("student", 403, 403),
        ("owner", 200, 302),
        ("other_teacher", 404, 404),
        ("staff", 200, 302),
    ],
)
def test_permission_matrix_with_a_library_set(client, classroom, library_set, role, get, post):
    users = {
        "anonymous": None,
        "student": StudentFactory(),
        "owner": classroom.owner,
        "other_teacher": TeacherFactory(),
        "staff": StaffFactory(),
    }
    if users[role] is not None:
        client.force_login(users[role])
    assert client.get(create_url(classroom), {"q": "nato"}).status_code == get
    data = {"question_set": library_set.pk, "opens_at": "2026-12-01T09:00"}
    data |= {"due_at": "2026-12-08T23:59", "grading": "best"}
    assert client.post(create_url(classroom), data).status_code == post
    assert Assignment.objects.count() == (1 if post == 302 and role != "anonymous" else 0)


@pytest.mark.parametrize("size", [2, 60])
def test_assignment_form_query_budget(
    as_user, teacher, classroom, size, django_assert_max_num_queries
):
    authors = TeacherFactory.create_batch(3)
    for n in range(size):
        QuestionSetFactory(owner=authors[n % 3], title=f"Library {n}", visibility="public")
        QuestionSetFactory(owner=teacher, title=f"Mine {n}")
    client = as_user(teacher)
    with django_assert_max_num_queries(6):
        page = client.get(create_url(classroom)).text
    assert len(options(page)["Library"]) == size
    with django_assert_max_num_queries(6):
        client.get(create_url(classroom), {"q": "library 1"}, **HTMX)
    library = QuestionSet.objects.filter(title="Library 0").get()
    data = {"question_set": library.pk, "opens_at": "2026-12-01T09:00"}
    data |= {"due_at": "2026-12-08T23:59", "grading": "best"}
    with django_assert_max_num_queries(12):
        assert client.post(create_url(classroom), data).status_code == 302


def test_a_library_sets_page_offers_to_assign_it_to_each_class_as_it_is(
    as_user, teacher, classroom, library_set, django_assert_max_num_queries
):
    ClassroomFactory(owner=TeacherFactory(), name="Not mine")
    client = as_user(teacher)
    with django_assert_max_num_queries(12):
        page = client.get(library_set.get_absolute_url()).text
    href = f"{create_url(classroom)}?question_set={library_set.pk}"
    assert f'href="{href}"' in page and "Assign to Year 9…" in page
    assert "Not mine" not in page
    assert reverse("set_copy", args=[library_set.slug]) in page
    form = client.get(href).text
    selected = lxml.html.fromstring(form).xpath(
        "//select[@id='id_question_set']//option[@selected]"
    )
    assert [o.text for o in selected] == ["Founding of NATO — Ada Lovelace"]


def test_a_students_set_page_offers_no_teaching_actions(as_user, student, library_set):
    page = as_user(student).get(library_set.get_absolute_url()).text
    assert "Teach with this set" not in page and "Copy to edit" not in page
