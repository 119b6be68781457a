"""Output files: atomic writes, held back inside a guarded run until its warehouse is published."""

from pathlib import Path

import duckdb
import pytest

from orchestration.runtime import guard, outputs, paths


def pending(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*" + outputs.PENDING_SUFFIX))


def test_outside_a_run_a_write_is_in_place_at_once(tmp_path):
    report = tmp_path / "reports" / "bao-cao.html"
    assert outputs.write_atomically(report, "<p>Hải Phòng</p>") == report
    assert report.read_text(encoding="utf-8") == "<p>Hải Phòng</p>"
    assert outputs.size(report) == len("<p>Hải Phòng</p>".encode())
    assert pending(tmp_path) == []


def test_a_failed_write_leaves_the_last_good_file(tmp_path):
    report = tmp_path / "bao-cao.html"
    report.write_text("last good")
    with pytest.raises(RuntimeError), outputs.atomic_output(report) as staged:
        staged.write_text("half of")
        raise RuntimeError("the renderer failed")
    assert report.read_text() == "last good"
    assert pending(tmp_path) == []


def test_held_outputs_wait_for_publish(tmp_path):
    report, workbook = tmp_path / "r" / "bao-cao.html", tmp_path / "s" / "quyet-toan.xlsx"
    report.parent.mkdir()
    report.write_text("last good")
    workbook.parent.mkdir()
    workbook.write_text("earlier workbook")
    with outputs.held_until_published():
        outputs.write_atomically(report, "first draft")
        outputs.write_atomically(report, "new")  # the later write wins
        assert outputs.remove(workbook) is True
        assert outputs.remove(tmp_path / "no-such-folder" / "quyet-toan.xlsx") is False
        assert report.read_text() == "last good" and workbook.exists()
        assert outputs.size(report) == 3
        assert len(pending(tmp_path)) == 1
        outputs.publish_held()
        assert report.read_text() == "new" and not workbook.exists()
    assert pending(tmp_path) == []


def test_a_set_replaces_the_previous_set_when_the_run_is_published(tmp_path):
    folder = tmp_path / "scorecards"
    folder.mkdir()
    (folder / "co-quan-cu.html").write_text("an agency no longer in the warehouse")
    (folder / "ghi-chu.txt").write_text("not part of the set")
    with outputs.held_until_published():
        written = outputs.replace_set(folder, {"bao-hai-phong.html": "<p>mới</p>"}, {".html"})
        assert written == [folder / "bao-hai-phong.html"]
        assert outputs.listing(folder) == {folder / "bao-hai-phong.html", folder / "ghi-chu.txt"}
        assert (folder / "co-quan-cu.html").exists()  # still in place until the publish
        outputs.publish_held()
    assert sorted(p.name for p in folder.iterdir()) == ["bao-hai-phong.html", "ghi-chu.txt"]
    assert (folder / "bao-hai-phong.html").read_text(encoding="utf-8") == "<p>mới</p>"


def test_held_outputs_of_an_unpublished_run_are_thrown_away(tmp_path):
    report = tmp_path / "bao-cao.html"
    report.write_text("last good")
    with outputs.held_until_published():
        outputs.write_atomically(report, "new")
        outputs.write_atomically(tmp_path / "new-scorecard.html", "new")
    assert report.read_text() == "last good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bao-cao.html"]


def test_a_guarded_run_removes_what_a_killed_run_left_pending(build):
    """A run killed before it published leaves `.pending` files beside the reports; the next
    guarded run removes them and leaves the published files alone."""
    reports = paths.reports_dir(2025)
    reports.mkdir(parents=True)
    (reports / "bao-cao.html").write_text("last good")
    left = [
        reports / ".bao-cao.html.x1.pending",
        paths.settlement_dir(2025) / ".quyet-toan-2025.xlsx.x2.pending",
    ]
    for path in left:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("killed half way")
    with guard.guarded("test") as session:
        assert pending(build) == []
        outputs.write_atomically(reports / "bao-cao.html", "new")
        assert (reports / "bao-cao.html").read_text() == "last good"
        duckdb.connect(str(session.working)).close()
        session.publish()
        assert (reports / "bao-cao.html").read_text() == "new"
    assert (build / "warehouse.duckdb").exists()
