"""Reads compiled once (quizzes/core/fastpaths.py), as the player uses them: the same instances
as the ORM's, on SQLite and PostgreSQL, and a loud refusal of querysets they cannot run."""

import pytest
from django.db import connection
from django.db.models import Count, Exists, OuterRef

from quizzes.attempts import selectors, services
from quizzes.attempts.models import Attempt, Response
from quizzes.core.fastpaths import SENTINEL, CompiledRead, NotPlain, condition_sql
from tests.attempts.conftest import make_set  # noqa: F401 (the fixture)
from tests.attempts.test_services import answer_json

pytestmark = pytest.mark.django_db


def assert_same_instance(mine, theirs):
    assert type(mine) is type(theirs) and mine.pk == theirs.pk
    assert mine._state.db == "default" and not mine._state.adding
    for field in type(theirs)._meta.concrete_fields:
        a, b = getattr(mine, field.attname), getattr(theirs, field.attname)
        assert (a, type(a)) == (b, type(b)), field.name


@pytest.fixture
def attempt(student, make_set):  # noqa: F811 (the fixture imported above)
    qs = make_set(["single_choice", "numeric"], time_limit_minutes=30)
    attempt = services.attempt_start(user=student, question_set=qs)
    services.attempt_answer(
        attempt=attempt, user=student, position=0, answer=answer_json(attempt, 0)
    )
    return attempt


def test_the_players_attempt_read_matches_the_orm(student, attempt, django_assert_num_queries):
    expected = selectors.attempts_of(user=student).get(pk=attempt.pk)
    with django_assert_num_queries(1):
        mine = selectors.attempt_of(user=student, pk=attempt.pk)
        assert_same_instance(mine, expected)
        assert_same_instance(mine.question_set, expected.question_set)  # no second query
    assert mine.deadline.tzinfo is not None and isinstance(mine.versions, dict)


def test_another_students_or_a_missing_attempt_is_none(student, other_student, attempt):
    assert selectors.attempt_of(user=other_student, pk=attempt.pk) is None
    assert selectors.attempt_of(user=student, pk=attempt.pk + 1000) is None
    assert selectors.attempt_of(user=student, pk=2**70) is None  # beyond any id: no row


def test_answered_positions_are_one_query(attempt, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert selectors.answered_positions(attempt=attempt) == {0}
    services.attempt_answer(
        attempt=attempt, user=attempt.user, position=1, answer=answer_json(attempt, 1)
    )
    assert selectors.answered_positions(attempt=attempt) == {0, 1}


def test_the_saved_answer_read_matches_the_orm(attempt, django_assert_num_queries):
    expected = attempt.responses.get(position=0)
    with django_assert_num_queries(1):
        mine = selectors.response_at(attempt=attempt, index=0)
        assert mine.attempt is attempt  # the parent is set, not read again
    assert_same_instance(mine, expected)
    assert selectors.response_at(attempt=attempt, index=1) is None  # not answered yet


def test_ids_must_be_ints(attempt):
    read = CompiledRead(lambda pk: Attempt.objects.filter(pk=pk), "pk")
    with pytest.raises(TypeError):
        read.first(pk=str(attempt.pk))
    assert read.first(pk=attempt.pk) == attempt


@pytest.mark.parametrize(
    "build",
    [
        lambda pk: Attempt.objects.filter(pk=pk).annotate(n=Count("responses")),
        lambda pk: Attempt.objects.filter(pk=pk).defer("versions"),
        lambda pk: Attempt.objects.filter(pk=pk).only("pk"),
        lambda pk: Attempt.objects.filter(pk__gte=pk, pk__lte=pk),  # the id twice
        lambda pk: Attempt.objects.all(),  # not a parameter at all
        lambda pk: Response.objects.filter(pk=pk).select_related("attempt__question_set"),
    ],
)
def test_querysets_it_cannot_run_are_refused(build):
    with pytest.raises(NotPlain):
        CompiledRead(build, "pk").first(pk=1)


def test_a_condition_runs_as_plain_sql_with_named_parameters(student, other_student, attempt):
    """condition_sql: the WHERE of an ORM queryset, the id and the constants as named
    parameters, the outer table under the statement's alias, correlated subqueries kept."""
    answered = Response.objects.filter(attempt=OuterRef("pk"))
    queryset = Attempt.objects.filter(
        Exists(answered), user_id=SENTINEL, status=Attempt.Status.IN_PROGRESS
    )
    sql, params = condition_sql(queryset, ids={"user": SENTINEL}, prefix="c_", alias="a")
    assert "%(user)s" in sql and "%s" not in sql
    assert Attempt.Status.IN_PROGRESS in params.values()
    assert all(name.startswith("c_") for name in params)
    table = connection.ops.quote_name(Attempt._meta.db_table)
    assert f"{table}." not in sql
    other = services.attempt_start(user=other_student, question_set=attempt.question_set)
    assert not other.responses.exists()  # open, unanswered: not matched
    for user, expected in [(student, [attempt.pk]), (other_student, [])]:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT a.id FROM {table} a WHERE {sql}", {**params, "user": user.pk})
            assert [pk for (pk,) in cursor.fetchall()] == expected
        orm = Attempt.objects.filter(Exists(answered), user=user, status=Attempt.Status.IN_PROGRESS)
        assert list(orm.values_list("pk", flat=True)) == expected
