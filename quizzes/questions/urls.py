"""URLs of questions; quizsite/urls.py includes them at the site root."""

from django.urls import path

from quizzes.questions import authoring_views as authoring
from quizzes.questions import library_views

urlpatterns = [
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
    path("library/review/", library_views.library_review, name="library_review"),
    path(
        "library/review/<slug:slug>/",
        library_views.library_review_decide,
        name="library_review_decide",
    ),
]
