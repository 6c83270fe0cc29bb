"""Admin for attempts and responses: read and delete, never edit."""

from django.contrib import admin

from quizzes.attempts.models import Attempt, Response
from quizzes.core.admin import RecordAdmin


class ResponseInline(admin.TabularInline):
    model = Response
    extra = 0
    fields = ("position", "question", "answer", "score", "is_correct", "answered_at")
    readonly_fields = fields


@admin.register(Attempt)
class AttemptAdmin(RecordAdmin):
    list_display = ["user", "question_set", "number", "status", "percent", "started_at"]
    list_filter = ["status", "mode", "late"]
    search_fields = ["user__username", "question_set__title"]
    list_select_related = ["user", "question_set"]
    inlines = [ResponseInline]


@admin.register(Response)
class ResponseAdmin(RecordAdmin):
    list_display = ["attempt", "question", "score", "is_correct", "answered_at"]
    list_filter = ["is_correct"]
    search_fields = ["attempt__user__username", "question__key"]
    list_select_related = ["attempt__user", "attempt__question_set", "question"]
