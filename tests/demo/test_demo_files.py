"""The demo inbox: layout, labels, reproducibility and size (timed: bench/demo_inbox_bench.py)."""

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import feedparser
import openpyxl
import pytest
from demo_files import as_date, contracts_by_id

from ingestion.demo import concerns, write_demo_inbox
from orchestration.runtime.paths import DBT_SEEDS_DIR

SOURCES = ("agencies", "events", "targets", "indices", "contracts", "payments", "coverage")


def _files(inbox: Path) -> dict[str, bytes]:
    return {
        p.relative_to(inbox).as_posix(): p.read_bytes() for p in inbox.rglob("*") if p.is_file()
    }


def test_same_seed_gives_byte_identical_files(demo, tmp_path):
    write_demo_inbox(tmp_path / "again", seed=2025, seeds_dir=DBT_SEEDS_DIR)
    assert _files(tmp_path / "again") == _files(demo.inbox)


@pytest.fixture(scope="module")
def other_seed(tmp_path_factory) -> tuple[Path, dict]:
    """The demo inbox of another seed, written once (some 3 s of CPU) for the tests below."""
    inbox = tmp_path_factory.mktemp("demo-other-seed") / "inbox"
    return inbox, write_demo_inbox(inbox, seed=7, seeds_dir=DBT_SEEDS_DIR)


def test_another_seed_gives_other_data(demo, other_seed):
    inbox, summary = other_seed
    other, ours = _files(inbox), _files(demo.inbox)
    assert other.keys() == ours.keys()
    assert (
        other["coverage/tin-bai-ve-hai-phong-2025.csv"]
        != ours["coverage/tin-bai-ve-hai-phong-2025.csv"]
    )
    assert 25e9 <= summary["contract_value_vnd"] <= 45e9


def test_rewriting_a_folder_replaces_the_earlier_demo_files(demo, other_seed, tmp_path):
    inbox = shutil.copytree(other_seed[0], tmp_path / "inbox")  # another seed's demo files
    (inbox / "contracts" / "hop-dong-cua-phong.xlsx").write_bytes(b"an analyst's own file")
    write_demo_inbox(inbox, seed=2025, seeds_dir=DBT_SEEDS_DIR)
    files = _files(inbox)
    assert files.pop("contracts/hop-dong-cua-phong.xlsx") == b"an analyst's own file"
    assert files == _files(demo.inbox)


def test_every_source_has_a_file_and_the_inbox_says_it_is_demo_data(demo):
    for source in SOURCES:
        assert any((demo.inbox / source).iterdir()), source
    meta = json.loads((demo.inbox / "_inbox.json").read_text(encoding="utf-8"))
    assert meta["demo"] is True
    assert meta["seed"] == 2025
    assert meta["province"] == "Hải Phòng"
    assert meta["year"] == 2025
    assert meta["label_vi"] == "Dữ liệu minh họa"


def test_workbooks_have_a_title_row_above_the_header_and_fixed_properties(demo):
    for path in demo.inbox.rglob("*.xlsx"):
        sheet = openpyxl.load_workbook(path).worksheets[0]
        assert sheet["A1"].value and sheet["A1"].value.isupper(), path
        assert "Dữ liệu minh họa" in sheet["A2"].value
        assert sheet["B3"].value is not None  # the header
        with zipfile.ZipFile(path) as archive:
            core = archive.read("docProps/core.xml").decode()
        assert '<dcterms:created xsi:type="dcterms:W3CDTF">2026-01-20T08:00:00Z' in core
        assert '<dcterms:modified xsi:type="dcterms:W3CDTF">2026-01-20T08:00:00Z' in core


def test_money_and_dates_are_real_cells_with_vietnamese_headers(demo):
    line = demo.contracts[0]
    assert list(line)[:12] == [
        "Số hợp đồng", "Cơ quan báo chí", "Ngày ký", "Ngày bắt đầu", "Ngày kết thúc",
        "Ngày thanh lý", "Loại sản phẩm", "Loại hình", "Lĩnh vực", "Số lượng", "Đơn giá",
        "Thành tiền",
    ]  # fmt: skip
    assert all(isinstance(x["Thành tiền"], int | float) for x in demo.contracts)
    assert all(as_date(x["Ngày ký"]) for x in demo.contracts)
    assert list(demo.payments[0])[:5] == [
        "Số chứng từ",
        "Số hợp đồng",
        "Ngày chi",
        "Số tiền",
        "Loại",
    ]


