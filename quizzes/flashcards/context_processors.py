"""Whether the signed-in teacher studies: their nav shows study tools only then."""

from quizzes.attempts.models import Attempt
from quizzes.flashcards.models import Deck


def user_studies(request) -> dict:
    """A callable, so the query runs only where a template asks (a teacher's nav): a
    student's and a visitor's pages never pay for it."""
    user = request.user
    known: list[bool] = []

    def studies() -> bool:
        if not known:
            known.append(
                user.is_authenticated
                and (
                    Deck.objects.filter(user=user).exists()
                    or Attempt.objects.filter(user=user).exists()
                )
            )
        return known[0]

    return {"user_studies": studies}
