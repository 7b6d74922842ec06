"""DejaVu fonts (vendored, see DejaVu.LICENSE) embedded in PDF exports, so that accents and
arrows print whatever fonts the server has."""

from pathlib import Path

DEJAVU_SANS = Path(__file__).resolve().parent / "DejaVuSans.ttf"
DEJAVU_SANS_CONDENSED = Path(__file__).resolve().parent / "DejaVuSansCondensed.ttf"
