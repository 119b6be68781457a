"""Headless Chromium for the tests that open pages: no sandbox, no GPU, and no network."""

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


def chromium() -> str:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("chromium is missing: install the Debian package chromium to run this test")
    return browser


def offline_flags(profile: Path) -> list[str]:
    """Flags that leave the browser no network: every host resolves nowhere, and no proxy."""
    return [
        *CHROMIUM_FLAGS,
        f"--user-data-dir={profile}",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--proxy-server=127.0.0.1:9",
        "--proxy-bypass-list=<-loopback>",
    ]


def dump_dom(page: Path, profile: Path, *extra: str) -> str:
    """The page's DOM once its scripts ran (virtual time: timers run without waiting)."""
    flags = [*offline_flags(profile), "--virtual-time-budget=15000", "--dump-dom", *extra]
    result = subprocess.run(
        [chromium(), *flags, page.as_uri()],
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
    return result.stdout


class _References(HTMLParser):
    def __init__(self):
        super().__init__()
        self.references: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.references.append(value)


def references(page: str) -> list[str]:
    """Every href and src of a page, in order."""
    parser = _References()
    parser.feed(page)
    return parser.references


def page_requests(netlog: Path) -> set[str]:
    """The network URLs (http, https, ws, wss) Chromium's net log shows requested for a page
    opened from a file, whatever the host.

    Chromium also calls its own services (time, accounts, component updates) whatever page it
    opens, and which ones changes between versions: a request counts as the page's when its
    network isolation key names the page's site (file://), as every request a file page makes
    does, and the browser's own requests never do."""
    log = json.loads(netlog.read_text(encoding="utf-8"))
    start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return {
        event["params"]["url"]
        for event in log["events"]
        if event["type"] == start_job
        and event["params"].get("network_isolation_key", "").startswith("file://")
        and urlparse(event["params"]["url"]).scheme in ("http", "https", "ws", "wss")
    }


def assert_opens_offline(index: Path, tmp_path: Path, agencies: int) -> None:
    """Chromium with no network draws the portal (its agency filter ran) and the page asked
    for nothing over the network."""
    netlog = tmp_path / "netlog.json"
    dom = dump_dom(index, tmp_path / "profile", f"--log-net-log={netlog}")
    assert f"{agencies} / {agencies} cơ quan" in dom  # the filter's script ran
    by_page = page_requests(netlog)
    assert not by_page, json.dumps(sorted(by_page))
