"""The reference sheets of the demo: agencies, events, targets, index figures and feeds."""

import csv
import io
from importlib import resources
from urllib.parse import urlparse

import feedparser
import polars as pl
from demo_files import read_workbook


def test_about_thirty_real_outlets_with_labelled_reach_estimates(demo):
    agencies = demo.agencies
    assert 28 <= len(agencies) <= 35
    names = {a["Cơ quan báo chí"] for a in agencies}
    expected = (
        "Báo Nhân Dân",
        "Đài Truyền hình Việt Nam",
        "Đài Tiếng nói Việt Nam",
        "Thông tấn xã Việt Nam",
        "Báo Hải Phòng",
        "Đài Phát thanh và Truyền hình Hải Phòng",
        "Báo điện tử VnExpress",
        "Tạp chí Cộng sản",
    )
    assert set(expected) <= names
    assert {a["Cấp"] for a in agencies} == {"Trung ương", "Địa phương"}
    for agency in agencies:
        assert agency["Độ phủ ước tính"] > 0
        assert agency["Cơ sở ước tính"].startswith("Ước tính")
        assert agency["Tên miền RSS"] and "/" not in agency["Tên miền RSS"]
    contracted = {line["Cơ quan báo chí"] for line in demo.contracts}
    assert contracted <= names
    assert len(names - contracted) >= 2  # some outlets only write about the city unprompted


def test_feeds_are_rss_and_atom_with_links_on_the_outlets_host(demo):
    hosts = {a["Tên miền RSS"]: a["Cơ quan báo chí"] for a in demo.agencies}
    versions = []
    for path in sorted((demo.inbox / "coverage").iterdir()):
        if path.suffix not in (".rss", ".xml", ".atom"):
            continue
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, path
        versions.append(parsed.version)
        assert len(parsed.entries) >= 50
        feed_hosts = {urlparse(e.link).hostname for e in parsed.entries}
        assert len(feed_hosts) == 1 and feed_hosts <= hosts.keys(), path
        assert all(e.title and e.published_parsed for e in parsed.entries)
    assert sorted(versions) == ["atom10", "rss20", "rss20", "rss20"]


def test_key_events_with_their_dates_and_windows(demo):
    events = pl.read_csv(demo.inbox / "events" / "su-kien-trong-diem-2025.csv", infer_schema=False)
    assert events.columns == ["Mã sự kiện", "Tên sự kiện", "Ngày bắt đầu", "Ngày kết thúc",
                              "Lĩnh vực", "Cửa sổ (ngày)"]  # fmt: skip
    starts = dict(zip(events["Tên sự kiện"], events["Ngày bắt đầu"], strict=True))
    expected = {"95 năm": "03/02/2025", "người tiêu dùng": "15/03/2025",
                "70 năm Ngày giải phóng": "13/05/2025", "Hoa Phượng Đỏ": "09/05/2025"}  # fmt: skip
    for phrase, day in expected.items():
        assert any(phrase in name and start == day for name, start in starts.items()), phrase
    assert any("lần thứ XVII" in name for name in starts)
    assert any("Thể dục thể thao" in name for name in starts)
    assert any("Khởi công" in name for name in starts)
    assert set(events["Cửa sổ (ngày)"]) == {"7"}
    assert set(events["Lĩnh vực"]) <= {"1", "2", "3", "4", "5"}


def test_targets_share_coverage_between_the_five_areas(demo):
    _headers, rows = read_workbook(demo.inbox / "targets" / "chi-tieu-2025.xlsx")
    assert sorted(r["Lĩnh vực"] for r in rows) == [1, 2, 3, 4, 5]
    assert abs(sum(r["Tỷ trọng kế hoạch"] for r in rows) - 1) < 1e-9
    assert all(r["Năm"] == 2025 and r["Số lượng kế hoạch"] > 0 for r in rows)
    assert all(r["Kinh phí kế hoạch"] > 0 for r in rows)


def _reference_rows() -> list[dict]:
    text = resources.files("ingestion.demo").joinpath("indices_hai_phong.csv").read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_published_index_figures_are_copied_unchanged(demo):
    written = list(csv.DictReader(io.StringIO(
        (demo.inbox / "indices" / "chi-so-hai-phong.csv").read_text("utf-8")
    )))  # fmt: skip
    published = [r for r in written if r["is_placeholder"] == "false"]
    assert [{k: v for k, v in r.items() if k != "is_placeholder"} for r in published] == (
        _reference_rows()
    )
    pci_2023 = next(r for r in published if r["index"] == "PCI" and r["year"] == "2023")
    assert pci_2023["score"] == ""  # left blank as the source has it
    par_2023 = [r["score"] for r in published if r["index"] == "PAR" and r["year"] == "2023"]
    assert sorted(par_2023) == ["91.81", "91.87"]  # conflicting figures kept side by side


def test_placeholders_are_labelled_and_never_replace_a_published_figure(demo):
    written = list(csv.DictReader(io.StringIO(
        (demo.inbox / "indices" / "chi-so-hai-phong.csv").read_text("utf-8")
    )))  # fmt: skip
    placeholders = [r for r in written if r["is_placeholder"] == "true"]
    assert placeholders
    assert all(r["note"] == "Số liệu giả định — chưa công bố" for r in placeholders)
    published = {(r["index"], r["year"], r["component"]) for r in _reference_rows()}
    assert not {(r["index"], r["year"], r["component"]) for r in placeholders} & published
    keys = {(r["index"], r["year"]) for r in placeholders}
    assert {("PAR", "2025"), ("SIPAS", "2025"), ("PAPI", "2024")} <= keys
    assert sum(1 for r in placeholders if r["index"] == "PAPI" and r["year"] == "2024") == 8
