"""Agency scorecards: one per agency, rendered in one kernel session, figures from the marts."""

import duckdb
import pandas as pd
from nbclient.exceptions import CellExecutionError
from report_helpers import (
    PROVINCE,
    SCRIPT_TITLE,
    TYPST_TITLE,
    YEAR,
    normalise,
    pdf_page_sizes,
    pdf_text,
)
from sample_warehouse import build_sample_warehouse

from ingestion import formatting as fmt
from ingestion.normalise import slugify
from orchestration.runtime import outputs
from reports import render, scorecard
from reports.kernel import REPORT_LIBRARIES, KernelSession
from reports.render import render_agency_scorecards


def test_one_html_and_one_pdf_per_agency_under_scorecards(scorecards, warehouse):
    assert {p.parent.name for p in scorecards} == {"scorecards"}
    assert len(scorecards) == 2 * len(warehouse.agencies)
    stems = {p.stem for p in scorecards}
    assert "bao-hai-phong" in stems and "script-alert-1-script" in stems
    for path in scorecards:
        assert path.stat().st_size > 1000


def test_each_scorecard_holds_its_agency_and_its_figures(scorecards, warehouse):
    with duckdb.connect(str(warehouse.path), read_only=True) as con:
        cards = con.execute(
            "select agency, accepted_value_vnd, items_published from marts.mart_agency_scorecard "
            "where year = ?",
            [YEAR],
        ).fetchall()
    pdfs = {p.stem: p for p in scorecards if p.suffix == ".pdf"}
    for agency, accepted_value, items in cards:
        text = pdf_text(pdfs[slugify(agency)])
        assert f"{agency} — năm {YEAR}" in text
        assert normalise(fmt.vnd(accepted_value)) in text
        assert f"Tin bài đã đăng {fmt.count(items)}" in text
        assert "Lượt tiếp cận tiềm năng (ước tính)" in text
        assert "Dữ liệu minh họa" in text
        assert f"{PROVINCE} · năm {YEAR}" in text


def test_a_hostile_agency_name_is_text_and_the_page_stays_a4(scorecards):
    pdf = next(p for p in scorecards if p.name == "script-alert-1-script.pdf")
    html = pdf.with_suffix(".html").read_text(encoding="utf-8")
    assert SCRIPT_TITLE not in html and "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert SCRIPT_TITLE in pdf_text(pdf)
    assert all(abs(w - 595.28) < 1 and abs(h - 841.89) < 1 for w, h in pdf_page_sizes(pdf))
    # The agency's exceptions show the rule detail planted with a Typst command as text.
    assert TYPST_TITLE in pdf_text(next(p for p in scorecards if p.name == "bao-hai-phong.pdf"))


def test_scorecards_of_agencies_gone_from_the_warehouse_are_removed(tmp_path):
    out = tmp_path / "out" / "scorecards"
    stale = out / "co-quan-cu.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("old")
    keep = out / "notes.txt"
    keep.write_text("not a scorecard")
    small = build_sample_warehouse(tmp_path / "w.duckdb", agencies=2, previous_year=False)
    rendered = render_agency_scorecards(
        small.path, YEAR, PROVINCE, tmp_path / "work", formats=("html",)
    )
    # The asset publishes the set through the pipeline's writer, which removes the stale ones.
    paths = outputs.replace_set(out, rendered, {".html"})
    assert sorted(p.name for p in paths) == [
        "bao-hai-phong.html",
        "dai-phat-thanh-va-truyen-hinh-hai-phong.html",
    ]
    assert not stale.exists() and keep.exists()


def test_slugs_are_ascii_and_unique():
    assert slugify("Đài Phát thanh và Truyền hình Hải Phòng") == (
        "dai-phat-thanh-va-truyen-hinh-hai-phong"
    )
    assert slugify("Báo Kinh tế & Đô thị") == "bao-kinh-te-do-thi"
    assert slugify("<script>") == "script"


