"""A journey's exports: the map as a picture (SVG, PNG, PDF) and its items as a workbook."""

from .picture import map_pdf, map_png, map_svg
from .workbook import journey_workbook_sheets

__all__ = ["journey_workbook_sheets", "map_pdf", "map_png", "map_svg"]
