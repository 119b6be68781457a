"""Ingestion benchmark: generate N coverage rows as a CSV inbox, load them, report speed and
peak memory.

    python bench/ingest_bench.py --rows 1000000 [--encoding utf-8|utf-8-sig|utf-16|cp1258]

The target is 1,000,000 rows in at most 30 s with at most 2 GiB peak memory. Generation is
not timed. Peak memory is the process's maximum resident set size (ru_maxrss), taken with
that of any child processes.
"""

import argparse
import multiprocessing
import os
import resource
import tempfile
import time
import unicodedata
from pathlib import Path

import duckdb
import polars as pl

from ingestion.load import load_source

AGENCIES = [
    ("Báo Hải Phòng", "BHP", "baohaiphong.vn"),
    ("Đài Phát thanh và Truyền hình Hải Phòng", "THP", "thp.org.vn"),
    ("Báo Nhân Dân", "ND", "nhandan.vn"),
    ("Báo Tuổi Trẻ", "TT", "tuoitre.vn"),
    ("Báo Thanh Niên", "TN", "thanhnien.vn"),
    ("VnExpress", "VNE", "vnexpress.net"),
    ("Thông tấn xã Việt Nam", "TTXVN", "vnanet.vn"),
    ("Báo Lao Động", "LĐ", "laodong.vn"),
]
# The same agencies as people type them: other case, no diacritics, aliases.
AGENCY_SPELLINGS = [name for name, _, _ in AGENCIES] + [
    "bao hai phong",
    "BÁO NHÂN DÂN",
    "THP",
    "vnexpress",
]
DELIVERABLES = ["Tin", "Bài viết", "Phóng sự", "Ảnh", "Chương trình (phút)"]
CHANNELS = ["Báo điện tử", "Báo in", "Truyền hình", "Phát thanh", "Mạng xã hội"]
TOPICS = [
    "Hải Phòng đẩy mạnh chuyển đổi số trong cải cách hành chính",
    "Lễ hội Hoa Phượng Đỏ thu hút hàng vạn du khách",
    "Khởi công dự án hạ tầng giao thông trọng điểm",
    "Kỷ niệm 70 năm Ngày giải phóng Hải Phòng",
    "Thu hút đầu tư vào khu công nghiệp ven biển",
]
BATCH_ROWS = 200_000


def write_inbox(inbox: Path, rows: int, encoding: str) -> Path:
    (inbox / "agencies").mkdir(parents=True)
    (inbox / "coverage").mkdir(parents=True)
    pl.DataFrame(
        {
            "Cơ quan báo chí": [a for a, _, _ in AGENCIES],
            "Tên khác": [b for _, b, _ in AGENCIES],
            "Tên miền RSS": [c for _, _, c in AGENCIES],
        }
    ).write_csv(inbox / "agencies" / "co-quan.csv")
    target = inbox / "coverage" / "tin-bai.csv"
    with target.open("wb") as out:
        for start in range(0, rows, BATCH_ROWS):
            batch = _batch(start, min(BATCH_ROWS, rows - start))
            text = batch.write_csv(include_header=start == 0)
            out.write(_encode(text, encoding, first=start == 0))
    return target


def _encode(text: str, encoding: str, *, first: bool) -> bytes:
    if encoding == "utf-8-sig":
        return text.encode("utf-8-sig" if first else "utf-8")
    if encoding == "utf-16":
        return text.encode("utf-16" if first else "utf-16-le")
    if encoding == "cp1258":
        return _cp1258(text)
    return text.encode("utf-8")


