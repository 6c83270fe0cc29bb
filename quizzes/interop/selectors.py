"""Reads for export: a set's questions as plain ParsedQuestion data, in set order."""

import hashlib
from collections import Counter

from django.db.models import Prefetch

from quizzes.accounts.models import User
from quizzes.interop.parsed import Answer, ParsedQuestion
from quizzes.questions.models import BLANK_PATTERN, Citation, Question, QuestionSet
from quizzes.questions.selectors import shared_items


def exportable_sets(*, user: User):
    """Sets a user may export. Exports hold the answer key, so students never may:
    teachers export what they can see (their own sets and public ones), staff anything."""
    if not user.is_authenticated or not (user.is_teacher or user.is_staff):
        return QuestionSet.objects.none()
    return QuestionSet.objects.visible_to(user)


def parsed_from_question(question: Question) -> ParsedQuestion:
    citations = list(question.citations.all())
    return ParsedQuestion(
        line=0,
        type=question.type,
        prompt=question.prompt,
        title=readable_title(question.prompt),
        key=question.key,
        explanation=question.explanation,
        answers=[
            Answer(
                text=c.text,
                correct=c.is_correct,
                weight=c.weight,
                feedback=c.feedback,
                match=c.match_text,
                blank=c.blank,
                tolerance=c.tolerance,
            )
            for c in question.choices.all()
        ],
        topics=[t.name for t in question.topics.all()],
        sources=[c.quote for c in citations],
        source_titles=[c.passage.document.title for c in citations],
        numeric_value=question.numeric_value,
        numeric_tolerance=question.numeric_tolerance,
        difficulty=question.difficulty,
        unit=question.unit,
        near_miss=question.near_miss,
    )


def set_questions_for_export(
    *, question_set: QuestionSet, user: User | None
) -> list[ParsedQuestion]:
    """The questions `user` may take out of the set (shared_items). Five queries whatever
    the set's size."""
    questions = (
        Question.objects.filter(set_items__in=shared_items(question_set=question_set, user=user))
        .order_by("set_items__position", "set_items__id")
        .prefetch_related(
            "choices",
            "topics",
            Prefetch("citations", Citation.objects.select_related("passage__document")),
        )
    )
    return with_unique_titles([parsed_from_question(q) for q in questions])


TITLE_WORDS = 8
TITLE_LENGTH = 60


def readable_title(prompt: str) -> str:
    """A question's title in an export (Moodle's question name): its prompt's first words,
    the same in every export while the prompt stays the same."""
    text = " ".join(BLANK_PATTERN.sub("___", prompt).split())
    title = " ".join(text.split()[:TITLE_WORDS])
    if len(title) > TITLE_LENGTH:
        title = (
            title[:TITLE_LENGTH].rsplit(" ", 1)[0]
            if " " in title[:TITLE_LENGTH]
            else title[:TITLE_LENGTH]
        )
    if len(title) < len(text):
        title = title.rstrip(" ,;:.?!") + "…"
    return title or "Question"


def with_unique_titles(questions: list[ParsedQuestion]) -> list[ParsedQuestion]:
    """Titles made unique in the file: questions that start with the same words are told
    apart by a short code from their key, so each keeps its title from export to export."""
    counts = Counter(question.title for question in questions)
    for question in questions:
        if counts[question.title] > 1:
            code = hashlib.sha256(question.key.encode()).hexdigest()[:6]
            question.title = f"{question.title} ({code})"
    return questions
