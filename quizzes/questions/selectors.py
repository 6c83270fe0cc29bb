"""Reads of questions and sets, with visibility rules in one place."""

from collections.abc import Iterable

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce, Least

from quizzes.accounts.models import User
from quizzes.attempts.models import Attempt
from quizzes.classes.models import Assignment, Classroom, Membership
from quizzes.questions.models import Citation, Question, QuestionSet, QuestionVersion, SetItem
from quizzes.sources.models import Passage

# A question version never changes once written (an edit makes a new version), so each
# process keeps the versions it has read: the quiz player needs one or two per request.
VERSION_CACHE_SIZE = 4096
_versions: dict[int, QuestionVersion] = {}


def question_versions(*, ids: Iterable[int]) -> dict[int, QuestionVersion]:
    """Question versions by pk; a query only for those this process has not read yet."""
    wanted = set(ids)
    missing = wanted - _versions.keys()
    if missing:
        if len(_versions) + len(missing) > VERSION_CACHE_SIZE:
            _versions.clear()
        _versions.update(QuestionVersion.objects.in_bulk(missing))
    return {pk: _versions[pk] for pk in wanted if pk in _versions}


def forget_question_versions() -> None:
    """Empty this process's version cache (tests reuse primary keys after a rollback)."""
    _versions.clear()


def question_sets_visible_to(*, user: User) -> QuerySet[QuestionSet]:
    """Sets a user may open: published public sets, their classes' sets, and their own;
    staff may open every set. An archived set is open to nobody."""
    sets = QuestionSet.objects.exclude(status=QuestionSet.Status.ARCHIVED)
    if user.is_authenticated and user.is_staff:
        return sets
    return sets.filter(_open_to(user))


def _open_to(user: User) -> Q:
    """Published public sets, their classes' sets, and their own.

    "Their classes' sets" are the sets for classes by a teacher of one of their classes
    and the sets assigned to one of their classes.
    """
    published = Q(status=QuestionSet.Status.PUBLISHED)
    visible = published & Q(visibility=QuestionSet.Visibility.PUBLIC)
    if user.is_authenticated:
        # Subqueries on the class tables only: PostgreSQL plans these in a third of the
        # time of ones joining back to the sets and their owners (the same rows).
        my_classes = Membership.objects.filter(student=user).values("classroom_id")
        my_teachers = Classroom.objects.filter(pk__in=my_classes).values("owner_id")
        assigned = Assignment.objects.filter(classroom_id__in=my_classes).values("question_set_id")
        for_my_classes = Q(visibility=QuestionSet.Visibility.CLASSES, owner_id__in=my_teachers)
        visible |= published & (for_my_classes | Q(pk__in=assigned))
        visible |= Q(owner=user)
    return visible


def with_questions_per_attempt(sets: QuerySet[QuestionSet]) -> QuerySet[QuestionSet]:
    """`question_count`: how many questions an attempt at the set has, as a student sees it
    before starting: its published questions, or its random draw of them."""
    playable = Count(
        "items",
        filter=Q(
            items__question__status=Question.Status.PUBLISHED,
            items__question__current_version__isnull=False,
        ),
    )
    per_attempt = Least(playable, Coalesce("draw_count", playable), output_field=IntegerField())
    return sets.annotate(question_count=per_attempt)


def question_set_list(*, user: User) -> QuerySet[QuestionSet]:
    """The home page's sets, only the columns it shows: those open to the user as to any
    student or teacher, staff included. Staff may open any set by its address, but a
    list of every student's weak-spot set and every teacher's draft would help nobody."""
    sets = QuestionSet.objects.exclude(status=QuestionSet.Status.ARCHIVED).filter(_open_to(user))
    return with_questions_per_attempt(sets.only("slug", "title", "description", "mode")).order_by(
        "title"
    )


# --- Authoring -------------------------------------------------------------------------


def shared_items(*, question_set: QuestionSet, user: User | None) -> QuerySet[SetItem]:
    """The set's items as they may leave it (export, copy): another teacher's draft
    questions stay with their author; the owner and staff (or a command, user None) take
    every item but an archived one (only the admin can leave one in a set)."""
    items = question_set.items.exclude(question__status=Question.Status.ARCHIVED)
    if user is None or user.is_staff or user.pk == question_set.owner_id:
        return items
    return items.filter(question__status=Question.Status.PUBLISHED)


def can_author(user: User) -> bool:
    return user.is_authenticated and (user.is_teacher or user.is_staff)


def questions_editable_by(*, user: User) -> QuerySet[Question]:
    """A teacher's own questions; staff may edit every question."""
    if user.is_authenticated and user.is_staff:
        return Question.objects.all()
    if not can_author(user):
        return Question.objects.none()
    return Question.objects.filter(author=user)


def question_sets_editable_by(*, user: User) -> QuerySet[QuestionSet]:
    """A teacher's own sets; staff may edit every set. An archived set is out of reach
    here (the admin can bring it back)."""
    sets = QuestionSet.objects.exclude(status=QuestionSet.Status.ARCHIVED)
    if user.is_authenticated and user.is_staff:
        return sets
    if not can_author(user):
        return QuestionSet.objects.none()
    return sets.filter(owner=user)


