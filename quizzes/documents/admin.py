from django.contrib import admin

from quizzes.documents.models import Draft


@admin.register(Draft)
class DraftAdmin(admin.ModelAdmin):
    list_display = ["prompt", "kind", "status", "owner", "document"]
    list_filter = ["status", "kind"]
    list_select_related = ["owner", "document"]
    raw_id_fields = ["owner", "document", "passage", "question"]