def test_coverage_csv_is_utf8_with_bom(demo):
    raw = (demo.inbox / "coverage" / "tin-bai-ve-hai-phong-2025.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf" + "Cơ quan báo chí,Ngày đăng,Tiêu đề".encode())
    raw.decode("utf-8")


def test_counts_are_in_the_agreed_ranges(demo):
    contracts = contracts_by_id(demo)
    assert 40 <= len(contracts) <= 70
    assert all(len(c["lines"]) >= 2 for c in contracts.values())
    total = sum(c["value"] for c in contracts.values())
    assert 25e9 <= total <= 45e9
    assert total == demo.summary["contract_value_vnd"]
    feed_items = sum(
        len(feedparser.parse(path.read_bytes()).entries)
        for path in (demo.inbox / "coverage").iterdir()
        if path.suffix in (".rss", ".xml", ".atom")
    )
    assert 14_000 <= len(demo.coverage) + feed_items <= 16_500
    csv_rows = sum(
        1 for r in demo.coverage if r["_file"] == "coverage/tin-bai-ve-hai-phong-2025.csv"
    )
    xlsx_rows = sum(1 for r in demo.coverage if r["_file"].endswith(".xlsx"))
    assert csv_rows > 10_000
    assert 1_500 <= xlsx_rows <= 3_000
    assert demo.summary["coverage_by_file"]["coverage/tin-bai-ve-hai-phong-2025.csv"] == csv_rows
    assert demo.summary["payments"] == len(demo.payments) > 80


def test_the_year_before_is_smaller_with_its_own_contracts_payments_and_coverage(demo_written):
    inbox, summary = demo_written
    assert summary["years"].keys() == {"2024", "2025"}
    before, latest = summary["years"]["2024"], summary["years"]["2025"]
    assert before["year"] == 2024 and latest["year"] == 2025
    for key in ("contracts", "payments", "coverage_rows", "contract_value_vnd"):
        assert 0 < before[key] < latest[key] / 2, key
    assert before["agencies"] == latest["agencies"]  # one agencies list for both years
    assert len(list((inbox / "agencies").iterdir())) == 1
    concern_reviews = Path(concerns.REVIEWS_FILE).name  # the 2025 concerns' own reviews
    for source in ("contracts", "payments", "events", "targets", "reviews"):
        names = sorted(p.name for p in (inbox / source).iterdir() if p.name != concern_reviews)
        assert [n.rsplit("-", 1)[1][:4] for n in names] == ["2024", "2025"], source
    meta = json.loads((inbox / "_inbox.json").read_text(encoding="utf-8"))
    assert meta["years"] == [2024, 2025]


def test_the_year_before_keeps_to_its_own_calendar(demo_year):
    contracts = contracts_by_id(demo_year)
    year = demo_year.year
    assert all(c["start"].year == year and c["end"].year == year for c in contracts.values())
    assert all(cid.split("/")[1] == str(year) for cid in contracts)
    assert all(r["date"] is None or r["date"].year == year for r in demo_year.coverage)
    # a payment is made in the plan year or, settling it, early in the next
    for payment in demo_year.payments:
        if payment["date"] is not None:
            assert year <= payment["date"].year <= year + 1


def test_contract_dates_follow_the_plan_year(demo):
    contracts = contracts_by_id(demo)
    signed = [as_date(x["Ngày ký"]) for x in demo.contracts]
    assert min(signed).month >= 2 and max(signed).month <= 4
    assert all(c["start"].year == 2025 and c["end"].year == 2025 for c in contracts.values())
    liquidated = [c["liquidated"] for c in contracts.values() if c["liquidated"]]
    assert sum(1 for d in liquidated if (d.year, d.month) in ((2025, 12), (2026, 1))) >= 10
    assert len(liquidated) < len(contracts)  # some are still open at year end


def test_views_for_online_items_and_durations_for_programmes(demo):
    online = [r for r in demo.coverage if r["channel"] == "online" and r["Lượt xem"] is not None]
    assert len(online) > 5_000
    programmes = [r for r in demo.coverage if r["type"] == "programme"]
    assert programmes and all(r["Thời lượng (phút)"] for r in programmes)


def test_command_line_writes_the_inbox_and_prints_the_counts(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ingestion.demo",
            str(tmp_path / "inbox"),
            "--seed",
            "3",
            "--seeds",
            str(DBT_SEEDS_DIR),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["seed"] == 3
    assert summary["years"]["2024"]["seed"] == 3
    assert (tmp_path / "inbox" / "_inbox.json").exists()
