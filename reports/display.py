"""What a report cell shows: Markdown text and static SVG charts, as Jupyter display outputs.

Quarto and the project's own renderer both read these outputs: `text/markdown` is taken as
Markdown into the document, `image/svg+xml` becomes a figure.
"""

import altair as alt
from IPython.display import SVG, Markdown, display

from reports.charts import to_svg


def show(text: str) -> None:
    if text:
        display(Markdown(text))


def show_chart(chart: alt.TopLevelMixin | None) -> None:
    if chart is not None:
        display(SVG(data=to_svg(chart)))
