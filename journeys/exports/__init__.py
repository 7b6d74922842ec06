"""A journey's exports: the map as a picture (SVG, PNG, PDF) and its items as a workbook."""

from .picture import map_pdf, map_png, map_svg

__all__ = ["map_pdf", "map_png", "map_svg"]
