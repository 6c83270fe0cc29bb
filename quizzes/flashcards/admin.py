"""Admin for study settings, decks, cards and review logs."""

from django.contrib import admin

from quizzes.core.admin import RecordAdmin
from quizzes.flashcards.models import Card, Deck, ReviewLog, StudySettings


@admin.register(StudySettings)
class StudySettingsAdmin(admin.ModelAdmin):
    list_display = ["user", "desired_retention", "new_cards_per_day"]
    search_fields = ["user__username"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]


@admin.register(Deck)
class DeckAdmin(admin.ModelAdmin):
    list_display = ["user", "question_set", "created_at"]
    search_fields = ["user__username", "question_set__title"]
    list_select_related = ["user", "question_set"]
    raw_id_fields = ["user", "question_set"]


@admin.register(Card)
class CardAdmin(admin.ModelAdmin):
    list_display = ["user", "question", "state", "due", "last_review"]
    list_filter = ["state"]
    search_fields = ["user__username", "question__key", "question__prompt"]
    list_select_related = ["user", "question"]
    raw_id_fields = ["user", "question"]


@admin.register(ReviewLog)
class ReviewLogAdmin(RecordAdmin):
    list_display = ["user", "card", "rating", "kind", "reviewed_at", "duration_ms"]
    list_filter = ["rating", "kind"]
    search_fields = ["user__username", "card__question__key"]
    list_select_related = ["user", "card"]
    raw_id_fields = ["user", "card"]
    date_hierarchy = "reviewed_at"
