"""Admin pieces shared by the apps (nothing is registered here)."""

from django.contrib import admin


class RecordAdmin(admin.ModelAdmin):
    """Attempts, responses and reviews are facts the server computed when they happened:
    staff read and delete them here, never edit or invent them (an edited score would
    disagree with its responses, and nothing would grade it again)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
