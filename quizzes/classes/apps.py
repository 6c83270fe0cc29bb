from django.apps import AppConfig


class ClassesConfig(AppConfig):
    """Classrooms, memberships, assignments and teacher invites."""

    name = "quizzes.classes"
    verbose_name = "Classes"

    def ready(self) -> None:
        # The apps below ask what only classes know, on pages that are theirs: who may open
        # a set (a class's sets open to its students), which sets are still due for a
        # student (answers revealed after the due date), which sets a teacher assigned
        # (their citations), and which classes a set is assigned to (before it is deleted
        # or unpublished). docs/architecture.md, Layers.
        from quizzes.attempts.holds import HOLDS as ATTEMPT_HOLDS
        from quizzes.classes import selectors
        from quizzes.questions.holds import HOLDS as QUESTION_HOLDS
        from quizzes.questions.models import SET_AUDIENCES

        if selectors.sets_open_through_classes not in SET_AUDIENCES:
            SET_AUDIENCES.append(selectors.sets_open_through_classes)
        ATTEMPT_HOLDS.still_due = selectors.assignments_still_due
        ATTEMPT_HOLDS.sets_assigned_by = selectors.sets_assigned_by
        QUESTION_HOLDS.classes_assigned = selectors.classes_assigned
        QUESTION_HOLDS.assignees = selectors.assignees
