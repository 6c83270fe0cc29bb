"""The public library takes a set only after staff approve it; until then a public set
reaches its teacher's classes and anyone with its link."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from quizzes.questions.models import QuestionSet
from quizzes.questions.selectors import public_sets_to_copy
from quizzes.questions.services import question_set_update
from tests.factories import (
    ClassroomFactory,
    MembershipFactory,
    QuestionSetFactory,
    StudentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PENDING = QuestionSet.Library.PENDING


def pending_set(owner, **kwargs):
    return QuestionSetFactory(
        owner=owner, title="Fresh teacher set", library_status=PENDING, **kwargs
    )


def test_a_pending_set_is_listed_to_its_teacher_and_class_not_to_everyone(
    as_user, teacher, student, other_student, other_teacher
):
    question_set = pending_set(teacher)
    MembershipFactory(classroom=ClassroomFactory(owner=teacher), student=student)
    listed = QuestionSet.objects.listed_for
    assert question_set in listed(teacher) and question_set in listed(student)
    assert question_set not in listed(other_student) and question_set not in listed(other_teacher)
    assert "Fresh teacher set" not in as_user(other_student).get("/").text
    assert "Fresh teacher set" not in as_user(None).get("/").text
    assert question_set not in public_sets_to_copy(user=other_teacher)
    # Its link still opens it, as an unlisted set's would.
    assert question_set in QuestionSet.objects.visible_to(other_student)
    assert as_user(other_student).get(question_set.get_absolute_url()).status_code == 200


def test_an_approved_set_is_in_the_library_for_everyone(as_user, teacher, other_student):
    question_set = pending_set(teacher)
    as_user(StudentFactory())
    staff = UserFactory(is_staff=True)
    response = as_user(staff).post(
        reverse("library_review_decide", args=[question_set.slug]), {"decision": "approve"}
    )
    assert response.status_code == 302 and response.url == reverse("library_review")
    question_set.refresh_from_db()
    assert question_set.library_status == QuestionSet.Library.APPROVED
    assert question_set.library_reviewed_by == staff and question_set.library_reviewed_at
    assert "Fresh teacher set" in as_user(other_student).get("/").text
    assert "Fresh teacher set" in as_user(None).get("/").text


def test_a_rejected_set_stays_out_but_still_reaches_its_class(as_user, teacher, student, staff):
    question_set = pending_set(teacher)
    MembershipFactory(classroom=ClassroomFactory(owner=teacher), student=student)
    as_user(staff).post(
        reverse("library_review_decide", args=[question_set.slug]), {"decision": "reject"}
    )
    question_set.refresh_from_db()
    assert question_set.library_status == QuestionSet.Library.REJECTED
    assert question_set not in QuestionSet.objects.listed_for(StudentFactory())
    assert question_set in QuestionSet.objects.listed_for(student)


def test_the_review_page_lists_only_published_public_sets_awaiting_review(as_user, staff):
    pending_set(UserFactory(first_name="Grace", last_name="Hopper"))
    QuestionSetFactory(title="Approved one")
    QuestionSetFactory(title="Private one", visibility="private", library_status=PENDING)
    QuestionSetFactory(title="Draft one", status="draft", library_status=PENDING)
    page = as_user(staff).get(reverse("library_review")).text
    assert "Fresh teacher set" in page and "by Grace Hopper" in page
    for title in ("Approved one", "Private one", "Draft one"):
        assert title not in page


@pytest.mark.parametrize("who", [None, "student", "teacher", "other_teacher"])
def test_only_staff_review(request, as_user, who, teacher):
    question_set = pending_set(teacher)
    client = as_user(request.getfixturevalue(who) if who else None)
    page = client.get(reverse("library_review"))
    decide = client.post(
        reverse("library_review_decide", args=[question_set.slug]), {"decision": "approve"}
    )
    if who is None:
        assert page.status_code == 302 and "/accounts/login/" in page.url
        assert decide.status_code == 302 and "/accounts/login/" in decide.url
    else:
        assert page.status_code == 403 and decide.status_code == 403
    question_set.refresh_from_db()
    assert question_set.library_status == PENDING


def test_the_review_answers_get_and_post_only(as_user, staff, teacher):
    question_set = pending_set(teacher)
    client = as_user(staff)
    assert client.post(reverse("library_review")).status_code == 405
    assert client.get(reverse("library_review_decide", args=[question_set.slug])).status_code == 405


@pytest.mark.parametrize("decision", ["", "maybe", "x" * 5000, "APPROVE"])
def test_a_bad_decision_is_a_400_and_changes_nothing(as_user, staff, teacher, decision):
    question_set = pending_set(teacher)
    response = as_user(staff).post(
        reverse("library_review_decide", args=[question_set.slug]), {"decision": decision}
    )
    assert response.status_code == 400 and "Choose approve or reject" in response.text
    question_set.refresh_from_db()
    assert question_set.library_status == PENDING


def test_an_unknown_set_is_a_404_and_a_private_one_a_409(as_user, staff, teacher):
    client = as_user(staff)
    url = reverse("library_review_decide", args=["no-such-set"])
    assert client.post(url, {"decision": "approve"}).status_code == 404
    private = QuestionSetFactory(owner=teacher, visibility="private", library_status=PENDING)
    response = client.post(
        reverse("library_review_decide", args=[private.slug]), {"decision": "approve"}
    )
    assert response.status_code == 409 and "published public set" in response.text
    private.refresh_from_db()
    assert private.library_status == PENDING


def test_making_a_set_public_again_asks_for_a_new_review(teacher, staff):
    question_set = QuestionSetFactory(owner=teacher, visibility="private")
    question_set_update(question_set=question_set, fields={"visibility": "public"})
    assert question_set.library_status == PENDING
    own = QuestionSetFactory(owner=staff, visibility="private")
    question_set_update(question_set=own, fields={"visibility": "public"})
    assert own.library_status == QuestionSet.Library.APPROVED  # staff's own: no second review
    # An edit that keeps it public keeps the review.
    question_set_update(question_set=own, fields={"title": "Renamed"})
    assert own.library_status == QuestionSet.Library.APPROVED


def test_the_admin_actions_approve_and_reject(client, staff, teacher):
    staff.is_superuser = True
    staff.save()
    question_set = pending_set(teacher)
    private = QuestionSetFactory(owner=teacher, visibility="private", library_status=PENDING)
    client.force_login(staff)
    response = client.post(
        reverse("admin:questions_questionset_changelist"),
        {"action": "approve_for_library", "_selected_action": [question_set.pk, private.pk]},
        follow=True,
    )
    assert "1 set(s) reviewed; 1 not published and public." in response.text
    question_set.refresh_from_db()
    private.refresh_from_db()
    assert question_set.library_status == QuestionSet.Library.APPROVED
    assert private.library_status == PENDING


def test_the_migration_approves_the_shipped_bank_only(teacher):
    bank = QuestionSetFactory(owner=UserFactory(username="nato-library"), library_status=PENDING)
    other = pending_set(teacher)
    migration = importlib.import_module("quizzes.questions.migrations.0004_library_approval")
    migration.approve_the_bank(django_apps, None)
    bank.refresh_from_db()
    other.refresh_from_db()
    assert bank.library_status == QuestionSet.Library.APPROVED
    assert other.library_status == PENDING


@pytest.mark.parametrize("size", [2, 40])
def test_review_page_query_budget(as_user, staff, size, django_assert_max_num_queries):
    for i in range(size):
        QuestionSetFactory(slug=f"pending-{i}", library_status=PENDING)
    client = as_user(staff)
    with django_assert_max_num_queries(6):
        page = client.get(reverse("library_review"))
    assert page.text.count("Approve<span") == size
