"""URLs of documents; quizsite/urls.py includes them at the site root."""

from django.urls import path

from quizzes.documents import views

urlpatterns = [
    path("documents/", views.document_list, name="my_documents"),
    path("documents/<slug:slug>/", views.document_detail, name="my_document"),
    path("documents/<slug:slug>/title/", views.document_retitle_view, name="document_retitle"),
    path("documents/<slug:slug>/version/", views.document_version_view, name="document_version"),
    path("documents/<slug:slug>/draft/", views.drafts_propose_view, name="drafts_propose"),
    path("documents/<slug:slug>/review/", views.draft_review, name="draft_review"),
    path("documents/<slug:slug>/review/decide/", views.draft_decide, name="draft_decide"),
    path("workspace/sets/<slug:slug>/coverage/", views.set_coverage_view, name="set_coverage"),
    path(
        "documents/<slug:slug>/passages/<int:position>/",
        views.passage_detail,
        name="document_passage",
    ),
]
