from pathlib import Path

from django import forms
from django.conf import settings

from quizzes.interop.uploads import UploadError, decode, format_for


class ImportForm(forms.Form):
    """An uploaded GIFT or CSV file, read as UTF-8 text within the size limit."""

    file = forms.FileField(
        label="GIFT or CSV file",
        help_text="A .gift or .txt file in Moodle's GIFT format, or a .csv file; "
        "UTF-8 text, at most 2 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".gift,.txt,.csv"}),
    )
    set_name = forms.CharField(
        label="New set title",
        max_length=200,
        required=False,
        help_text="The questions go into a new private set; empty: the file's name.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        fmt = format_for(upload.name)
        if fmt is None:
            raise forms.ValidationError("Upload a .gift, .txt or .csv file.")
        limit = settings.QUIZZES_MAX_UPLOAD_BYTES
        try:
            self.text = decode(upload.read(limit + 1), limit=limit)
        except UploadError as error:
            raise forms.ValidationError(str(error)) from None
        self.format = fmt
        return upload

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        upload = cleaned.get("file")
        if upload is not None and not cleaned.get("set_name", "").strip():
            cleaned["set_name"] = title_from_file_name(upload.name)
        return cleaned


def title_from_file_name(name: str) -> str:
    """A set title from an uploaded file's name, in words: "nato-quiz.gift" is "Nato quiz",
    "NATO_summits_2024.csv" is "NATO summits 2024"."""
    words = " ".join(Path(name).stem.replace("_", " ").replace("-", " ").split())[:200]
    return words[:1].upper() + words[1:] if words else "Imported"
