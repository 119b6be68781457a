"""The year-end report, the agency scorecards and the settlement workbook, from the warehouse.

The reports are Quarto documents (`year_end.qmd`, `agency_scorecard.qmd`) rendered by
`reports.render` to self-contained HTML and A4 PDF, in Vietnamese.
"""
