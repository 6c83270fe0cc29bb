"""URLs of reports; quizsite/urls.py includes them at the site root."""

from django.urls import path

from quizzes.reports import home_views
from quizzes.reports import progress_views as progress
from quizzes.reports import views as reports

urlpatterns = [
    path("", home_views.home, name="home"),
    path("classes/<int:pk>/gradebook/", reports.gradebook, name="gradebook"),
    path("classes/<int:pk>/gradebook.csv", reports.gradebook_csv, name="gradebook_csv"),
    path(
        "classes/<int:pk>/students/<int:student>/",
        reports.student_results,
        name="student_results",
    ),
    path("classes/<int:pk>/progress/", progress.class_progress_page, name="class_progress"),
    path("classes/<int:pk>/attempts.csv", progress.class_attempts_csv, name="class_attempts_csv"),
    path("progress/", progress.my_progress, name="my_progress"),
    path("progress/weak-spots/", progress.weak_spot_practice, name="weak_spot_practice"),
    path("reports/attempts/<int:pk>/", reports.attempt_review, name="attempt_review_teacher"),
    path("workspace/sets/<slug:slug>/analysis/", reports.item_analysis, name="item_analysis"),
]
