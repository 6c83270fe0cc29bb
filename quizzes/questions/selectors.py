"""Reads of questions and sets (who may open a set: `QuestionSet.objects.visible_to`)."""

from collections.abc import Iterable

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce, Least

from quizzes.accounts.models import User
from quizzes.questions.holds import HOLDS, Named
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
    """The home page's sets, only the columns it shows (`QuestionSet.objects.listed_for`)."""
    sets = QuestionSet.objects.listed_for(user).only("slug", "title", "description", "mode")
    return with_questions_per_attempt(sets).order_by("title")


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
    """The library's sets by other people, which a teacher may copy."""
    library: QuerySet[QuestionSet] = QuestionSet.objects.in_library()
    return (
        library.exclude(owner=user)
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
    whose feedback they have seen), so the teacher is told how many (the attempts app
    counts them: `holds`)."""
    return HOLDS.running_in_another_mode(question_set)


def set_items_with_questions(*, question_set: QuestionSet) -> list[SetItem]:
    return list(question_set.items.select_related("question").order_by("position", "id"))


def question_in_attempts(*, question: Question) -> bool:
    """Whether any attempt drew the question (the attempts app answers: `holds`): its
    screens and result page read the version it pinned, so the question cannot be deleted."""
    return HOLDS.question_drawn(question)


def sets_holding(*, question: Question) -> list[QuestionSet]:
    """The sets a question is in, by title, each with `assigned_to`: the names of the classes
    it is assigned to (what deleting the question changes, said before it is done)."""
    sets = list(QuestionSet.objects.filter(items__question=question).order_by("title", "id"))
    assignees = HOLDS.assignees([question_set.pk for question_set in sets]) if sets else {}
    for question_set in sets:
        question_set.assigned_to = assignees.get(  # type: ignore[attr-defined]  # for the page
            question_set.pk, []
        )
    return sets


def classes_assigned(*, question_set: QuestionSet) -> list[Named]:
    """The classes the set is assigned to, by name (the classes app answers: `holds`):
    while it is, it cannot be unpublished or deleted (their students could no longer start
    it)."""
    return list(HOLDS.classes_assigned(question_set))


def set_attempt_counts(*, question_set: QuestionSet) -> dict[str, int]:
    """How many attempts students made at the set, and how many students (the attempts app
    answers: `holds`): deleting a set with any archives it instead, so their results stay."""
    return HOLDS.set_attempt_counts(question_set)


REVIEW_SHOWN = 100


def sets_awaiting_review() -> list[QuestionSet]:
    """Public sets waiting for staff's library review, oldest change first (one query)."""
    return list(
        QuestionSet.objects.awaiting_review()
        .select_related("owner")
        .annotate(question_count=Count("items"))
        .order_by("updated_at", "pk")[:REVIEW_SHOWN]
    )
