"""Server-drawn pictures: SVG written here, turned into PNG or a multi-page PDF by cairosvg
(Debian's libcairo2), in the DejaVu faces shipped in core.fonts whatever the server has.
Never a browser: the SVG is the picture.

Text is wrapped here, measured with the font's own advance widths, as SVG has no wrapping.
Numbers in the SVG go through core.charts.number: a dot in any language.
"""

import functools
import io
import os
from xml.sax.saxutils import escape, quoteattr

from fontTools.ttLib import TTFont

from .charts import number
from .fonts import DEJAVU_SANS_CONDENSED

# Set before cairo first reads fonts (it reads FONTCONFIG_FILE once).
os.environ.setdefault("FONTCONFIG_FILE", str(DEJAVU_SANS_CONDENSED.parent / "fonts.conf"))

import cairocffi
from cairosvg.parser import Tree
from cairosvg.surface import PDFSurface, PNGSurface

FONT_FAMILY = "DejaVu Sans Condensed, DejaVu Sans, sans-serif"
# Paper sizes in points, landscape.
PAPERS = {"a3": (1190.55, 841.89), "a4": (841.89, 595.28)}
# Bold is drawn from the bold face where the system has one, else synthesised from the
# regular one: either is a little wider than the regular face measured here.
BOLD_WIDENING = 1.12


@functools.cache
def _advances() -> tuple[dict[int, int], int, int]:
    font = TTFont(str(DEJAVU_SANS_CONDENSED), lazy=True)
    cmap = font.getBestCmap()
    metrics = font["hmtx"].metrics
    widths = {code: metrics[glyph][0] for code, glyph in cmap.items()}
    return widths, metrics[".notdef"][0], font["head"].unitsPerEm


def text_width(text: str, *, size: float, bold: bool = False) -> float:
    """How wide `text` is drawn at `size` in the pictures' font."""
    widths, missing, units = _advances()
    width = sum(widths.get(ord(character), missing) for character in text) * size / units
    return width * BOLD_WIDENING if bold else width


def wrap(text: str, *, width: float, size: float, bold: bool = False) -> list[str]:
    """`text` in lines no wider than `width`, broken between words; a word too long for a
    line is cut where it must be. Line breaks in the text are kept."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, size=size, bold=bold) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while text_width(word, size=size, bold=bold) > width and len(word) > 1:
                cut = len(word) - 1
                while cut > 1 and text_width(word[:cut], size=size, bold=bold) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def attributes(**values) -> str:
    """XML attributes from keyword arguments (class_ → class, stroke_width → stroke-width);
    floats written with a dot, None left out."""
    parts = []
    for name, value in values.items():
        if value is None:
            continue
        if isinstance(value, float | int) and not isinstance(value, bool):
            value = number(round(value, 2))
        parts.append(f"{name.rstrip('_').replace('_', '-')}={quoteattr(str(value))}")
    return " ".join(parts)


def element(tag: str, content: str | None = None, **values) -> str:
    """One SVG element; `content` is written as is (escape text with text())."""
    attrs = attributes(**values)
    opening = f"<{tag} {attrs}" if attrs else f"<{tag}"
    return f"{opening}/>" if content is None else f"{opening}>{content}</{tag}>"


def text(value: str) -> str:
    return escape(value)


def svg_document(
    content: str, *, width: float, height: float, title: str, page: tuple[str, str] | None = None
) -> str:
    """A standalone SVG of `width` by `height` user units; with `page` ("420mm", "297mm") it
    is drawn on that paper size, scaled down to fit and centred at the top."""
    size = {"width": page[0], "height": page[1]} if page else {"width": width, "height": height}
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + element(
        "svg",
        element("title", text(title)) + content,
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {number(round(width, 2))} {number(round(height, 2))}",
        preserveAspectRatio="xMidYMin meet",
        font_family=FONT_FAMILY,
        **size,
    )


def png(svg: str, *, scale: float = 2) -> bytes:
    """The picture as a PNG, `scale` pixels per SVG unit, on white."""
    output = io.BytesIO()
    PNGSurface(
        Tree(bytestring=svg.encode()), output, 96, scale=scale, background_color="white"
    ).finish()
    return output.getvalue()


def pdf(pages: list[str], *, paper: str = "a3", title: str = "") -> bytes:
    """The SVG pages (each drawn with svg_document's `page` at `paper`'s size) as one PDF,
    text kept as text."""
    output = io.BytesIO()
    width, height = PAPERS[paper]
    document = cairocffi.PDFSurface(output, width, height)
    if title:
        document.set_metadata(cairocffi.PDF_METADATA_TITLE, title)
    document.set_metadata(cairocffi.PDF_METADATA_CREATOR, "Parcours")

    class Page(PDFSurface):
        def _create_surface(self, width, height):
            return document, width, height

        def finish(self):
            document.show_page()

    for page in pages:
        Page(Tree(bytestring=page.encode()), None, 72).finish()
    document.finish()
    return output.getvalue()
