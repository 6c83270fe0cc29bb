"""Writes to questions: snapshots that pin what students were graded on."""

from django.db import transaction

from quizzes.questions.models import Question, QuestionVersion


def _number(value) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def question_snapshot(question: Question) -> dict:
    """Everything needed to show and grade the question, as plain JSON."""
    return {
        "type": question.type,
        "prompt": question.prompt,
        "explanation": question.explanation,
        "unit": question.unit,
        "near_miss": question.near_miss,
        "numeric_value": _number(question.numeric_value),
        "numeric_tolerance": _number(question.numeric_tolerance),
        "choices": [
            {
                "id": str(choice.public_id),
                "text": choice.text,
                "correct": choice.is_correct,
                "weight": _number(choice.weight),
                "match": choice.match_text,
                "blank": choice.blank,
                "position": choice.position,
                "tolerance": _number(choice.tolerance),
                "feedback": choice.feedback,
            }
            for choice in question.choices.all()
        ],
        "citations": [
            {
                "id": citation.pk,
                "quote": citation.quote,
                "passage_id": citation.passage_id,
            }
            for citation in question.citations.all()
        ],
    }


@transaction.atomic
def question_version_publish(*, question: Question) -> QuestionVersion:
    """Record the question's current content as a version, unless it is unchanged."""
    snapshot = question_snapshot(question)
    current = question.current_version
    if current is not None and current.snapshot == snapshot:
        return current
    version = QuestionVersion.objects.create(
        question=question,
        number=(current.number + 1) if current else 1,
        snapshot=snapshot,
    )
    question.current_version = version
    question.save(update_fields=["current_version", "updated_at"])
    return version
