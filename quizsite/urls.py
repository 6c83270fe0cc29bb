from django.contrib import admin
from django.urls import include, path

from quizsite import health

# Each app's URLs sit at the site root, as before the split: every URL name is
# un-namespaced, so `{% url "set_detail" %}` and reverse("set_detail") read as they did.
urlpatterns = [
    path("healthz", health.alive, name="health_alive"),
    path("healthz/db", health.database, name="health_database"),
    path("admin/", admin.site.urls),
    path("", include("quizzes.questions.urls")),
    path("", include("quizzes.attempts.urls")),
    path("", include("quizzes.classes.urls")),
    path("", include("quizzes.live.urls")),
    path("", include("quizzes.reports.urls")),
    path("", include("quizzes.sources.urls")),
    path("", include("quizzes.documents.urls")),
    path("", include("quizzes.flashcards.urls")),
    path("", include("quizzes.interop.urls")),
    path("", include("quizzes.accounts.urls")),
]
