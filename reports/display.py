"""What a report cell shows: Markdown text and charts, as Jupyter display outputs.

Quarto and the project's own renderer both read these outputs: `text/markdown` is taken as
Markdown into the document, `image/svg+xml` becomes a figure, and the chart's Vega-Lite
specification beside it makes the figure interactive in HTML.
"""

import contextlib

import altair as alt
from IPython.display import Markdown, display

from reports import charts, interactive
from reports.charts import VEGALITE_MIME, to_spec, to_svg


def show(text: str) -> None:
    if text:
        display(Markdown(text))


def show_chart(chart: alt.TopLevelMixin | None) -> None:
    if chart is not None:
        # Checking a spec against the Vega-Lite schema (jsonschema, in Python) cost more than
        # drawing it: the charts are built by this package's code, not from input, and the
        # tests validate every chart of the rendered reports (tests/reports).
        spec = chart.to_dict(validate=False)
        display({"image/svg+xml": to_svg(spec), VEGALITE_MIME: to_spec(spec)}, raw=True)


def warm_up(bundle_folder: str | None) -> None:
    """What a kernel started ahead of a run does before its first document (reports.kernel.
    report_warm_up): draw a first chart, and build the HTML pages' chart libraries into
    `bundle_folder` (when given) unless they are there. Best effort, and raising nothing (the
    kernel then drops the names its start-up left): what fails here is done again, and fails,
    where a report needs it."""
    with contextlib.suppress(Exception):
        charts.warm_up()
    if bundle_folder is not None:
        with contextlib.suppress(Exception):
            interactive.build_bundle_in(bundle_folder)
