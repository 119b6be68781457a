"""The year-end report, the agency scorecards, the settlement workbook and the quality and
progress pages, from the warehouse.

The reports are Quarto documents (`year_end.qmd`, `agency_scorecard.qmd`) rendered by
`reports.render` to self-contained HTML and A4 PDF, in Vietnamese. Every renderer returns
content (text or bytes); the caller decides where it goes and writes it.
"""

from pathlib import Path

# The documents, templates and styles ship inside this package.
SOURCE_DIR = Path(__file__).resolve().parent
# The formats every report is rendered to, unless fewer are asked for.
FORMATS = ("html", "pdf")
