from django import forms

from quizzes.documents.extraction import MAX_UPLOAD_BYTES

MAX_PASTE_CHARS = 500_000


class UploadForm(forms.Form):
    """A file or pasted text (one of the two)."""

    file = forms.FileField(
        required=False,
        label="File",
        help_text="A .txt, .md, .html, .pdf or .docx file of at most 10 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.md,.html,.htm,.pdf,.docx"}),
    )
    text = forms.CharField(
        required=False,
        label="Or paste the text",
        max_length=MAX_PASTE_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    title = forms.CharField(
        required=False,
        max_length=300,
        label="Title (pasted text)",
        help_text="Left empty, the first short line becomes the title.",
    )

    def clean(self):
        data = super().clean() or {}
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if upload and text:
            raise forms.ValidationError("Upload a file or paste text, not both.")
        if not upload and not text and not self.errors:
            raise forms.ValidationError("Choose a file to upload, or paste the text.")
        if upload and upload.size > MAX_UPLOAD_BYTES:
            self.add_error("file", "The file is larger than 10 MB.")
        return data


class VersionForm(forms.Form):
    file = forms.FileField(label="New version of the file")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 10 MB.")
        return upload


class TitleForm(forms.Form):
    title = forms.CharField(max_length=300, label="Title")

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError("A document needs a title.")
        return title


class CiteForm(forms.Form):
    quote = forms.CharField(
        max_length=2000,
        label="Words to cite",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Select words in the passage, or copy them here exactly.",
    )

    def __init__(self, *args, passage, **kwargs):
        super().__init__(*args, **kwargs)
        self.passage = passage

    def clean_quote(self):
        quote = self.cleaned_data["quote"].strip()
        if quote not in self.passage.text:
            raise forms.ValidationError("The quote must appear word for word in the passage.")
        return quote