def _cp1258(text: str) -> bytes:
    """Windows-1258 has precomposed vowels with their hats and hooks but writes tone marks as
    combining characters, so each letter is split accordingly before encoding."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for char in set(text):
        try:
            char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out.append((char, base + "".join(c for c in parts if c in tones)))
    for char, spelled in out:
        text = text.replace(char, spelled)
    return text.encode("cp1258")


def _batch(start: int, size: int) -> pl.DataFrame:
    i = pl.col("i")

    def pick(options: list[str], salt: int) -> pl.Expr:
        return pl.lit(pl.Series(options)).gather((i * salt + salt) % len(options))

    thousands = i * 37 % 250_000 // 1000
    views = (
        pl.when(thousands > 0)
        .then(
            pl.concat_str(
                [thousands.cast(str), pl.lit("."), (i * 37 % 1000).cast(str).str.zfill(3)]
            )
        )
        .otherwise((i * 37 % 1000).cast(str))
    )
    published = pl.datetime(2025, 1, 1) + pl.duration(days=i % 365, minutes=i * 7 % 1440)
    return pl.DataFrame({"i": pl.int_range(start, start + size, eager=True)}).select(
        pick(AGENCY_SPELLINGS, 7).alias("Cơ quan báo chí"),
        # one row in a thousand carries a day that does not exist, to exercise quarantine
        pl.when(i % 1000 == 999)
        .then(pl.lit("31/02/2025"))
        .otherwise(published.dt.strftime("%d/%m/%Y %H:%M"))
        .alias("Ngày đăng"),
        pl.concat_str([pick(TOPICS, 3), pl.lit(" (kỳ "), i.cast(str), pl.lit(")")]).alias(
            "Tiêu đề"
        ),
        pl.concat_str([pl.lit("https://tin.example.vn/bai-"), i.cast(str)]).alias("Đường dẫn"),
        pick(DELIVERABLES, 11).alias("Loại sản phẩm"),
        pick(CHANNELS, 13).alias("Loại hình"),
        pl.concat_str([pl.lit("HĐ-"), (i % 50).cast(str), pl.lit("/2025")]).alias("Số hợp đồng"),
        pick(["Có", "Không", "x", ""], 5).alias("Nghiệm thu"),
        pick(["", "3", "4,5", "15"], 17).alias("Thời lượng (phút)"),
        views.alias("Lượt xem"),
        pl.concat_str([pl.lit("Tóm tắt nội dung: "), pick(TOPICS, 19)]).alias("Tóm tắt"),
    )


def peak_rss_mib() -> tuple[float, float]:
    """(this process, its children) maximum resident set size in MiB (Linux reports KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument(
        "--encoding", default="utf-8", choices=["utf-8", "utf-8-sig", "utf-16", "cp1258"]
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="mediacoop-bench-") as tmp:
        inbox = Path(tmp) / "inbox"
        started = time.perf_counter()
        # A child process writes the inbox, so this process's peak memory is the load's.
        generator = multiprocessing.get_context("spawn").Process(
            target=write_inbox, args=(inbox, args.rows, args.encoding)
        )
        generator.start()
        generator.join()
        if generator.exitcode != 0:
            return 1
        csv_path = inbox / "coverage" / "tin-bai.csv"
        generated = time.perf_counter() - started
        size_mib = csv_path.stat().st_size / 2**20
        print(
            f"generated {args.rows:,} rows ({size_mib:.0f} MiB, {args.encoding}) "
            f"in {generated:.1f} s"
        )
        rss_before, _ = peak_rss_mib()

        with duckdb.connect(str(Path(tmp) / "bench.duckdb")) as con:
            load_source(con, "agencies", inbox)
            started, cpu_started = time.perf_counter(), time.process_time()
            result = load_source(con, "coverage", inbox)
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
            started = time.perf_counter()
            again = load_source(con, "coverage", inbox)
            rerun = time.perf_counter() - started

    own, children = peak_rss_mib()
    print(
        f"ingested {result.rows_read:,} rows in {elapsed:.1f} s = "
        f"{result.rows_read / elapsed:,.0f} rows/s "
        f"(loaded {result.rows_loaded:,}, quarantined {result.rows_quarantined:,}, "
        f"duplicates {result.rows_duplicate:,}); CPU time {cpu:.1f} s on {os.cpu_count()} cores"
    )
    print(f"unchanged re-run: {rerun:.2f} s (skipped: {again.files_skipped_unchanged} file)")
    print(
        f"peak memory (ru_maxrss): {max(own, children):,.0f} MiB "
        f"(loading process {own:,.0f} MiB, of which {rss_before:,.0f} MiB before loading; "
        f"generator child {children:,.0f} MiB)"
    )
    within = elapsed <= 30 and max(own, children) <= 2048
    print("target (≤ 30 s, ≤ 2 GiB for 1,000,000 rows):", "met" if within else "NOT met")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
