"""Interactive charts in the HTML documents, offline.

Each chart reaches the document twice: as its static SVG figure (what the PDF prints and what a
browser shows with scripts off) and, right after it, as its Vega-Lite specification in a
`<script type="application/json">` block that only the HTML output keeps. Once per page the
Vega, Vega-Lite and Vega-Embed libraries (bundled by vl-convert, no network) and a short loader
are inlined before `</body>`; the loader draws each chart with tooltips and then hides the
static image (its caption stays); with scripts off the static image is all there is.
"""

import contextlib
import functools
import json
import os
import threading
from pathlib import Path

import vl_convert

from ingestion.formatting import CHART_NUMBER_LOCALE, CHART_TIME_LOCALE

SPEC_CLASS = "chart-spec"


def spec_block(spec: dict) -> str:
    """Markdown (a raw HTML block, dropped from other formats) carrying one chart's spec.

    `<`, `>` and `&` are written as JSON escapes, so no value from the data can close the
    script element or start markup; JSON.parse reads them back unchanged.
    """
    text = json.dumps(spec, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    script = f'<script type="application/json" class="{SPEC_CLASS}">{text}</script>'
    return f"```{{=html}}\n{script}\n```"


_BUNDLE_LOCK = threading.Lock()
_bundle_folder: Path | None = None


def keep_bundle_in(folder: Path | None) -> None:
    """Keep the built bundle as a file in `folder` (one per vl-convert version, which fixes
    the bundled libraries), so a later process reads it instead of building it again."""
    global _bundle_folder
    _bundle_folder = None if folder is None else Path(folder)


@functools.cache
def _bundle(folder: Path | None) -> str:
    if folder is None:
        return vl_convert.javascript_bundle()
    path = folder / f"vega-bundle-vl-convert-{vl_convert.__version__}.js"
    with contextlib.suppress(FileNotFoundError):
        return path.read_text(encoding="utf-8")
    text = vl_convert.javascript_bundle()
    folder.mkdir(parents=True, exist_ok=True)
    # Written whole, then renamed: a reader never sees half a bundle.
    partial = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
    return text


def build_bundle_in(folder: Path | str) -> None:
    """Keep the bundle in `folder` and build it there now, unless a file holds it already.

    A report kernel started ahead of a run does this while the run loads and builds its
    models, so the run's renderer reads the file: vl-convert holds the interpreter lock while
    it builds, and in the renderer that stalls the thread that drives the kernel."""
    keep_bundle_in(Path(folder))
    javascript_bundle()


def javascript_bundle() -> str:
    """Vega, Vega-Lite and Vega-Embed as one script (~0,9 MB), built offline by vl-convert.

    Building it costs about two seconds of CPU: once per process, or once per vl-convert
    version with `keep_bundle_in`. The lock keeps documents converted in parallel threads from
    each building it again."""
    with _BUNDLE_LOCK:
        return _bundle(_bundle_folder)


def _loader() -> str:
    options = {
        "actions": False,
        "renderer": "svg",
        "formatLocale": CHART_NUMBER_LOCALE,
        "timeFormatLocale": CHART_TIME_LOCALE,
    }
    return LOADER.replace("OPTIONS", json.dumps(options, ensure_ascii=False)).replace(
        "SPEC_CLASS", SPEC_CLASS
    )


# Draws every chart of the page in place of its static image, once Vega-Embed is loaded.
LOADER = """
(function () {
  var options = OPTIONS;
  document.querySelectorAll("script.SPEC_CLASS").forEach(function (node) {
    var holder = node.previousElementSibling;  // the figure, or the paragraph of the image
    var still = holder && (holder.matches("img, svg") ? holder : holder.querySelector("img, svg"));
    if (!still) { return; }
    var live = document.createElement("div");
    live.className = "chart-live";
    still.parentNode.insertBefore(live, still);
    vegaEmbed(live, JSON.parse(node.textContent), options).then(function () {
      if (still) { still.hidden = true; still.style.display = "none"; }
    }).catch(function () {
      live.remove();  // the static chart stays
    });
  });
})();
"""


def with_scripts(html: str) -> str:
    """The page with the chart libraries and the loader inlined, when it has a chart spec."""
    if f'class="{SPEC_CLASS}"' not in html:
        return html
    scripts = f"<script>{javascript_bundle()}</script>\n<script>{_loader()}</script>\n"
    head, tail = html.rsplit("</body>", 1)
    return head + scripts + "</body>" + tail
