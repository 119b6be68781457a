"""python -m ingestion.demo DIR --seeds DBT_SEEDS [--seed N]: write the demo inbox into DIR and
print its counts."""

import argparse
import json
import sys
from pathlib import Path

from ingestion.demo import write_demo_inbox


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ingestion.demo",
        description=("Ghi hộp thư dữ liệu minh họa Hải Phòng 2024 và 2025 (write the demo inbox)."),
    )
    parser.add_argument("inbox", type=Path, help="thư mục hộp thư (inbox folder)")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument(
        "--seeds", type=Path, required=True,
        help="thư mục seed dbt (dbt seeds folder: agreed unit prices)",
    )  # fmt: skip
    parser.add_argument(
        "--truth", type=Path, default=None,
        help="nơi ghi dữ liệu đáp án (truth folder; default: truth/ beside the inbox)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    summary = write_demo_inbox(
        args.inbox, seed=args.seed, seeds_dir=args.seeds, truth_dir=args.truth
    )
    print(f"Đã ghi dữ liệu minh họa vào {args.inbox}", file=sys.stderr)
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
