"""Reading an uploaded or given file safely: size, encoding, binary data, line length.

Used by the web form and the management commands alike, so both refuse the same files
with the same clear messages.
"""

from django.conf import settings

from quizzes.interop.csv_format import parse_csv
from quizzes.interop.gift import parse_gift
from quizzes.interop.parsed import ParseResult

MAX_LINE_CHARS = 20_000
FORMATS = {"gift": parse_gift, "csv": parse_csv}
EXTENSIONS = {"gift": (".gift", ".txt"), "csv": (".csv", ".txt")}


class UploadError(Exception):
    """The file cannot be read as text; nothing was parsed."""


def format_for(name: str) -> str | None:
    lowered = name.lower()
    if lowered.endswith(".csv"):
        return "csv"
    if lowered.endswith((".gift", ".txt")):
        return "gift"
    return None


def decode(data: bytes, *, limit: int | None = None) -> str:
    limit = settings.QUIZZES_MAX_UPLOAD_BYTES if limit is None else limit
    if len(data) > limit:
        raise UploadError(
            f"The file is {len(data):,} bytes; the limit is {limit:,} bytes "
            f"({limit / 1024 / 1024:.1f} MB)."
        )
    if b"\x00" in data:
        raise UploadError("This looks like a binary file; upload a GIFT or CSV text file.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line_number = data[: error.start].count(b"\n") + 1
        raise UploadError(
            f"Line {line_number}: the file is not UTF-8 text; save it as UTF-8 and try again."
        ) from None
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) > MAX_LINE_CHARS:
            raise UploadError(
                f"Line {number}: the line is {len(line):,} characters long; "
                f"the limit is {MAX_LINE_CHARS:,}."
            )
    return text


def parse(text: str, fmt: str) -> ParseResult:
    """Raises ImportFailed with line-numbered errors."""
    return FORMATS[fmt](text)
