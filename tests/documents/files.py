"""Small real files made in the test: PDFs written with pypdf, Word files with
python-docx. No binary fixtures."""

import io

import docx
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject


def _pdf_string(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(
    lines: list[str] | None, *, pages: int = 1, title: str = "", password: str = ""
) -> bytes:
    """A PDF whose pages show `lines` in Helvetica (none: pages without text, as a
    scanned image-only PDF reads)."""
    writer = PdfWriter()
    for _ in range(pages):
        page = writer.add_blank_page(612, 792)
        if lines:
            shown = " ".join(f"({_pdf_string(line)}) Tj T*" for line in lines)
            stream = DecodedStreamObject()
            stream.set_data(f"BT /F1 11 Tf 72 720 Td 14 TL {shown} ET".encode("latin-1"))
            font = DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Font"),
                    NameObject("/Subtype"): NameObject("/Type1"),
                    NameObject("/BaseFont"): NameObject("/Helvetica"),
                }
            )
            page[NameObject("/Resources")] = DictionaryObject(
                {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
            )
            page.replace_contents(stream)
    if title:
        writer.add_metadata({"/Title": title})
    if password:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def make_docx(title: str, paragraphs: list[str], heading: str = "") -> bytes:
    document = docx.Document()
    document.add_heading(title, level=0)
    if heading:
        document.add_heading(heading, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


TREATY = [
    "The Treaty of Lisbon",
    "History",
    "The treaty was signed in Lisbon by the leaders of the member states in 2007.",
    "It entered into force on 1 December 2009, after every state had ratified it.",
    "Portugal held the presidency of the Council when the text was agreed.",
    "Critics argue that the treaty may have weakened national parliaments.",
    "Institutions",
    "The treaty created the post of President of the European Council, first held in 2009.",
    "The European Parliament gained powers over 40 new policy areas under the treaty.",
]