def question_search(*, user: User, filters: dict) -> QuerySet[Question]:
    """The workspace list: own questions filtered by text, topic, type, document, status.

    Archived questions only show when asked for by status.
    """
    questions = questions_editable_by(user=user)
    text = (filters.get("q") or "").strip()
    if text:
        questions = questions.filter(
            Q(prompt__icontains=text) | Q(explanation__icontains=text) | Q(key__icontains=text)
        )
    if filters.get("topic"):
        questions = questions.filter(topics=filters["topic"])
    if filters.get("type"):
        questions = questions.filter(type=filters["type"])
    if filters.get("document"):
        questions = questions.filter(
            Exists(
                Citation.objects.filter(
                    question=OuterRef("pk"), passage__document=filters["document"]
                )
            )
        )
    if filters.get("status"):
        questions = questions.filter(status=filters["status"])
    else:
        questions = questions.exclude(status=Question.Status.ARCHIVED)
    return questions.prefetch_related("topics").order_by("-updated_at", "-pk")


def workspace_sets(*, user: User) -> tuple[list[QuestionSet], list[QuestionSet]]:
    """The user's own sets, and their archived ones (to restore), in one query. Staff may
    edit any set, but their workspace lists theirs: every teacher's sets and every
    student's weak-spot set would bury them (the admin finds one)."""
    if not can_author(user):
        return [], []
    sets = list(
        QuestionSet.objects.filter(owner=user)
        .annotate(question_count=Count("items"))
        .order_by("-updated_at", "-pk")
    )
    archived: list[QuestionSet] = [s for s in sets if s.status == QuestionSet.Status.ARCHIVED]
    return [s for s in sets if s.status != QuestionSet.Status.ARCHIVED], archived


def archived_sets(*, user: User) -> QuerySet[QuestionSet]:
    """Sets the user archived (deleted after students attempted them), which they may
    restore; staff may restore any."""
    archived = QuestionSet.objects.filter(status=QuestionSet.Status.ARCHIVED)
    if user.is_authenticated and user.is_staff:
        return archived
    return archived.filter(owner=user) if can_author(user) else QuestionSet.objects.none()


def public_sets_to_copy(*, user: User) -> QuerySet[QuestionSet]:
    """Published public sets by other people, which a teacher may copy."""
    return (
        QuestionSet.objects.filter(
            status=QuestionSet.Status.PUBLISHED, visibility=QuestionSet.Visibility.PUBLIC
        )
        .exclude(owner=user)
        .select_related("owner")
        .annotate(question_count=Count("items"))
        .order_by("title")
    )


def passage_search(*, text: str, user: User, limit: int = 8) -> list[Passage]:
    """Passages the user may cite containing the words, for the citation picker."""
    words = text.split()[:8]
    if not words:
        return []
    passages = Passage.objects.citable_by(user)
    for word in words:
        passages = passages.filter(Q(text__icontains=word) | Q(heading__icontains=word))
    return list(passages.select_related("document").order_by("document__title", "position")[:limit])


def playable_items(*, question_set: QuestionSet) -> QuerySet[SetItem]:
    """The set's items an attempt can draw: published questions with a version."""
    return SetItem.objects.filter(
        question_set=question_set,
        question__status=Question.Status.PUBLISHED,
        question__current_version__isnull=False,
    )


def playable_count(*, question_set: QuestionSet) -> int:
    """How many of the set's questions an attempt can draw."""
    return playable_items(question_set=question_set).count()


def running_attempts_in_another_mode(*, question_set: QuestionSet) -> int:
    """Attempts under way that started in the mode the set no longer has: each keeps the
    mode it started in (a practice attempt turned exam would let a student change answers
    whose feedback they have seen), so the teacher is told how many."""
    return (
        question_set.attempts.filter(status=Attempt.Status.IN_PROGRESS)
        .exclude(mode=question_set.mode)
        .count()
    )


def set_items_with_questions(*, question_set: QuestionSet) -> list[SetItem]:
    return list(question_set.items.select_related("question").order_by("position", "id"))


def question_in_attempts(*, question: Question) -> bool:
    """Whether any attempt drew the question: every attempt pins a version per question id,
    and its screens and result page read that version (the question cannot be deleted)."""
    return (
        question.responses.exists()
        or Attempt.objects.filter(versions__has_key=str(question.pk)).exists()
    )


def sets_holding(*, question: Question) -> list[QuestionSet]:
    """The sets a question is in, by title, each with `assigned_to`: the names of the classes
    it is assigned to (what deleting the question changes, said before it is done)."""
    sets = list(
        QuestionSet.objects.filter(items__question=question)
        .prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.select_related("classroom"))
        )
        .order_by("title", "id")
    )
    for question_set in sets:
        names = {a.classroom.name for a in question_set.assignments.all()}
        question_set.assigned_to = sorted(names)  # type: ignore[attr-defined]  # for the page
    return sets


def classes_assigned(*, question_set: QuestionSet) -> list[Classroom]:
    """The classes the set is assigned to, by name: while it is, it cannot be unpublished
    or deleted (their students could no longer start it)."""
    return list(
        Classroom.objects.filter(assignments__question_set=question_set)
        .distinct()
        .order_by("name", "pk")
    )


def set_attempt_counts(*, question_set: QuestionSet) -> dict[str, int]:
    """How many attempts students made at the set, and how many students: deleting a set
    with any archives it instead, so their results stay. One query."""
    return question_set.attempts.aggregate(
        attempts=Count("pk"), students=Count("user", distinct=True)
    )
