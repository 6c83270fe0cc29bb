"""Teachers' reports: gradebook (page and CSV), a student's attempts, item analysis."""

import csv

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from quizzes.attempts.selectors import attempt_as_read, attempts_as_read
from quizzes.classes.selectors import classrooms_managed_by
from quizzes.core.decorators import teacher_required
from quizzes.core.spreadsheets import percent_cell, protect_cell, spreadsheet_csv
from quizzes.questions.selectors import question_sets_editable_by
from quizzes.reports.selectors import (
    DISCRIMINATION_LOW,
    FACILITY_HIGH,
    FACILITY_LOW,
    FEW_RESPONSES,
    attempt_review_rows,
    attempt_visible_to_teacher,
    gradebook_for_class,
    item_analysis_for_set,
    student_attempts_in_class,
)


@require_GET
@teacher_required
def gradebook(request, pk: int):
    classroom = get_object_or_404(classrooms_managed_by(user=request.user), pk=pk)
    return render(
        request, "reports/gradebook.html", {"book": gradebook_for_class(classroom=classroom)}
    )


# The student's average counts a missed assignment as 0 (GradebookRow.average); the
# page says so under its table, the CSV in the column's heading.
AVERAGE_CSV_HEADING = "Average % (missed counts 0)"


@require_GET
@teacher_required
def gradebook_csv(request, pk: int):
    """The grid as CSV: one header row, a score and a status column per assignment."""
    classroom = get_object_or_404(classrooms_managed_by(user=request.user), pk=pk)
    book = gradebook_for_class(classroom=classroom)
    response = spreadsheet_csv(f"gradebook-{slugify(classroom.name) or classroom.pk}.csv")
    writer = csv.writer(response)
    header = ["Username", "Name"]
    for assignment in book.assignments:
        due = timezone.localtime(assignment.due_at)  # the teacher's day, as on the page
        title = f"{assignment.question_set.title} (due {due:%Y-%m-%d})"
        header += [protect_cell(f"{title} %"), protect_cell(f"{title} status")]
    writer.writerow([*header, AVERAGE_CSV_HEADING])
    for row in book.rows:
        line = [protect_cell(row.student.username), protect_cell(row.student.get_full_name())]
        for cell in row.cells:
            line += [percent_cell(cell.score), cell.label]
        writer.writerow([*line, percent_cell(row.average)])
    return response


@require_GET
@teacher_required
def student_results(request, pk: int, student: int):
    """One student's attempts on this class's assignments, each linking to its review."""
    classroom = get_object_or_404(classrooms_managed_by(user=request.user), pk=pk)
    membership = get_object_or_404(classroom.memberships.select_related("student"), student=student)
    attempts = student_attempts_in_class(classroom=classroom, student=membership.student)
    return render(
        request,
        "reports/student_results.html",
        {
            "classroom": classroom,
            "student": membership.student,
            "attempts": attempts_as_read(attempts),
        },
    )


@require_GET
@teacher_required
def attempt_review(request, pk: int):
    """A student's answers, marks and the correct answers, as of the version answered."""
    attempt = get_object_or_404(
        attempt_visible_to_teacher(user=request.user).select_related(
            "user", "question_set", "assignment__classroom"
        ),
        pk=pk,
    )
    return render(
        request,
        "reports/attempt_review.html",
        {"attempt": attempt_as_read(attempt), "rows": attempt_review_rows(attempt=attempt)},
    )


@require_GET
@teacher_required
def item_analysis(request, slug: str):
    question_set = get_object_or_404(question_sets_editable_by(user=request.user), slug=slug)
    items = item_analysis_for_set(question_set=question_set)
    return render(
        request,
        "reports/item_analysis.html",
        {
            "question_set": question_set,
            "items": items,
            "few_responses": FEW_RESPONSES,
            "most_responses": max((i.responses + i.skipped for i in items), default=0),
            "thresholds": {
                "facility_low": FACILITY_LOW,
                "facility_high": FACILITY_HIGH,
                "discrimination_low": DISCRIMINATION_LOW,
            },
        },
    )
