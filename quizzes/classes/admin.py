"""Admin for classes, memberships, assignments and invites: a deletion here does what the
teacher's pages do."""

from django.contrib import admin

from quizzes.attempts.services import attempts_follow_assignment
from quizzes.classes.models import Assignment, Classroom, Invite, Membership, PastMembership
from quizzes.classes.services import (
    assignment_remove,
    classroom_delete,
    membership_ended,
    membership_remove,
)
from quizzes.core.admin import RecordAdmin
from quizzes.flashcards.services import decks_out_of_sight


class MembershipInline(admin.StackedInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["student"]


@admin.register(Classroom)
class ClassroomAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "join_code", "created_at"]
    search_fields = ["name", "join_code", "owner__username"]
    inlines = [MembershipInline]
    list_select_related = ["owner"]

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        removed = [m for m in getattr(formset, "deleted_objects", []) if isinstance(m, Membership)]
        membership_ended(memberships=removed)  # as removing a student does
        for membership in removed:
            decks_out_of_sight(user=membership.student)

    # Deleting a class here does what the teacher's "Delete class…" does.
    def delete_model(self, request, obj):
        classroom_delete(classroom=obj)

    def delete_queryset(self, request, queryset):
        for classroom in queryset:
            classroom_delete(classroom=classroom)


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["question_set", "classroom", "opens_at", "due_at", "accept_late"]
    list_filter = ["accept_late", "grading"]
    search_fields = ["question_set__title", "classroom__name"]
    list_select_related = ["question_set", "classroom"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        attempts_follow_assignment(assignment=obj)  # as the teacher's assignment form does

    # Deleting an assignment here does what the teacher's "Remove…" does.
    def delete_model(self, request, obj):
        assignment_remove(assignment=obj)

    def delete_queryset(self, request, queryset):
        for assignment in queryset.select_related("question_set"):
            assignment_remove(assignment=assignment)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["student", "classroom", "joined_at"]
    list_filter = ["classroom"]
    search_fields = ["student__username", "classroom__name"]
    list_select_related = ["student", "classroom"]

    # Deleting a membership here removes the student as the class page does.
    def delete_model(self, request, obj):
        membership_remove(membership=obj)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("student"):
            membership_remove(membership=membership)


@admin.register(PastMembership)
class PastMembershipAdmin(RecordAdmin):
    """Ended memberships: what was assigned to a student while in the class still holds."""

    list_display = ["student", "classroom", "joined_at", "left_at"]
    search_fields = ["student__username", "classroom__name"]
    list_select_related = ["student", "classroom"]


@admin.register(Invite)
class InviteAdmin(admin.ModelAdmin):
    list_display = ["created_by", "email", "created_at", "expires_at", "used_by", "used_at"]
    list_filter = ["used_at", "expires_at"]
    search_fields = ["created_by__username", "email", "used_by__username"]
    list_select_related = ["created_by", "used_by"]
    readonly_fields = ["token", "used_by", "used_at"]
