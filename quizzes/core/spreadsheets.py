"""CSV for spreadsheet programs, shared by the reports' downloads and the interop CSV format."""

from django.http import HttpResponse

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection), so
# the writer puts an apostrophe before such a cell, and before a cell that starts with an
# apostrophe followed by one of them or by another apostrophe; the reader removes it.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def protect_cell(value: str) -> str:
    if value.startswith(FORMULA_START) or (
        value.startswith("'") and value[1:2].startswith((*FORMULA_START, "'"))
    ):
        return f"'{value}"
    return value


def unprotect_cell(value: str) -> str:
    if value.startswith("'") and value[1:2].startswith((*FORMULA_START, "'")):
        return value[1:]
    return value


def spreadsheet_csv(filename: str) -> HttpResponse:
    """An empty CSV download for a spreadsheet program: UTF-8 with a byte-order mark, which
    Excel needs to read "Ångström" as UTF-8 rather than as "Ã…ngstrÃ¶m"."""
    response = HttpResponse("\ufeff", content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def percent_cell(value: float | None) -> str:
    """A percentage as a CSV cell: one decimal, empty for no value."""
    return "" if value is None else f"{value:.1f}"
