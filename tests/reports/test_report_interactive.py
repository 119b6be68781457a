"""Interactive charts in the HTML documents: drawn by the inlined Vega bundle, offline."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import altair as alt
import jsonschema
import pytest
from browser import dump_dom
from report_helpers import SCRIPT_TITLE

from reports import interactive
from reports.interactive import SPEC_CLASS, spec_block, with_scripts


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts: list[dict] = []
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._open = {"attrs": dict(attrs), "text": ""}
            self.scripts.append(self._open)

    def handle_endtag(self, tag):
        if tag == "script":
            self._open = None

    def handle_data(self, data):
        if self._open is not None:
            self._open["text"] += data


def scripts_of(page: str) -> list[dict]:
    parser = _Scripts()
    parser.feed(page)
    return parser.scripts


@pytest.fixture(scope="module")
def html_report(year_end) -> Path:
    """The session's year-end HTML, rendered beside its PDF as a run renders it (the HTML-only
    renders of test_report_year_end.py go the other way through the converters)."""
    return year_end["html"]


def test_a_spec_cannot_close_its_script_element():
    block = spec_block({"data": {"values": [{"agency": SCRIPT_TITLE, "x": "a & b"}]}})
    html_part = block.split("\n")[1]
    assert SCRIPT_TITLE not in html_part and html_part.count("</script>") == 1
    text = re.search(r">(.*)</script>", html_part).group(1)
    assert json.loads(text)["data"]["values"][0] == {"agency": SCRIPT_TITLE, "x": "a & b"}


def test_pages_without_charts_get_no_scripts():
    page = "<html><body><p>no chart</p></body></html>"
    assert with_scripts(page) == page


def test_the_report_inlines_the_bundle_once_and_one_spec_per_chart(html_report):
    page = html_report.read_text(encoding="utf-8")
    scripts = scripts_of(page)
    specs = [s for s in scripts if s["attrs"].get("class") == SPEC_CLASS]
    code = [s for s in scripts if s["attrs"].get("type") != "application/json"]
    assert len(specs) >= 5
    for spec in specs:
        assert json.loads(spec["text"])["$schema"].startswith("https://vega.github.io/schema/")
    assert len(code) == 2, "the Vega bundle and the loader, once per page"
    assert all("src" not in s["attrs"] for s in scripts), "no script is loaded from anywhere"
    assert sum(1 for s in code if "vegaEmbed" in s["text"]) == 2
    # Each spec follows its static chart, which shows as it is when scripts are off.
    for static in re.findall(r"<img [^>]*>(?=</p>\s*<script type=\"application/json\")", page):
        assert 'src="data:image/svg+xml' in static and "hidden" not in static
    assert len(re.findall(r"<img [^>]*>(?:</p>|\s*<figcaption)", page)) >= len(specs)


def test_every_chart_follows_the_vega_lite_schema(html_report, scorecards):
    # The renderer skips Altair's schema check for speed (reports.display): it is done here,
    # on every chart of the year-end report and of the scorecards.
    pages = [html_report, *(p for p in scorecards if p.suffix == ".html")]
    specs = [
        json.loads(script["text"])
        for page in pages
        for script in scripts_of(page.read_text(encoding="utf-8"))
        if script["attrs"].get("class") == SPEC_CLASS
    ]
    assert len(specs) >= 5 + len(pages) - 1
    for spec in specs:
        alt.TopLevelSpec.validate(spec)
    with pytest.raises(jsonschema.ValidationError):
        alt.TopLevelSpec.validate({**specs[0], "mark": 42})


def test_charts_draw_with_tooltips_and_no_network(html_report, tmp_path):
    dom = dump_dom(html_report, tmp_path / "profile")
    live = re.findall(r'<div class="chart-live[^"]*"', dom)
    specs = html_report.read_text(encoding="utf-8").count(f'class="{SPEC_CLASS}"')
    assert len(live) == specs
    # vega renders each chart as an SVG whose group of marks has the class "marks".
    assert dom.count('class="marks"') >= specs, dom[:2000]
    assert "vg-tooltip" in dom or "vega-embed" in dom


def test_a_scorecard_chart_draws_offline(scorecards, tmp_path):
    page = next(p for p in scorecards if p.name == "bao-hai-phong.html")
    text = page.read_text(encoding="utf-8")
    assert text.count(f'class="{SPEC_CLASS}"') == 1
    assert text.count("window.vegaEmbed=") == 1
    dom = dump_dom(page, tmp_path / "profile")
    assert 'class="chart-live' in dom and 'class="marks"' in dom


def test_a_kept_bundle_is_built_once_per_folder_and_read_back(tmp_path):
    try:
        interactive.keep_bundle_in(tmp_path)
        built = interactive.javascript_bundle()
        (kept,) = tmp_path.glob("vega-bundle-*.js")
        assert kept.read_text(encoding="utf-8") == built and "vegaEmbed" in built
        assert not list(tmp_path.glob("*.partial"))
        # A later process reads the file: here, this process with its memo cleared.
        kept.write_text("/* kept */", encoding="utf-8")
        interactive._bundle.cache_clear()
        assert interactive.javascript_bundle() == "/* kept */"
    finally:
        interactive.keep_bundle_in(None)
        interactive._bundle.cache_clear()
