"""RSS 2.0 and Atom files, as saved from an outlet's "Hải Phòng" tag page."""

import datetime as dt
import email.utils
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from ingestion.demo.coverage import CoverageItem
from ingestion.demo.outlets import Outlet
from ingestion.demo.reference import DEMO_LABEL_VI

_TZ = dt.timezone(dt.timedelta(hours=7))
_ATOM = "http://www.w3.org/2005/Atom"


def _stamp(items: Sequence[CoverageItem]) -> dt.datetime:
    return max(i.published_at for i in items).replace(tzinfo=_TZ)


def _write(root: ET.Element, path: Path) -> None:
    ET.indent(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n")


def write_rss(path: Path, outlet: Outlet, items: Sequence[CoverageItem]) -> None:
    rss = ET.Element("rss", version="2.0")
    channel = ET.SubElement(rss, "channel")
    ET.SubElement(channel, "title").text = f"{outlet.name} - Hải Phòng"
    ET.SubElement(channel, "link").text = f"https://{outlet.host}/tag/hai-phong"
    ET.SubElement(
        channel, "description"
    ).text = f"Tin bài về Hải Phòng trên {outlet.name} ({DEMO_LABEL_VI.lower()})"
    ET.SubElement(channel, "language").text = "vi"
    ET.SubElement(channel, "lastBuildDate").text = email.utils.format_datetime(_stamp(items))
    for item in sorted(items, key=lambda i: i.published_at, reverse=True):
        node = ET.SubElement(channel, "item")
        ET.SubElement(node, "title").text = item.title
        ET.SubElement(node, "link").text = item.url
        ET.SubElement(node, "guid", isPermaLink="true").text = item.url
        ET.SubElement(node, "pubDate").text = email.utils.format_datetime(
            item.published_at.replace(tzinfo=_TZ)
        )
        if item.summary:
            ET.SubElement(node, "description").text = item.summary
    _write(rss, path)


def write_atom(path: Path, outlet: Outlet, items: Sequence[CoverageItem]) -> None:
    ET.register_namespace("", _ATOM)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        node = ET.SubElement(parent, f"{{{_ATOM}}}{tag}", attrs)
        node.text = text
        return node

    feed = ET.Element(f"{{{_ATOM}}}feed")
    sub(feed, "title", f"{outlet.name} - Hải Phòng ({DEMO_LABEL_VI.lower()})")
    sub(feed, "id", f"https://{outlet.host}/tag/hai-phong")
    sub(feed, "link", href=f"https://{outlet.host}/tag/hai-phong", rel="alternate")
    sub(feed, "updated", _stamp(items).isoformat())
    for item in sorted(items, key=lambda i: i.published_at, reverse=True):
        entry = sub(feed, "entry")
        sub(entry, "title", item.title)
        sub(entry, "link", href=item.url, rel="alternate")
        sub(entry, "id", item.url)
        stamp = item.published_at.replace(tzinfo=_TZ).isoformat()
        sub(entry, "published", stamp)
        sub(entry, "updated", stamp)
        if item.summary:
            sub(entry, "summary", item.summary)
    _write(feed, path)
