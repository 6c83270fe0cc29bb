from django.contrib import admin
from django.urls import include, path

from quizsite import health

urlpatterns = [
    path("healthz", health.alive, name="health_alive"),
    path("healthz/db", health.database, name="health_database"),
    path("admin/", admin.site.urls),
    path("", include("quizzes.urls")),
]
