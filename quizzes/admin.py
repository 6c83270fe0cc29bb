"""Admin for every model: staff search, filter and fix content here."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from quizzes.attempts.services import attempts_follow_assignment
from quizzes.classes.services import (
    assignment_remove,
    classroom_delete,
    membership_ended,
    membership_remove,
)
from quizzes.flashcards.services import decks_out_of_sight
from quizzes.models import (
    Assignment,
    Attempt,
    Card,
    Choice,
    Citation,
    Classroom,
    Deck,
    Document,
    Invite,
    Membership,
    Passage,
    PastMembership,
    Question,
    QuestionSet,
    QuestionVersion,
    Response,
    ReviewLog,
    SetItem,
    Topic,
    User,
)
from quizzes.questions.models import validate_answer_key
from quizzes.questions.selectors import question_in_attempts
from quizzes.questions.services import question_version_publish


@admin.register(User)
class QuizUserAdmin(UserAdmin):
    fieldsets = [
        *UserAdmin.fieldsets,
        ("Quiz", {"fields": ["role", "time_zone", "desired_retention", "new_cards_per_day"]}),
    ]
    list_display = ["username", "email", "role", "is_staff", "date_joined"]
    list_filter = ["role", *UserAdmin.list_filter]


class PassageInline(admin.TabularInline):
    """Passages come from ingesting the document (their offsets locate citations in its
    text): shown, not edited here."""

    model = Passage
    extra = 0
    fields = ["position", "heading", "text", "start", "end"]
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


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class ChoiceFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [
            form.instance
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        try:
            validate_answer_key(self.instance, kept)
        except ValidationError as error:
            raise ValidationError(error.messages) from error


class ChoiceInline(admin.StackedInline):
    model = Choice
    formset = ChoiceFormSet
    extra = 1
    fields = [
        "position",
        "text",
        "is_correct",
        "weight",
        "match_text",
        "blank",
        "tolerance",
        "feedback",
    ]


class CitationInline(admin.StackedInline):
    model = Citation
    extra = 0
    autocomplete_fields = ["passage"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["key", "type", "status", "difficulty", "author", "updated_at"]
    list_filter = ["type", "status", "difficulty", "topics"]
    search_fields = ["key", "prompt", "explanation"]
    inlines = [ChoiceInline, CitationInline]
    list_select_related = ["author"]
    readonly_fields = ["current_version"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        question_version_publish(question=form.instance)

    def get_deleted_objects(self, objs, request):
        """A question an attempt drew is protected, as the workspace archives it: deleting it
        would take the versions that attempt's screens and result are read from."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        drawn = [
            f"{question}: drawn in students' attempts (set its status to Archived instead)"
            for question in objs
            if question_in_attempts(question=question)
        ]
        return deleted, counts, perms_needed, [*protected, *drawn]


@admin.register(QuestionVersion)
class QuestionVersionAdmin(admin.ModelAdmin):
    list_display = ["question", "number", "created_at"]
    search_fields = ["question__key", "question__prompt"]
    list_select_related = ["question"]
    readonly_fields = ["question", "number", "snapshot", "created_at"]

    def has_add_permission(self, request):
        """Versions are snapshots taken when a question changes, never made by hand (the add
        form, all read-only, saved a row without its number: a 500)."""
        return False

    def get_deleted_objects(self, objs, request):
        """Versions of a question an attempt drew are protected: its screens and result are
        read from the version it pinned."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        drawn = [
            f"{version}: its question was drawn in students' attempts"
            for version in objs
            if question_in_attempts(question=version.question)
        ]
        return deleted, counts, perms_needed, [*protected, *drawn]


class SetItemInline(admin.StackedInline):
    model = SetItem
    extra = 0
    autocomplete_fields = ["question"]


@admin.register(QuestionSet)
class QuestionSetAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "status", "visibility", "mode", "updated_at"]
    list_filter = ["status", "visibility", "mode", "reveal"]
    search_fields = ["title", "slug", "description"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [SetItemInline]
    list_select_related = ["owner"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and {"visibility", "status", "reveal", "mode"} & set(form.changed_data):
            decks_out_of_sight(question_set=obj)  # as the set editor does


class RecordAdmin(admin.ModelAdmin):
    """Attempts, responses and reviews are facts the server computed when they happened:
    staff read and delete them here, never edit or invent them (an edited score would
    disagree with its responses, and nothing would grade it again)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ResponseInline(admin.TabularInline):
    model = Response
    extra = 0
    fields = ["position", "question", "answer", "score", "is_correct", "answered_at"]
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


class ChoiceAdminForm(forms.ModelForm):
    """One choice edited on its own page: the question's whole answer key, with this row
    as edited, must still be valid (the same rule as the question page's inline)."""

    def _post_clean(self):
        super()._post_clean()
        if self.errors or self.instance.question_id is None:
            return
        question = self.instance.question
        others = [c for c in question.choices.all() if c.pk != self.instance.pk]
        try:
            validate_answer_key(question, [*others, self.instance])
        except ValidationError as error:
            self.add_error(None, error.messages)


class VersionedChildAdmin(admin.ModelAdmin):
    """Choices and citations are part of a question's snapshot: record a new version of
    each question touched, as the question page does, so new attempts use the change."""

    def save_model(self, request, obj, form, change):
        previous = form.initial.get("question") if change else None
        super().save_model(request, obj, form, change)
        for pk in {obj.question_id, previous} - {None}:
            question_version_publish(question=Question.objects.get(pk=pk))

    def delete_queryset(self, request, queryset):
        questions = set(queryset.values_list("question_id", flat=True))
        super().delete_queryset(request, queryset)
        for question in Question.objects.filter(pk__in=questions):
            question_version_publish(question=question)

    def delete_model(self, request, obj):
        question_id = obj.question_id
        super().delete_model(request, obj)
        question_version_publish(question=Question.objects.get(pk=question_id))


@admin.register(Choice)
class ChoiceAdmin(VersionedChildAdmin):
    form = ChoiceAdminForm
    list_display = ["text", "question", "is_correct", "position"]
    list_filter = ["is_correct", "question__type"]
    search_fields = ["text", "match_text", "question__key"]
    list_select_related = ["question"]


@admin.register(Citation)
class CitationAdmin(VersionedChildAdmin):
    list_display = ["question", "passage", "quote"]
    list_filter = ["passage__document"]
    search_fields = ["quote", "question__key"]
    list_select_related = ["question", "passage__document"]
    autocomplete_fields = ["passage", "question"]


@admin.register(SetItem)
class SetItemAdmin(admin.ModelAdmin):
    list_display = ["question_set", "position", "question"]
    list_filter = ["question_set"]
    search_fields = ["question_set__title", "question__key"]
    list_select_related = ["question_set", "question"]
    autocomplete_fields = ["question"]


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


@admin.register(Invite)
class InviteAdmin(admin.ModelAdmin):
    list_display = ["created_by", "email", "created_at", "expires_at", "used_by", "used_at"]
    list_filter = ["used_at", "expires_at"]
    search_fields = ["created_by__username", "email", "used_by__username"]
    list_select_related = ["created_by", "used_by"]
    readonly_fields = ["token", "used_by", "used_at"]
