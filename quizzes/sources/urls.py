"""URLs of sources; quizsite/urls.py includes them at the site root."""

from django.urls import path

from quizzes.sources import views as sources

urlpatterns = [
    path("sources/", sources.document_list, name="document_list"),
    path("sources/<slug:slug>/", sources.document_detail, name="document_detail"),
    path("citations/<int:pk>/", sources.citation_in_source, name="citation_in_source"),
]