def test_a_set_of_scorecards_reads_what_each_card_reads_alone(tmp_path):
    small = build_sample_warehouse(tmp_path / "w.duckdb", agencies=3)
    alone = {a: scorecard.AgencyScorecard.load(small.path, YEAR, PROVINCE, a) for a in _ids(small)}
    scorecard.open_set(small.path, YEAR)
    try:
        in_set = {a: scorecard.AgencyScorecard.load(small.path, YEAR, PROVINCE, a) for a in alone}
    finally:
        scorecard.close_set()
    for agency_id, card in alone.items():
        shared = in_set[agency_id]
        for name, value in vars(card).items():
            if isinstance(value, pd.DataFrame):
                pd.testing.assert_frame_equal(value, vars(shared)[name], check_exact=True)
            elif isinstance(value, dict):  # rows with missing figures: NaN equals NaN here
                assert pd.Series(value, dtype=object).equals(
                    pd.Series(vars(shared)[name], dtype=object)
                ), name
            else:
                assert vars(shared)[name] == value, name
    # The set let go of the warehouse: it opens for writing again.
    duckdb.connect(str(small.path)).close()


def test_a_set_rendered_in_a_run_kernel_leaves_no_read_lock_behind(tmp_path):
    small = build_sample_warehouse(tmp_path / "w.duckdb", agencies=2, previous_year=False)
    with KernelSession(tmp_path / "kernel", REPORT_LIBRARIES) as kernel:
        rendered = render_agency_scorecards(
            small.path, YEAR, PROVINCE, tmp_path / "work", formats=("html",), kernel=kernel
        )
        assert len(rendered) == 2 and kernel.alive
        # The kernel lives on for the run's next report; a writer can open the warehouse.
        duckdb.connect(str(small.path)).close()


def test_sets_rendered_in_one_pass_keep_going_past_a_failed_set(tmp_path):
    small = build_sample_warehouse(tmp_path / "w.duckdb", agencies=2, previous_year=False)
    broken = render.scorecard_set(small.path, YEAR, PROVINCE)
    broken.jobs[0].parameters["agency_id"] = "no-such-agency"
    sets = [broken, render.year_end_set(small.path, YEAR, PROVINCE)]
    failed, year_end = render.render_sets(sets, tmp_path / "work", formats=("html",))
    assert isinstance(failed, CellExecutionError) and "no-such-agency" in str(failed)
    assert list(year_end) == [f"{render.year_end_name(YEAR)}.html"]
    duckdb.connect(str(small.path)).close()  # no read lock left behind


def _ids(sample) -> list[str]:
    with duckdb.connect(str(sample.path), read_only=True) as con:
        rows = con.execute(
            "select agency_id from marts.mart_agency_scorecard where year = ?", [YEAR]
        ).fetchall()
    return [agency_id for (agency_id,) in rows]


def test_sets_in_two_kernels_render_what_one_kernel_renders(tmp_path):
    small = build_sample_warehouse(tmp_path / "w.duckdb", agencies=2, previous_year=False)

    def sets():
        broken = render.scorecard_set(small.path, YEAR, PROVINCE)
        broken.jobs[0].parameters["agency_id"] = "no-such-agency"
        return [
            render.year_end_set(small.path, YEAR, PROVINCE),
            render.scorecard_set(small.path, YEAR, PROVINCE),
            broken,
        ]

    one = render.render_sets(sets(), tmp_path / "one", formats=("html",))
    with (
        KernelSession(tmp_path / "k1", REPORT_LIBRARIES) as first,
        KernelSession(tmp_path / "k2", REPORT_LIBRARIES) as second,
    ):
        two = render.render_sets(sets(), tmp_path / "two", ("html",), kernel=[first, second])
        # Dealt out in turn: the year-end report and the broken set to the first kernel, the
        # scorecards (opened, two agencies, released) to the second.
        assert (first.notebooks_run, second.notebooks_run) == (3, 4)
    assert two[0] == one[0] and two[1] == one[1]
    assert list(two[0]) == [f"{render.year_end_name(YEAR)}.html"] and len(two[1]) == 2
    assert isinstance(two[2], CellExecutionError) and "no-such-agency" in str(two[2])
    duckdb.connect(str(small.path)).close()  # no read lock left behind
