"""dbt benchmark: `dbt build` wall time on the demo inbox and on synthetic coverage at scale.

    python bench/dbt_bench.py [--items 1000000] [--skip-demo]

The demo inbox is written and loaded with the real loader; the large warehouse is generated
with DuckDB SQL straight into the raw tables (about 10 % of the items are syndicated copies,
about 30 % are listed under a contract). Neither preparation is timed: only `dbt build`, run
as a child process with its target folder under a temporary directory. Peak memory is the
largest resident set size of the child processes (ru_maxrss of RUSAGE_CHILDREN), so it is
the peak of the largest build so far. Set DBT_BENCH_KEEP=<folder> to keep the warehouses and
dbt's target folders there for a closer look.

Each build also prints the syndication model's own time (dbt's run_results.json) and, at scale,
the public-concern models' summed time.

Targets: demo <= 30 s; 1,000,000 items <= 90 s and <= 4 GiB; syndication <= 20 s at 1,000,000;
tone and public-concern matching <= 15 s at 1,000,000.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from ingestion import schemas
from orchestration.assets.dbt import dbt_executable
from orchestration.runtime.paths import DBT_PROJECT_DIR, DBT_SEEDS_DIR

AGENCIES = 40
CONTRACTS_PER_AGENCY = 2
# Deliverable lines of every contract: type, channel, content area.
LINES = [("article", "online", 2), ("news", "online", 3), ("reportage", "tv", 4)]
COPY_SHARE = 0.10
CONCERNS = 52
CLAIMED_SHARE = 0.30

# Headlines: who, does what, about what, where; about one in seven topics carries no keyword
# of the taxonomy.
ACTORS = [
    "UBND thành phố", "Sở Du lịch", "Sở Xây dựng", "Công an thành phố", "Hội Nông dân",
    "Ban Quản lý khu kinh tế", "Sở Y tế", "Sở Giáo dục và Đào tạo", "Quận Lê Chân",
    "Huyện Vĩnh Bảo", "Cảng Hải Phòng", "Bộ đội Biên phòng", "Thành đoàn",
    "Liên đoàn Lao động", "Sở Công Thương", "Sở Nông nghiệp và Môi trường", "Trung tâm IOC",
    "Hội Cựu chiến binh", "Thành ủy", "HĐND thành phố", "Sở Nội vụ",
    "Sở Khoa học và Công nghệ", "Bệnh viện Việt Tiệp", "Mặt trận Tổ quốc thành phố",
]  # fmt: skip
ACTIONS = [
    "đẩy mạnh", "triển khai", "kiểm tra", "sơ kết", "tổng kết", "phát động", "hoàn thành",
    "tăng cường", "họp bàn về", "ra quân", "công bố kết quả", "hướng dẫn", "đánh giá",
    "tuyên dương điển hình", "lấy ý kiến về",
]  # fmt: skip
TOPICS = [
    "chuyển đổi số", "dự án giao thông trọng điểm", "lễ hội Hoa Phượng Đỏ",
    "kỷ niệm 70 năm Ngày giải phóng", "thu hút đầu tư khu công nghiệp", "giải phóng mặt bằng",
    "du lịch Cát Bà", "cải cách hành chính", "Đại hội Đảng bộ nhiệm kỳ 2025 - 2030",
    "an toàn giao thông", "khám chữa bệnh", "sắp xếp đơn vị hành chính", "nhà ở xã hội",
    "phòng cháy chữa cháy", "xây dựng nông thôn mới", "bảo vệ môi trường",
    "dịch vụ công trực tuyến", "công tác dân vận", "việc làm cho thanh niên",
    "chương trình cuối tuần", "mùa vụ mới",
]  # fmt: skip
PLACES = [
    "quận Lê Chân", "quận Ngô Quyền", "quận Hồng Bàng", "quận Hải An", "quận Kiến An",
    "quận Đồ Sơn", "quận Dương Kinh", "quận An Dương", "thành phố Thủy Nguyên", "huyện An Lão",
    "huyện Kiến Thụy", "huyện Tiên Lãng", "huyện Vĩnh Bảo", "huyện Cát Hải", "huyện Bạch Long Vĩ",
    "xã Tân Trào", "phường Cát Dài", "phường Lạch Tray", "phường Đông Hải", "phường Tràng Cát",
]  # fmt: skip


def sql_list(values: list[str]) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def lineage(source: str, row_number: str) -> str:
    return (
        f"'{source}/bench.csv' AS _source_file, NULL AS _sheet, "
        f"CAST({row_number} AS INTEGER) AS _row_number, 'bench' AS _file_hash, "
        f"md5(CAST({row_number} AS VARCHAR)) AS _row_hash, false AS _is_duplicate, "
        "TIMESTAMP '2026-01-05 08:00:00' AS _loaded_at, NULL AS _corrected_by"
    )


def generate_warehouse(path: Path, items: int) -> None:
    """Raw tables with `items` coverage items, made with DuckDB SQL."""
    originals = int(items * (1 - COPY_SHARE))
    copies = items - originals
    contracts = AGENCIES * CONTRACTS_PER_AGENCY
    lines = ", ".join(f"('{t}', '{c}', {a}, {n})" for n, (t, c, a) in enumerate(LINES, 1))
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE SCHEMA raw")
        # A stable pseudo-random BIGINT per (row, purpose).
        con.execute("CREATE TEMP MACRO h(x, salt) AS CAST(hash(x, salt) >> 1 AS BIGINT)")
        for table in schemas.RAW_TABLES.values():
            con.execute(table.ddl())
        con.execute(schemas.QUARANTINE_DDL)
        con.execute(schemas.LOAD_LOG_DDL)
        con.execute(f"""
            INSERT INTO raw.agencies
            SELECT 'Cơ quan báo chí ' || lpad(CAST(a AS VARCHAR), 2, '0'), 'CQBC ' || a,
                   CASE WHEN a % 4 = 0 THEN 'local' ELSE 'central' END,
                   ['newspaper', 'online', 'tv', 'radio'][1 + a % 4],
                   50000 + a * 25000, 'Ước tính cho đo hiệu năng', 'cq' || a || '.vn',
                   {lineage("agencies", "a + 1")}
            FROM range(1, {AGENCIES + 1}) AS t(a)
        """)
        con.execute(f"""
            INSERT INTO raw.contracts
            SELECT 'HĐ-' || c, 'Cơ quan báo chí ' || lpad(CAST(1 + c % {AGENCIES} AS VARCHAR), 2, '0'),
                   DATE '2025-01-05', DATE '2025-01-10', DATE '2025-12-20', NULL,
                   l.dtype, l.channel, l.area, 2000, p.price, 2000 * p.price,
                   {lineage("contracts", "c * 10 + l.n")}
            FROM range({contracts}) AS t(c)
            CROSS JOIN (VALUES {lines}) AS l(dtype, channel, area, n)
            JOIN (VALUES ('article', 4000000::BIGINT), ('news', 1000000), ('reportage', 40000000))
                AS p(dtype, price) ON p.dtype = l.dtype
        """)  # noqa: E501
        con.execute(f"""
            INSERT INTO raw.payments
            SELECT 'PC-' || c || '-' || k, 'HĐ-' || c, DATE '2025-02-01' + CAST(120 * k AS INTEGER),
                   CAST(2000 * 45000000::BIGINT * 0.3 AS BIGINT), ['advance', 'payment'][k + 1],
                   {lineage("payments", "c * 2 + k")}
            FROM range({contracts}) AS t(c), range(2) AS u(k)
        """)
        con.execute(f"""
            CREATE TEMP TABLE originals AS
            SELECT i,
                   1 + h(i, 'agency') % {AGENCIES} AS agency_no,
                   TIMESTAMP '2025-01-01 06:00:00'
                     + to_seconds(CAST(h(i, 'time') % (364 * 86400) AS BIGINT)) AS published_at,
                   {sql_list(ACTORS)}[1 + h(i, 'a') % {len(ACTORS)}] || ' '
                     || {sql_list(ACTIONS)}[1 + h(i, 'v') % {len(ACTIONS)}] || ' '
                     || {sql_list(TOPICS)}[1 + h(i, 't') % {len(TOPICS)}] || ' tại '
                     || {sql_list(PLACES)}[1 + h(i, 'p') % {len(PLACES)}] || ', kỳ '
                     || (100 + i % 900) AS title,
                   1 + h(i, 'line') % {len(LINES)} AS line_no,
                   h(i, 'claim') % 100 < {int(CLAIMED_SHARE * 100)} AS claimed,
                   h(i, 'accept') % 10 <> 0 AS accepted
            FROM range({originals}) AS t(i)
        """)  # noqa: E501
        con.execute(f"""
            INSERT INTO raw.coverage
            SELECT md5('item' || i), 'Cơ quan báo chí ' || lpad(CAST(agency_no AS VARCHAR), 2, '0'),
                   published_at, title, 'https://cq' || agency_no || '.vn/' || i,
                   l.dtype, l.channel,
                   CASE WHEN claimed THEN 'HĐ-' || ((agency_no - 1) + {AGENCIES} * (i % 2)) END,
                   CASE WHEN claimed THEN accepted END,
                   CASE WHEN l.dtype = 'reportage' THEN 12 END,
                   h(i, 'views') % 50000,
                   'Thông tin về ' || lower(title) || '. Bài viết phản ánh kết quả triển khai '
                     || 'kế hoạch năm 2025 của thành phố.',
                   {lineage("coverage", "i + 2")}
            FROM originals
            JOIN (VALUES {lines}) AS l(dtype, channel, area, n) ON l.n = line_no
        """)  # noqa: E501
        con.execute(f"""
            INSERT INTO raw.coverage
            SELECT md5('copy' || k), 'Cơ quan báo chí '
                     || lpad(CAST(1 + (agency_no + 1 + k % 5) % {AGENCIES} AS VARCHAR), 2, '0'),
                   published_at + to_seconds(3600 + h(k, 'delay') % (60 * 3600)),
                   CASE WHEN k % 3 = 0 THEN 'Hải Phòng: ' || title ELSE title END,
                   'https://copy.vn/' || k, 'news', 'online', NULL, NULL, NULL,
                   h(k, 'views') % 20000, NULL,
                   {lineage("coverage", f"{originals} + k + 2")}
            FROM (
                SELECT row_number() OVER () AS k, *
                FROM originals USING SAMPLE reservoir({copies} ROWS) REPEATABLE (42)
            )
        """)
        con.execute(f"""
            INSERT INTO raw.events
            SELECT * , {lineage("events", "1")} FROM (VALUES
                ('SK05', 'Kỷ niệm 70 năm Ngày giải phóng Hải Phòng', DATE '2025-05-13',
                 DATE '2025-05-13', 3, 7),
                ('SK01', 'Kỷ niệm 95 năm Ngày thành lập Đảng', DATE '2025-02-03',
                 DATE '2025-02-03', 1, 7))
        """)
        # Concerns every week, each about a common topic or place, so their windows cover
        # the year and thousands of items match: the matching's worst case, not its usual one.
        con.execute(f"""
            INSERT INTO raw.concerns
            SELECT 'DL-' || c, seen, 'Vấn đề dư luận số ' || c,
                   {sql_list(TOPICS)}[1 + c % {len(TOPICS)}] || '; '
                     || {sql_list(PLACES)}[1 + c % {len(PLACES)}],
                   CASE WHEN c % 3 = 0 THEN 2 END,
                   CASE WHEN c % 4 <> 0 THEN seen + INTERVAL 20 HOUR END, 'Họp báo',
                   {lineage("concerns", "c + 2")}
            FROM (
                SELECT c, TIMESTAMP '2025-01-02 07:00:00' + to_days(CAST(c * 7 AS INTEGER)) AS seen
                FROM range({CONCERNS}) AS t(c)
            )
        """)
        con.execute(f"""
            INSERT INTO raw.indices
            SELECT *, {lineage("indices", "1")} FROM (VALUES
                ('PCI', 2023, 'Hải Phòng', NULL, NULL, 100.0, 3, 'bench', NULL, false),
                ('PCI', 2024, 'Hải Phòng', NULL, 74.84, 100.0, 1, 'bench', NULL, false))
        """)
        con.execute("CHECKPOINT")


def load_demo(path: Path, inbox: Path) -> None:
    from ingestion.demo import write_demo_inbox
    from ingestion.load import load_inbox_meta, load_source

    write_demo_inbox(inbox, seed=2025, seeds_dir=DBT_SEEDS_DIR)
    with duckdb.connect(str(path)) as con:
        for source in schemas.SOURCES:
            load_source(con, source, inbox)
        load_inbox_meta(con, inbox)


SYNDICATION_MODEL = "model.mediacoop.int_coverage__syndication"
CONCERN_MODELS = "concern"  # the public-concern models: int_concerns*, mart_public_concern*
TONE_MODELS = ("model.mediacoop.int_coverage__tone", "model.mediacoop.fct_coverage_tone")


def model_seconds(workdir: Path, unique_id: str = SYNDICATION_MODEL) -> float:
    """A model's own execution time in the last build, from dbt's run_results.json."""
    results = json.loads((workdir / "target" / "run_results.json").read_text(encoding="utf-8"))
    return next(r["execution_time"] for r in results["results"] if r["unique_id"] == unique_id)


def models_seconds(workdir: Path, part: str) -> float:
    """The summed own execution time of the models whose id contains `part`."""
    results = json.loads((workdir / "target" / "run_results.json").read_text(encoding="utf-8"))
    return sum(
        r["execution_time"]
        for r in results["results"]
        if r["unique_id"].startswith("model.") and part in r["unique_id"]
    )


def dbt_build(warehouse: Path, workdir: Path) -> float:
    dbt = dbt_executable()
    env = {
        **os.environ,
        "MEDIACOOP_WAREHOUSE": str(warehouse),
        "DO_NOT_TRACK": "1",
        "DBT_LOG_PATH": str(workdir / "logs"),
    }
    command = [
        dbt,
        "build",
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--target-path",
        str(workdir / "target"),
    ]
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"dbt build failed:\n{result.stdout[-5000:]}\n{result.stderr[-2000:]}")
    return seconds


def peak_children_gib() -> float:
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024**2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--skip-demo", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dbt-bench-") as tmp:
        work = Path(os.environ.get("DBT_BENCH_KEEP", tmp))
        if not args.skip_demo:
            demo = work / "demo.duckdb"
            load_demo(demo, work / "inbox")
            seconds = dbt_build(demo, work / "demo")
            syndication = model_seconds(work / "demo")
            print(
                f"demo: dbt build {seconds:.1f} s (syndication {syndication:.1f} s), "
                f"peak memory {peak_children_gib():.2f} GiB"
            )
        large = work / "large.duckdb"
        started = time.perf_counter()
        generate_warehouse(large, args.items)
        generated = time.perf_counter() - started
        seconds = dbt_build(large, work / "large")
        print(
            f"{args.items:,} items: dbt build {seconds:.1f} s (syndication "
            f"{model_seconds(work / 'large'):.1f} s), peak memory "
            f"{peak_children_gib():.2f} GiB (generated in {generated:.1f} s, not timed)"
        )
        concern = models_seconds(work / "large", CONCERN_MODELS)
        print(f"{args.items:,} items: public-concern models {concern:.1f} s ({CONCERNS} concerns)")
        tone = {m.rsplit(".", 1)[1]: model_seconds(work / "large", m) for m in TONE_MODELS}
        print(
            f"{args.items:,} items: tone "
            + ", ".join(f"{name} {s:.1f} s" for name, s in tone.items())
            + f" (together {sum(tone.values()):.1f} s)"
        )


if __name__ == "__main__":
    main()
