"""Reads of questions and sets, with visibility rules in one place."""

from django.db.models import Count, Q, QuerySet

from quizzes.accounts.models import User
from quizzes.questions.models import QuestionSet


def question_sets_visible_to(*, user: User) -> QuerySet[QuestionSet]:
    """Sets a user may open: published public sets, their classes' sets, and their own."""
    sets = QuestionSet.objects.all()
    if user.is_authenticated and user.is_staff:
        return sets
    published = Q(status=QuestionSet.Status.PUBLISHED)
    visible = published & Q(visibility=QuestionSet.Visibility.PUBLIC)
    if user.is_authenticated:
        in_my_class = QuestionSet.objects.filter(
            visibility=QuestionSet.Visibility.CLASSES,
            owner__classrooms__memberships__student=user,
        ).values("pk")
        in_my_assignment = QuestionSet.objects.filter(
            assignments__classroom__memberships__student=user
        ).values("pk")
        visible |= published & (Q(pk__in=in_my_class) | Q(pk__in=in_my_assignment))
        visible |= Q(owner=user)
    return sets.filter(visible)


def question_set_list(*, user: User) -> QuerySet[QuestionSet]:
    return (
        question_sets_visible_to(user=user)
        .select_related("owner")
        .annotate(question_count=Count("items"))
        .order_by("title")
    )
