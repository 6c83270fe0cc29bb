"""Whether a teacher studies (has flashcard decks of their own): their navigation shows the
study tools only then, teaching tools always first.

Known without a query on their pages: the answer is kept in the cache for a day, worked
out when the teacher signs in (or when the cache lost it) and set when they add a deck.
Removing their last deck is seen at the next sign-in or within the day (a post_delete
receiver would cost every deck removal a query: Django reads rows it must signal about).
"""

from django.core.cache import cache

from quizzes.flashcards.models import Deck

DAY = 24 * 60 * 60


def _key(user_id: int) -> str:
    return f"nav:studies:{user_id}"


def teacher_studies(user) -> bool:
    known = cache.get(_key(user.pk))
    if known is None:
        known = Deck.objects.filter(user=user).exists()
        cache.set(_key(user.pk), known, DAY)
    return known


def user_studies(request) -> dict:
    """A callable, asked only where a template needs it (a teacher's nav)."""
    user = request.user
    return {"user_studies": lambda: user.is_authenticated and teacher_studies(user)}


def remember_on_sign_in(sender, request, user, **kwargs) -> None:
    if getattr(user, "is_teacher", False):
        teacher_studies(user)


def deck_added(sender, instance: Deck, created: bool, **kwargs) -> None:
    if created:
        cache.set(_key(instance.user_id), True, DAY)
