"""URLs of interop; quizsite/urls.py includes them at the site root."""

from django.urls import path

from quizzes.interop import views as interop

urlpatterns = [
    path("interop/import/", interop.import_questions, name="interop_import"),
    path("interop/import/confirm/", interop.import_confirm, name="interop_import_confirm"),
    path("interop/sets/<slug:slug>/<str:fmt>/", interop.export_set, name="interop_export"),
]
