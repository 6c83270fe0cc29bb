"""QR codes of join links, drawn by segno as inline SVG (no image file, no request)."""

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(*, data: str, title: str) -> SafeString:
    """An SVG QR code of `data` that scales with its box (viewBox, no size), dark on white
    in either colour scheme so every phone camera reads it; segno escapes the title."""
    code = segno.make(data, error="m")
    svg = code.svg_inline(
        scale=1, border=4, omitsize=True, dark="#000", light="#fff", title=title, svgclass="qr"
    )
    return mark_safe(svg)  # noqa: S308 - segno's own markup of our URL, title escaped
