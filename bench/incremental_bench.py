"""Incremental benchmark: a year of coverage built from scratch, then one more day.

    python bench/incremental_bench.py [--items 1000000] [--workdir DIR]
    python bench/incremental_bench.py --workdir DIR --day-only [--rounds 3]

The inbox holds the demo's reference files (agencies, contracts, payments, targets, events,
indices) and `--items` coverage items as one CSV file per day of 2025: 1 January to 30
December for the full build; a run with nothing new (what any run costs); then 31 December's
file added for the incremental run (the year's items spread evenly, so the new day holds
items / 365 of them). Each build is
`mediacoop refresh` in its own process, what the daily schedule runs: load the inbox (files
already loaded are skipped), rebuild the models, publish the warehouse. Generating the files
is not timed.

With `--workdir`, the build of the year (after the run with nothing new) and the day's file
are kept under DIR/year; `--day-only` then repeats only the one-more-day run, each round on a
fresh copy of that build with the day's file added to the year's inbox, so the day can be
measured many times.

Target: the one-day run takes at most 10 % of the full build.
"""

import argparse
import datetime as dt
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import polars as pl

from ingestion.demo import write_demo_inbox
from ingestion.demo.reference import CHANNEL_LABELS, DELIVERABLE_LABELS
from ingestion.load import load_source
from orchestration.runtime.paths import DBT_SEEDS_DIR, PROJECT_ROOT

YEAR = 2025
DAYS = 365
SYNDICATED_SHARE = 0.10  # copies of another outlet's headline a day or two later
CLAIMED_SHARE = 0.15  # items listed under one of the demo's contract lines

ACTORS = [
    "UBND thành phố", "Sở Du lịch", "Sở Xây dựng", "Công an thành phố", "Hội Nông dân",
    "Ban Quản lý khu kinh tế", "Sở Y tế", "Sở Giáo dục và Đào tạo", "Quận Lê Chân",
    "Huyện Vĩnh Bảo", "Cảng Hải Phòng", "Bộ đội Biên phòng", "Thành đoàn", "Sở Công Thương",
    "Trung tâm IOC", "Thành ủy", "HĐND thành phố", "Sở Nội vụ", "Bệnh viện Việt Tiệp",
]  # fmt: skip
ACTIONS = [
    "đẩy mạnh", "triển khai", "kiểm tra", "sơ kết", "tổng kết", "phát động", "hoàn thành",
    "tăng cường", "họp bàn về", "công bố kết quả", "hướng dẫn", "đánh giá",
]  # fmt: skip
TOPICS = [
    "chuyển đổi số", "dự án giao thông trọng điểm", "lễ hội Hoa Phượng Đỏ",
    "thu hút đầu tư khu công nghiệp", "giải phóng mặt bằng", "du lịch Cát Bà",
    "cải cách hành chính", "an toàn giao thông", "khám chữa bệnh", "nhà ở xã hội",
    "phòng cháy chữa cháy", "xây dựng nông thôn mới", "bảo vệ môi trường",
    "dịch vụ công trực tuyến", "công tác dân vận", "việc làm cho thanh niên", "mùa vụ mới",
]  # fmt: skip
PLACES = [
    "quận Lê Chân", "quận Ngô Quyền", "quận Hồng Bàng", "quận Hải An", "quận Kiến An",
    "quận Đồ Sơn", "thành phố Thủy Nguyên", "huyện An Lão", "huyện Tiên Lãng", "huyện Cát Hải",
]  # fmt: skip


def reference_inbox(inbox: Path) -> tuple[list[str], pl.DataFrame]:
    """The demo inbox without its coverage; returns agency names and contract lines."""
    write_demo_inbox(inbox, seeds_dir=DBT_SEEDS_DIR)
    shutil.rmtree(inbox / "coverage")
    (inbox / "coverage").mkdir()
    with duckdb.connect() as con:
        load_source(con, "agencies", inbox)
        load_source(con, "contracts", inbox)
        agencies = [name for (name,) in con.execute("select agency from raw.agencies").fetchall()]
        lines = pl.from_arrow(
            con.sql(
                """select contract_id, agency, deliverable_type, channel, start_date, end_date
                   from raw.contracts where not _is_duplicate"""
            ).to_arrow_table()
        )
    return agencies, lines


