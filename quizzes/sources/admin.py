"""Admin for the source documents and their passages."""

from django.contrib import admin

from quizzes.sources.models import Document, Passage


class PassageInline(admin.TabularInline):
    """Passages come from ingesting the document (their offsets locate citations in its
    text): shown, not edited here."""

    model = Passage
    extra = 0
    fields = ("position", "heading", "text", "start", "end")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "file_name", "version", "is_current", "ingested_at"]
    list_filter = ["is_current"]
    search_fields = ["title", "file_name", "text"]
    inlines = [PassageInline]


@admin.register(Passage)
class PassageAdmin(admin.ModelAdmin):
    list_display = ["document", "position", "heading"]
    list_filter = ["document"]
    search_fields = ["heading", "text"]
    list_select_related = ["document"]
