from django.db import models
from django.urls import reverse


class Document(models.Model):
    """One version of a source document; a changed file becomes a new version."""

    slug = models.SlugField(max_length=100)
    title = models.CharField(max_length=300)
    file_name = models.CharField(max_length=255)
    version = models.PositiveIntegerField(default=1)
    content_hash = models.CharField(max_length=64)
    text = models.TextField(help_text="The file's original text, unchanged.")
    is_current = models.BooleanField(default=True)
    ingested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["file_name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["file_name", "version"], name="document_version"),
            models.UniqueConstraint(
                fields=["file_name"],
                condition=models.Q(is_current=True),
                name="one_current_document_per_file",
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
