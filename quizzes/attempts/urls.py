"""URLs of attempts; quizsite/urls.py includes them at the site root."""

from django.urls import path

from quizzes.attempts import source_views as sources
from quizzes.attempts import views as attempts

urlpatterns = [
    path("attempts/<int:pk>/", attempts.attempt_play, name="attempt_play"),
    path("attempts/<int:pk>/check/", attempts.attempt_check, name="attempt_check"),
    path("attempts/<int:pk>/answer/", attempts.attempt_answer, name="attempt_answer"),
    path("attempts/<int:pk>/go/", attempts.attempt_go, name="attempt_go"),
    path("attempts/<int:pk>/clear/", attempts.attempt_clear, name="attempt_clear"),
    path("attempts/<int:pk>/reorder/", attempts.attempt_reorder, name="attempt_reorder"),
    path("attempts/<int:pk>/draft/", attempts.attempt_draft, name="attempt_draft"),
    path("attempts/<int:pk>/submit/", attempts.attempt_submit, name="attempt_submit"),
    path("attempts/<int:pk>/end/", attempts.attempt_confirm_submit, name="attempt_confirm_submit"),
    path("attempts/<int:pk>/result/", attempts.attempt_result, name="attempt_result"),
    path(
        "attempts/<int:pk>/mistakes/",
        attempts.attempt_practise_mistakes,
        name="attempt_practise_mistakes",
    ),
    path("sources/<slug:slug>/", sources.document_detail, name="document_detail"),
    path("citations/<uuid:public_id>/", sources.citation_in_source, name="citation_in_source"),
]
