"""URLs of sources; quizsite/urls.py includes them at the site root (a document's own page
is the questions app's: it marks a citation, quizzes/questions/source_views.py)."""

from django.urls import path

from quizzes.sources import views as sources

urlpatterns = [
    path("sources/", sources.document_list, name="document_list"),
]
