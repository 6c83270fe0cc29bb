"""URLs of classes; quizsite/urls.py includes them at the site root."""

from django.urls import path

from quizzes.classes import set_views
from quizzes.classes import views as classes

urlpatterns = [
    path("sets/<slug:slug>/", set_views.set_detail, name="set_detail"),
    path("sets/<slug:slug>/start/", set_views.attempt_start, name="attempt_start"),
    path("sets/<slug:slug>/begin/", set_views.attempt_begin, name="attempt_begin"),
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
    path("join/", classes.join_class, name="join_class"),
    path("join/<str:code>/", classes.join_link, name="join_link"),
    path("classes/<int:pk>/card/", classes.class_join_card, name="class_join_card"),
    path("classes/<int:pk>/leave/", classes.class_leave, name="class_leave"),
    path("assignments/", classes.my_assignments, name="my_assignments"),
    path("invites/", classes.invite_list, name="invite_list"),
    path("invites/<str:token>/", classes.invite_accept_view, name="invite_accept"),
]