def coverage_items(
    agencies: list[str], lines: pl.DataFrame, items: int, rng: np.random.Generator
) -> pl.DataFrame:
    """`items` coverage rows spread evenly over the year, with the inbox's column labels."""
    day = np.arange(items) * DAYS // items  # evenly: the last day holds items / 365 of them
    dates = np.datetime64(f"{YEAR}-01-01") + day.astype("timedelta64[D]")
    minutes = rng.integers(6 * 60, 22 * 60, items)
    pick = lambda values: np.asarray(values, dtype=object)[rng.integers(0, len(values), items)]  # noqa: E731
    title = [
        f"{a} {v} {t} tại {p}, số {n}"
        for a, v, t, p, n in zip(
            pick(ACTORS), pick(ACTIONS), pick(TOPICS), pick(PLACES), np.arange(items), strict=True
        )
    ]
    frame = pl.DataFrame(
        {
            "day": day,
            "date": dates,
            "minute": minutes,
            "agency": pick(agencies).tolist(),
            "title": title,
            "deliverable": "Bài viết",
            "channel": "Báo điện tử",
            "contract": None,
            "accepted": None,
        },
        schema_overrides={"contract": pl.String, "accepted": pl.String},
    )
    # Syndicated copies: another outlet runs an earlier headline the same or the next day.
    copies = rng.random(items) < SYNDICATED_SHARE
    source = np.maximum(np.arange(items) - rng.integers(1, 2000, items), 0)
    frame = frame.with_columns(
        title=pl.when(pl.Series(copies)).then(pl.col("title").gather(source)).otherwise("title")
    )
    # Claimed items: under one of the contract lines, by its agency, in its period.
    claimed = rng.random(items) < CLAIMED_SHARE
    line = lines.sample(n=items, with_replacement=True, seed=int(rng.integers(1 << 31)))
    in_period = (pl.Series(dates).cast(pl.Date) >= line["start_date"]) & (
        pl.Series(dates).cast(pl.Date) <= line["end_date"]
    )
    use = pl.Series(claimed) & in_period
    frame = frame.with_columns(
        agency=pl.when(use).then(line["agency"]).otherwise("agency"),
        deliverable=pl.when(use)
        .then(line["deliverable_type"].replace_strict(DELIVERABLE_LABELS))
        .otherwise("deliverable"),
        channel=pl.when(use)
        .then(line["channel"].replace_strict(CHANNEL_LABELS))
        .otherwise("channel"),
        contract=pl.when(use).then(line["contract_id"]).otherwise(None),
        accepted=pl.when(use).then(pl.lit("Có")).otherwise(None),
    )
    return frame.with_columns(
        published=pl.col("date").dt.strftime("%d/%m/%Y")
        + pl.format(
            " {}:{}", pl.col("minute") // 60, (pl.col("minute") % 60).cast(pl.String).str.zfill(2)
        ),
        url=pl.format("https://tin.haiphong.example/bai-{}.html", pl.int_range(pl.len())),
    )


def write_day_files(frame: pl.DataFrame, folder: Path, days: range) -> int:
    """One CSV per day, headed with the Vietnamese labels; returns the rows written."""
    written = 0
    labelled = frame.select(
        pl.col("day"),
        pl.col("agency").alias("Cơ quan báo chí"),
        pl.col("published").alias("Ngày đăng"),
        pl.col("title").alias("Tiêu đề"),
        pl.col("url").alias("Đường dẫn"),
        pl.col("deliverable").alias("Loại sản phẩm"),
        pl.col("channel").alias("Loại hình"),
        pl.col("contract").alias("Số hợp đồng"),
        pl.col("accepted").alias("Nghiệm thu"),
    )
    for (day,), rows in labelled.filter(pl.col("day").is_in(list(days))).group_by(
        "day", maintain_order=True
    ):
        date = dt.date(YEAR, 1, 1) + dt.timedelta(days=int(day))
        rows.drop("day").write_csv(folder / f"tin-bai-{date:%Y-%m-%d}.csv")
        written += rows.height
    return written


def refresh(build: Path, inbox: Path, log: Path) -> tuple[float, float]:
    """`mediacoop refresh` in its own process; returns its wall time and the CPU time of its
    process tree (dbt included) in seconds: on a shared machine the CPU time compares runs."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("MEDIACOOP_", "DAGSTER_"))},
        "MEDIACOOP_BUILD": str(build),
        "DO_NOT_TRACK": "1",
        "GX_ANALYTICS_ENABLED": "False",
    }
    command = [sys.executable, "-m", "orchestration.cli", "refresh", "--inbox", str(inbox),
               "--month", f"{YEAR}-12"]  # fmt: skip
    started, children = time.monotonic(), resource.getrusage(resource.RUSAGE_CHILDREN)
    with log.open("w") as out:
        result = subprocess.run(command, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=out)
    seconds = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
    if result.returncode != 0:
        raise SystemExit(f"mediacoop refresh failed ({result.returncode}); see {log}")
    return seconds, cpu


def step_seconds(log: Path) -> str:
    """The stage lines of a run log ('[  5.1s]   ✓ raw/coverage [2025-12]   3.0s  files=…')
    as 'raw/coverage 3.0s', and the lines saying what dbt builds."""
    steps = []
    for line in log.read_text(encoding="utf-8").splitlines():
        if match := re.match(r"\[ *[0-9.]+s\] +✓ (\S+).*? ([0-9.]+s)(?:  |$)", line):
            steps.append(f"{match.group(1)} {match.group(2)}")
        elif line.startswith("  = "):
            steps.append(line[4:].split(" / ")[-1].strip())
    return "; ".join(steps)


def keep_year(workdir: Path, frame: pl.DataFrame) -> None:
    """Keep the build of the year and the day's file under workdir/year for --day-only. The
    inbox is not copied: a copy would be new files to the inbox scan, not the year's own."""
    year = workdir / "year"
    shutil.rmtree(year, ignore_errors=True)
    shutil.copytree(workdir / "build", year / "build", symlinks=True)
    (year / "day").mkdir()
    write_day_files(frame, year / "day", range(DAYS - 1, DAYS))


