from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse


class DocumentQuerySet(models.QuerySet):
    def shipped(self):
        """The documents the app ships (the seeds), open to everyone."""
        return self.filter(owner__isnull=True)

    def visible_to(self, user):
        """Shipped documents and, for a signed-in user, their own; staff see all.
        A teacher's document is private: students read it only through the citations
        they may read (attempts' source pages)."""
        if user.is_authenticated and user.is_staff:
            return self.all()
        if user.is_authenticated:
            return self.filter(Q(owner__isnull=True) | Q(owner=user))
        return self.shipped()

    def in_workspace_of(self, user):
        """The current documents a teacher works from: the shipped ones and their own
        (staff included: other teachers' documents are not theirs to work from)."""
        return self.filter(Q(owner__isnull=True) | Q(owner=user), is_current=True)


class PassageQuerySet(models.QuerySet):
    def citable_by(self, user):
        """Passages of current documents a user may cite: shipped ones and their own."""
        return self.filter(
            document__is_current=True,
            document__in=Document.objects.visible_to(user),
        )


class Document(models.Model):
    """One version of a source document; a changed file becomes a new version.

    `owner` is empty for the shipped documents (seeds/, ingested by command) and is the
    teacher who uploaded it otherwise (quizzes.documents): the slug names a document
    across its versions."""

    slug = models.SlugField(max_length=100)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
    )
    title = models.CharField(max_length=300)
    file_name = models.CharField(max_length=255)
    version = models.PositiveIntegerField(default=1)
    content_hash = models.CharField(max_length=64)
    text = models.TextField(help_text="The file's original text, unchanged.")
    is_current = models.BooleanField(default=True)
    ingested_at = models.DateTimeField(auto_now_add=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["file_name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["file_name", "version"],
                condition=Q(owner__isnull=True),
                name="document_version",
            ),
            models.UniqueConstraint(
                fields=["file_name"],
                condition=Q(is_current=True, owner__isnull=True),
                name="one_current_document_per_file",
            ),
            models.UniqueConstraint(fields=["slug", "version"], name="document_slug_version"),
            models.UniqueConstraint(
                fields=["slug"], condition=Q(is_current=True), name="one_current_document_per_slug"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("document_detail", args=[self.slug])


class Passage(models.Model):
    """A headed paragraph of a document, cleaned of site noise, with its offsets."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="passages")
    position = models.PositiveIntegerField()
    heading = models.CharField(max_length=300, blank=True)
    text = models.TextField()
    start = models.PositiveIntegerField(help_text="Offset of the paragraph in the document text.")
    end = models.PositiveIntegerField()

    objects = PassageQuerySet.as_manager()

    class Meta:
        ordering = ["document_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["document", "position"], name="passage_position")
        ]

    def __str__(self) -> str:
        return f"{self.document.slug} §{self.position}: {self.text[:60]}"

    @property
    def anchor(self) -> str:
        return f"p{self.position}"
