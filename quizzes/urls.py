"""URLs of every concern; each concern's views live in its own module."""

from django.contrib.auth import views as auth_views
from django.urls import path

from quizzes.accounts import views as accounts
from quizzes.interop import views as interop
from quizzes.questions import views as questions
from quizzes.sources import views as sources

urlpatterns = [
    path("", questions.home, name="home"),
    path("sets/<slug:slug>/", questions.set_detail, name="set_detail"),
    path("sources/", sources.document_list, name="document_list"),
    path("sources/<slug:slug>/", sources.document_detail, name="document_detail"),
    path("citations/<int:pk>/", sources.citation_in_source, name="citation_in_source"),
    path("interop/import/", interop.import_questions, name="interop_import"),
    path("interop/import/confirm/", interop.import_confirm, name="interop_import_confirm"),
    path("interop/sets/<slug:slug>/<str:fmt>/", interop.export_set, name="interop_export"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
]
