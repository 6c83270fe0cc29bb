"""Permission matrix for every teaching view: anonymous, student, another student,
owning teacher, another teacher and staff (staff may see and change everything)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes.attempts.models import Attempt
from quizzes.classes.models import Invite
from tests.factories import (
    AssignmentFactory,
    AttemptFactory,
    ClassroomFactory,
    MembershipFactory,
    QuestionFactory,
    QuestionSetFactory,
    ResponseFactory,
    StaffFactory,
    StudentFactory,
    TeacherFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "student", "other_student", "owner", "other_teacher", "staff"]

# Expected status per role, by kind of view.
OWNED = {  # a teacher's own object: others get 404, students 403
    "anonymous": 302,
    "student": 403,
    "other_student": 403,
    "owner": 200,
    "other_teacher": 404,
    "staff": 200,
}
OWNED_WRITE = {**OWNED, "owner": 302, "staff": 302}
TEACHER_PAGE = {**OWNED, "other_teacher": 200}
TEACHER_WRITE = {**OWNED_WRITE, "other_teacher": 302}
STUDENT_PAGE = {
    "anonymous": 302,
    "student": 200,
    "other_student": 200,
    "owner": 403,
    "other_teacher": 403,
    "staff": 200,
}
ANY_USER = {**STUDENT_PAGE, "owner": 200, "other_teacher": 200}
PUBLIC_SET_COPY = {**TEACHER_WRITE}
INVITE = {role: 403 for role in ROLES} | {"anonymous": 200}
JOIN_WRITE = {**STUDENT_PAGE, "student": 302, "other_student": 302, "staff": 302}
# A student's own membership: others are not in that class (404); teachers are no members.
LEAVE = {**STUDENT_PAGE, "other_student": 404, "staff": 404}
LEAVE_WRITE = {**LEAVE, "student": 302}
# A citation's quote answers its question: readable by whoever may see that answer.
CITATION_OF_PRIVATE_DRAFT = {  # only its author and staff
    "anonymous": 302,
    "student": 404,
    "other_student": 404,
    "owner": 302,
    "other_teacher": 404,
    "staff": 302,
}
CITATION_OF_EXAM = {**CITATION_OF_PRIVATE_DRAFT, "student": 302}  # the student handed it in
CITATION_OF_PUBLIC_PRACTICE = {role: 302 for role in ROLES}  # anonymous: to sign in
# A document is open to all; ?quote= (which highlights a citation) asks to sign in first.
DOCUMENT_WITH_QUOTE = {role: 200 for role in ROLES} | {"anonymous": 302}
SET_FIELDS = {"title": "T", "visibility": "private", "mode": "practice", "pass_mark": "60"}
SET_FIELDS |= {"reveal": "immediately"}


@pytest.fixture
def world(db):
    owner = TeacherFactory()
    student = StudentFactory()
    question = QuestionFactory(author=owner, status="draft")
    question_set = QuestionSetFactory(owner=owner, questions=[question], visibility="private")
    public_set = QuestionSetFactory(owner=owner, questions=[QuestionFactory(author=owner)])
    classroom = ClassroomFactory(owner=owner)
    membership = MembershipFactory(classroom=classroom, student=student)
    assignment = AssignmentFactory(classroom=classroom, question_set=public_set)
    attempt = AttemptFactory(
        user=student,
        question_set=public_set,
        assignment=assignment,
        status=Attempt.Status.SUBMITTED,
        submitted_at=timezone.now(),
        percent=100,
    )
    ResponseFactory(attempt=attempt, question=public_set.items.get().question)
    exam_question = QuestionFactory(author=owner)
    exam_set = QuestionSetFactory(
        owner=owner, questions=[exam_question], mode="exam", reveal="after_submission"
    )
    exam_attempt = AttemptFactory(
        user=student,
        question_set=exam_set,
        status=Attempt.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    ResponseFactory(attempt=exam_attempt, question=exam_question)
    return {
        "owner": owner,
        "student": student,
        "other_student": StudentFactory(),
        "other_teacher": TeacherFactory(),
        "staff": StaffFactory(),
        "anonymous": None,
        "question": question,
        "set": question_set,
        "public_set": public_set,
        "classroom": classroom,
        "membership": membership,
        "assignment": assignment,
        "attempt": attempt,
        "item": question_set.items.get(),
        "invite": Invite.objects.create(created_by=owner),
        "archived_set": QuestionSetFactory(owner=owner, status="archived"),
        "draft_citation": question.citations.get(),
        "exam_citation": exam_question.citations.get(),
        "practice_citation": public_set.items.get().question.citations.get(),
    }


def cases():
    q = lambda w: [w["question"].pk]  # noqa: E731
    s = lambda w: [w["set"].slug]  # noqa: E731
    c = lambda w: [w["classroom"].pk]  # noqa: E731
    return [
        ("workspace", "get", lambda w: [], {}, TEACHER_PAGE),
        ("question_create", "get", lambda w: [], {}, TEACHER_PAGE),
        ("question_create", "post", lambda w: [], {"op": "add"}, TEACHER_PAGE),
        ("question_preview", "post", lambda w: [], {"type": "numeric"}, TEACHER_PAGE),
        ("question_edit", "get", q, {}, OWNED),
        ("question_edit", "post", q, {"op": "add"}, OWNED),
        ("question_duplicate", "post", q, {}, OWNED_WRITE),
        ("question_delete", "get", q, {}, OWNED),
        ("question_delete", "post", q, {}, OWNED_WRITE),
        ("set_create", "get", lambda w: [], {}, TEACHER_PAGE),
        ("set_create", "post", lambda w: [], SET_FIELDS, TEACHER_WRITE),
        ("set_edit", "post", s, SET_FIELDS, OWNED_WRITE),
        ("set_edit", "get", s, {}, OWNED),
        ("set_item_add", "post", s, {"question": "QUESTION"}, OWNED_WRITE),
        ("set_item_remove", "post", lambda w: [w["set"].slug, w["item"].pk], {}, OWNED_WRITE),
        (
            "set_item_move",
            "post",
            lambda w: [w["set"].slug, w["item"].pk],
            {"direction": "up"},
            OWNED_WRITE,
        ),
        ("set_publish", "post", s, {"publish": "0"}, OWNED_WRITE),
        ("set_delete", "get", s, {}, OWNED),
        ("set_delete", "post", s, {}, OWNED_WRITE),
        ("set_restore", "post", lambda w: [w["archived_set"].slug], {}, OWNED_WRITE),
        ("set_copy", "get", lambda w: [w["public_set"].slug], {}, TEACHER_PAGE),
        (
            "set_copy",
            "post",
            lambda w: [w["public_set"].slug],
            {"title": "Mine now"},
            PUBLIC_SET_COPY,
        ),
        ("item_analysis", "get", lambda w: [w["public_set"].slug], {}, OWNED),
        ("class_list", "get", lambda w: [], {}, TEACHER_PAGE),
        ("class_list", "post", lambda w: [], {"name": "New class"}, TEACHER_WRITE),
        ("class_detail", "get", c, {}, OWNED),
        ("class_join_card", "get", c, {}, OWNED),
        ("class_regenerate_code", "post", c, {}, OWNED_WRITE),
        ("class_rename", "get", c, {}, OWNED),
        ("class_rename", "post", c, {"name": "Renamed"}, OWNED_WRITE),
        ("class_delete", "get", c, {}, OWNED),
        ("class_delete", "post", c, {}, OWNED_WRITE),
        (
            "class_remove_student",
            "get",
            lambda w: [w["classroom"].pk, w["membership"].pk],
            {},
            OWNED,
        ),
        (
            "class_remove_student",
            "post",
            lambda w: [w["classroom"].pk, w["membership"].pk],
            {},
            OWNED_WRITE,
        ),
        ("assignment_create", "get", c, {}, OWNED),
        (
            "assignment_edit",
            "get",
            lambda w: [w["classroom"].pk, w["assignment"].pk],
            {},
            OWNED,
        ),
        (
            "assignment_remove",
            "get",
            lambda w: [w["classroom"].pk, w["assignment"].pk],
            {},
            OWNED,
        ),
        (
            "assignment_remove",
            "post",
            lambda w: [w["classroom"].pk, w["assignment"].pk],
            {},
            OWNED_WRITE,
        ),
        ("gradebook", "get", c, {}, OWNED),
        ("gradebook_csv", "get", c, {}, OWNED),
        (
            "student_results",
            "get",
            lambda w: [w["classroom"].pk, w["student"].pk],
            {},
            OWNED,
        ),
        ("attempt_review_teacher", "get", lambda w: [w["attempt"].pk], {}, OWNED),
        ("join_class", "get", lambda w: [], {}, STUDENT_PAGE),
        ("join_class", "post", lambda w: [], {"code": "JOINCODE"}, JOIN_WRITE),
        (
            "assignment_create",
            "post",
            c,
            {"question_set": "PUBLIC_SET", "opens_at": "2026-01-01T09:00"}
            | {"due_at": "2026-01-08T09:00", "grading": "best"},
            OWNED_WRITE,
        ),
        ("my_assignments", "get", lambda w: [], {}, ANY_USER),
        ("class_leave", "get", c, {}, LEAVE),
        ("class_leave", "post", c, {}, LEAVE_WRITE),
        ("invite_list", "get", lambda w: [], {}, TEACHER_PAGE),
        ("invite_list", "post", lambda w: [], {"email": ""}, TEACHER_WRITE),
        ("invite_accept", "get", lambda w: [w["invite"].token], {}, INVITE),
        (
            "citation_in_source",
            "get",
            lambda w: [w["draft_citation"].public_id],
            {},
            CITATION_OF_PRIVATE_DRAFT,
        ),
        (
            "citation_in_source",
            "get",
            lambda w: [w["exam_citation"].public_id],
            {},
            CITATION_OF_EXAM,
        ),
        (
            "citation_in_source",
            "get",
            lambda w: [w["practice_citation"].public_id],
            {},
            CITATION_OF_PUBLIC_PRACTICE,
        ),
        (
            "document_detail",
            "get",
            lambda w: [w["exam_citation"].passage.document.slug],
            {"quote": "EXAM_QUOTE"},
            DOCUMENT_WITH_QUOTE,
        ),
        (
            "document_detail",
            "get",
            lambda w: [w["exam_citation"].passage.document.slug],
            {},
            {role: 200 for role in ROLES},
        ),
    ]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "args", "data", "expected"),
    cases(),
    ids=[f"{c[0]}-{c[1]}" for c in cases()],
)
def test_permission_matrix(client, world, role, name, method, args, data, expected):
    user = world[role if role != "owner" else "owner"]
    if user is not None:
        client.force_login(user)
    placeholders = {
        "QUESTION": world["question"].pk,
        "PUBLIC_SET": world["public_set"].pk,
        "JOINCODE": world["classroom"].join_code,
        "EXAM_QUOTE": world["exam_citation"].public_id,
    }
    data = {k: placeholders.get(v, v) for k, v in data.items()}
    url = reverse(name, args=args(world))
    response = getattr(client, method)(url, data)
    assert response.status_code == expected[role], (name, role, response.content[:300])
    if response.status_code == 302 and role == "anonymous":
        assert response.url.startswith(reverse("login"))
    if name == "citation_in_source" and response.status_code == 302 and role != "anonymous":
        assert response.url.startswith(reverse("document_detail", args=["x"])[:-2])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("citation", ["draft_citation", "exam_citation", "practice_citation"])
def test_a_quote_is_highlighted_for_whoever_may_read_its_citation(client, world, role, citation):
    """?quote=<public id> on a document marks the quote only for a user the citation's
    address opens for (the same rule); for others the document shows without a mark."""
    cited = world[citation]
    if world[role] is not None:
        client.force_login(world[role])
    page = client.get(cited.passage.document.get_absolute_url(), {"quote": cited.public_id})
    readable = client.get(reverse("citation_in_source", args=[cited.public_id])).status_code
    if role == "anonymous":
        assert page.status_code == 302 and readable == 302
        return
    assert page.status_code == 200
    assert ('<mark id="quote">' in page.text) is (readable == 302), (role, citation)


def test_student_cannot_see_unpublished_question_or_private_set(client, world):
    client.force_login(world["other_student"])
    assert client.get(reverse("set_detail", args=[world["set"].slug])).status_code == 404
    assert client.get(reverse("question_edit", args=[world["question"].pk])).status_code == 403


def test_refusals_explain_themselves_in_the_site_page(as_user, student, teacher):
    """The 403 page says why (the message the view gives) inside the site's own page, with
    its navigation, instead of Django's bare "403 Forbidden"."""
    page = as_user(student).get(reverse("workspace"))
    assert page.status_code == 403
    assert "Only teachers can use the workspace." in page.text
    assert 'aria-label="Main"' in page.text
    refused = as_user(teacher).get(reverse("join_class"))
    assert refused.status_code == 403
    assert "Teachers create classes; students join them." in refused.text
