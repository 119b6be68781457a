"""New inbox files for the operations tests, and helpers to look at a build folder."""

import csv
import hashlib
from pathlib import Path

import duckdb

COVERAGE_HEADER = [
    "Cơ quan báo chí",
    "Ngày đăng",
    "Tiêu đề",
    "Đường dẫn",
    "Loại sản phẩm",
    "Loại hình",
    "Số hợp đồng",
    "Nghiệm thu",
    "Thời lượng (phút)",
    "Lượt xem",
    "Tóm tắt",
]


def write_coverage_day(inbox: Path, day: str, items: int) -> Path:
    """A new daily coverage file: `items` organic online articles published on `day`
    (dd/mm/yyyy)."""
    path = inbox / "coverage" / f"tin-bai-{day[6:]}-{day[3:5]}-{day[:2]}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COVERAGE_HEADER)
        for n in range(items):
            writer.writerow(
                [
                    "Báo Hải Phòng",
                    f"{day} 08:{n % 60:02d}",
                    f"Hải Phòng đẩy mạnh chuyển đổi số trong cải cách hành chính, bài {n}",
                    f"https://baohaiphong.vn/chuyen-doi-so-{day[6:]}{day[3:5]}{day[:2]}-{n}.html",
                    "Bài viết",
                    "Báo điện tử",
                    "",
                    "",
                    "",
                    "100",
                    "",
                ]
            )
    return path


def counts(warehouse: Path) -> dict[str, int]:
    """Row counts of the tables a run changes, read from a read-only connection."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {
            table: con.execute(f"select count(*) from {table}").fetchone()[0]
            for table in ("raw.coverage", "marts.fct_coverage", "quality.gate_runs")
        }


def file_digests(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def differences(incremental: Path, rebuilt: Path) -> dict[str, tuple[int, int]]:
    """The relations of intermediate and marts whose rows differ between two warehouses (all
    columns but changed_at and first_built_at, which say when a row was written), with the rows
    each has more."""
    found = {}
    with duckdb.connect() as con:
        con.execute(f"ATTACH '{incremental}' AS inc (READ_ONLY)")
        con.execute(f"ATTACH '{rebuilt}' AS ref (READ_ONLY)")
        relations = con.execute(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_catalog = 'ref' AND table_schema IN ('intermediate', 'marts')"
        ).fetchall()
        assert len(relations) > 20
        for schema, name in relations:
            columns = ", ".join(
                f'"{c}"'
                for (c,) in con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_catalog = "
                    "'ref' AND table_schema = ? AND table_name = ? "
                    "AND column_name NOT IN ('changed_at', 'first_built_at')",
                    [schema, name],
                ).fetchall()
            )
            a, b = (
                con.execute(
                    f"SELECT count(*) FROM (SELECT {columns} FROM {x}.{schema}.{name} "
                    f"EXCEPT ALL SELECT {columns} FROM {y}.{schema}.{name})"
                ).fetchone()[0]
                for x, y in (("inc", "ref"), ("ref", "inc"))
            )
            if a or b:
                found[f"{schema}.{name}"] = (a, b)
    return found
