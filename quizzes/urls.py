"""URLs of every concern; each concern's views live in its own module."""

from django.contrib.auth import views as auth_views
from django.urls import path

from quizzes.accounts import views as accounts
from quizzes.attempts import views as attempts
from quizzes.classes import views as classes
from quizzes.flashcards import views as flashcards
from quizzes.interop import views as interop
from quizzes.questions import authoring_views as authoring
from quizzes.questions import views as questions
from quizzes.reports import progress_views as progress
from quizzes.reports import views as reports
from quizzes.sources import views as sources

urlpatterns = [
    path("", questions.home, name="home"),
    path("sets/<slug:slug>/", questions.set_detail, name="set_detail"),
    path("sets/<slug:slug>/start/", attempts.attempt_start, name="attempt_start"),
    path("attempts/<int:pk>/", attempts.attempt_play, name="attempt_play"),
    path("attempts/<int:pk>/answer/", attempts.attempt_answer, name="attempt_answer"),
    path("attempts/<int:pk>/submit/", attempts.attempt_submit, name="attempt_submit"),
    path("attempts/<int:pk>/result/", attempts.attempt_result, name="attempt_result"),
    path("workspace/", authoring.workspace, name="workspace"),
    path("workspace/questions/new/", authoring.question_create, name="question_create"),
    path("workspace/questions/preview/", authoring.question_preview, name="question_preview"),
    path("workspace/questions/<int:pk>/", authoring.question_edit, name="question_edit"),
    path(
        "workspace/questions/<int:pk>/duplicate/",
        authoring.question_duplicate_view,
        name="question_duplicate",
    ),
    path("workspace/questions/<int:pk>/delete/", authoring.question_delete, name="question_delete"),
    path("workspace/sets/new/", authoring.set_create, name="set_create"),
    path("workspace/sets/<slug:slug>/", authoring.set_edit, name="set_edit"),
    path("workspace/sets/<slug:slug>/items/", authoring.set_item_add_view, name="set_item_add"),
    path(
        "workspace/sets/<slug:slug>/items/<int:item>/remove/",
        authoring.set_item_remove_view,
        name="set_item_remove",
    ),
    path(
        "workspace/sets/<slug:slug>/items/<int:item>/move/",
        authoring.set_item_move_view,
        name="set_item_move",
    ),
    path("workspace/sets/<slug:slug>/publish/", authoring.set_publish, name="set_publish"),
    path("workspace/sets/<slug:slug>/delete/", authoring.set_delete, name="set_delete"),
    path("workspace/sets/<slug:slug>/restore/", authoring.set_restore, name="set_restore"),
    path("sets/<slug:slug>/copy/", authoring.set_copy, name="set_copy"),
    path("classes/", classes.class_list, name="class_list"),
    path("classes/<int:pk>/", classes.class_detail, name="class_detail"),
    path("classes/<int:pk>/code/", classes.class_regenerate_code, name="class_regenerate_code"),
    path("classes/<int:pk>/delete/", classes.class_delete, name="class_delete"),
    path("classes/<int:pk>/rename/", classes.class_rename, name="class_rename"),
    path(
        "classes/<int:pk>/students/<int:membership>/remove/",
        classes.class_remove_student,
        name="class_remove_student",
    ),
    path("classes/<int:pk>/assignments/new/", classes.assignment_create, name="assignment_create"),
    path(
        "classes/<int:pk>/assignments/<int:assignment>/",
        classes.assignment_edit,
        name="assignment_edit",
    ),
    path(
        "classes/<int:pk>/assignments/<int:assignment>/remove/",
        classes.assignment_remove_view,
        name="assignment_remove",
    ),
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
    path("join/", classes.join_class, name="join_class"),
    path("classes/<int:pk>/leave/", classes.class_leave, name="class_leave"),
    path("assignments/", classes.my_assignments, name="my_assignments"),
    path("invites/", classes.invite_list, name="invite_list"),
    path("invites/<str:token>/", classes.invite_accept_view, name="invite_accept"),
    path("sources/", sources.document_list, name="document_list"),
    path("sources/<slug:slug>/", sources.document_detail, name="document_detail"),
    path("citations/<uuid:public_id>/", sources.citation_in_source, name="citation_in_source"),
    path("study/", flashcards.study, name="flashcards_study"),
    path("study/cards/<int:pk>/rate/", flashcards.card_rate, name="flashcards_rate"),
    path("study/undo/", flashcards.review_undo, name="flashcards_undo"),
    path("study/decks/", flashcards.decks, name="flashcards_decks"),
    path("study/decks/<int:pk>/remove/", flashcards.deck_stop, name="flashcards_deck_remove"),
    path("study/sets/<slug:slug>/", flashcards.deck_create, name="flashcards_deck_add"),
    path("study/sets/<slug:slug>/cram/", flashcards.cram, name="flashcards_cram"),
    path("study/stats/", flashcards.stats, name="flashcards_stats"),
    path("study/settings/", flashcards.study_settings, name="flashcards_settings"),
    path("interop/import/", interop.import_questions, name="interop_import"),
    path("interop/import/confirm/", interop.import_confirm, name="interop_import_confirm"),
    path("interop/sets/<slug:slug>/<str:fmt>/", interop.export_set, name="interop_export"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/password/", accounts.password_change_view, name="password_change"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
]