def day_only(workdir: Path, rounds: int) -> None:
    """The one-more-day run, `rounds` times, each on a fresh copy of the kept build and the
    year's inbox with the day's file added (and taken out again after the run)."""
    year, inbox, build = workdir / "year", workdir / "inbox", workdir / "build"
    if not (year / "day").is_dir():
        raise SystemExit(f"no kept year under {year}; run once with --workdir {workdir} first")
    day_files = sorted((year / "day").iterdir())
    for number in range(1, rounds + 1):
        for day_file in day_files:
            (inbox / "coverage" / day_file.name).unlink(missing_ok=True)
        shutil.rmtree(build, ignore_errors=True)
        shutil.copytree(year / "build", build, symlinks=True)
        for day_file in day_files:
            shutil.copy(day_file, inbox / "coverage" / day_file.name)
        log = workdir / f"one-day-{number}.log"
        seconds, cpu = refresh(build, inbox, log)
        print(f"one more day #{number} {seconds:7.1f} s, {cpu:6.1f} s CPU   "
              f"({step_seconds(log)})", flush=True)  # fmt: skip
    for day_file in day_files:
        (inbox / "coverage" / day_file.name).unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, help="keep inbox, build and logs here")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument(
        "--day-only",
        action="store_true",
        help="repeat only the one-more-day run on copies of the year kept under --workdir",
    )
    parser.add_argument("--rounds", type=int, default=1, help="rounds of --day-only")
    args = parser.parse_args()
    if args.day_only:
        if args.workdir is None:
            parser.error("--day-only needs the --workdir of an earlier build")
        day_only(args.workdir, args.rounds)
        return

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="mediacoop-incremental-"))
    workdir.mkdir(parents=True, exist_ok=True)
    inbox, build = workdir / "inbox", workdir / "build"
    shutil.rmtree(inbox, ignore_errors=True)
    shutil.rmtree(build, ignore_errors=True)

    agencies, lines = reference_inbox(inbox)
    frame = coverage_items(agencies, lines, args.items, np.random.default_rng(args.seed))
    first = write_day_files(frame, inbox / "coverage", range(DAYS - 1))
    print(f"inbox: {first:,} items in {DAYS - 1} daily files under {inbox}")

    full, cpu = refresh(build, inbox, workdir / "full.log")
    print(f"full build      {full:7.1f} s, {cpu:6.1f} s CPU   "
          f"({step_seconds(workdir / 'full.log')})")  # fmt: skip
    unchanged, cpu = refresh(build, inbox, workdir / "unchanged.log")
    print(f"nothing new     {unchanged:7.1f} s, {cpu:6.1f} s CPU   "
          f"({step_seconds(workdir / 'unchanged.log')})")  # fmt: skip
    if args.workdir is not None:
        keep_year(workdir, frame)
    added = write_day_files(frame, inbox / "coverage", range(DAYS - 1, DAYS))
    one_day, cpu = refresh(build, inbox, workdir / "one-day.log")
    print(f"one more day    {one_day:7.1f} s, {cpu:6.1f} s CPU   (+{added:,} items; "
          f"{step_seconds(workdir / 'one-day.log')})")  # fmt: skip
    with duckdb.connect(str(build / "warehouse.duckdb"), read_only=True) as con:
        (items,) = con.execute("select count(*) from marts.fct_coverage").fetchone()
    size = (build / "warehouse.duckdb").stat().st_size / 2**20
    ratio = one_day / full
    print(f"warehouse: {items:,} items, {size:,.0f} MiB")
    print(f"one day / full = {ratio:.1%} (target <= 10 %): {'ok' if ratio <= 0.10 else 'MISSED'}")
    own = (one_day - unchanged) / full
    print(
        f"the day's own work (one more day - nothing new) / full = {own:.1%}; the rest is "
        f"what any run costs ({unchanged:.1f} s: start-up, the inbox scan, dbt start-up and "
        "every model's statements, publishing)"
    )
    if args.workdir is None:
        shutil.rmtree(workdir)


if __name__ == "__main__":
    main()
