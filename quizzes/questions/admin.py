"""Admin for topics, questions, their answer keys and citations, and question sets."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from quizzes.questions.models import (
    Choice,
    Citation,
    Question,
    QuestionSet,
    QuestionVersion,
    SetItem,
    Topic,
    validate_answer_key,
)
from quizzes.questions.selectors import question_in_attempts
from quizzes.questions.services import question_set_library_review, question_version_publish
from quizzes.questions.signals import set_out_of_sight


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
    list_filter = ["type", "status", "difficulty", "no_source", "topics"]
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
    list_display = ["title", "owner", "status", "visibility", "library_status", "updated_at"]
    list_filter = ["library_status", "status", "visibility", "mode", "reveal"]
    # Changed by the actions below or the staff review page, which record who reviewed.
    readonly_fields = ["library_status", "library_reviewed_by", "library_reviewed_at"]
    actions = ["approve_for_library", "reject_for_library"]
    search_fields = ["title", "slug", "description"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [SetItemInline]
    list_select_related = ["owner"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and {"visibility", "status", "reveal", "mode"} & set(form.changed_data):
            set_out_of_sight.send(sender=QuestionSet, question_set=obj)  # as the set editor does

    @admin.action(description="Approve the selected public sets for the library")
    def approve_for_library(self, request, queryset):
        self._review(request, queryset, approve=True)

    @admin.action(description="Keep the selected public sets out of the library")
    def reject_for_library(self, request, queryset):
        self._review(request, queryset, approve=False)

    def _review(self, request, queryset, *, approve: bool) -> None:
        """The staff review page's service, set by set; other sets are left as they are."""
        done = skipped = 0
        for question_set in queryset:
            try:
                question_set_library_review(
                    question_set=question_set, reviewer=request.user, approve=approve
                )
                done += 1
            except ValidationError:
                skipped += 1
        self.message_user(request, f"{done} set(s) reviewed; {skipped} not published and public.")


class ChoiceAdminForm(forms.ModelForm):
    """One choice edited on its own page: the question's whole answer key, with this row
    as edited, must still be valid (the same rule as the question page's inline)."""

    def _post_clean(self):
        super()._post_clean()  # type: ignore[misc]
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
