"""The money scenarios of the end-to-end tests, planted together in one inbox so that one
blocked `mediacoop run` (and one `mediacoop check`) serves them all, and one run after the
analyst's reviews shows them settled.

Each scenario has its own contracts, payments files and voucher numbers, so each blocking rule
fires on that scenario's rows only, and each test reads its own lines of the shared console and
its own contract in the warehouse. They go on from the session's run of the small inbox
(small_inbox.py), which settled SETTLED_CONTRACT from two payments files:

- removed: payments/quy-3.csv, loaded and settled there, is gone;
- impossible date: contract HĐ-03/2025 paid on 31/09/2025 (payments/chung-tu-ngay.csv);
- look-alikes: HĐ-05/2025 and HĐ-06/2025 with a payment to «HD-05/2025», one voucher number
  typed twice with two amounts, and HĐ-06/2025 paid above its value;
- overpaid: a demo contract of the year paid 100.000.000.000 ₫ (an Excel payments file).

The resolved run corrects the date in reviews/, confirms the removal of quy-3.csv, and
takes the look-alike and overpaid files out of the inbox (confirming those removals too).
"""

import datetime as dt
import json
from pathlib import Path
from typing import NamedTuple

import openpyxl
import session_cache
from money_inbox import PAYMENT_HEADER, REVIEW_HEADER, write, write_inbox
from pipeline_run import run_mediacoop
from small_inbox import HTML_ONLY

REMOVED = "payments/quy-3.csv"
DATE_CONTRACT = ("HĐ-03/2025", "Báo Hải Phòng", 4)
DATE_PAYMENTS = "payments/chung-tu-ngay.csv"
DATE_ROWS = [
    ["UNC-31", "HĐ-03/2025", "15/03/2025", "4.000.000", "Tạm ứng"],
    ["UNC-32", "HĐ-03/2025", "31/09/2025", "12.000.000", "Thanh toán"],
]
LOOK_ALIKE_CONTRACTS = [("HĐ-05/2025", "Báo Hải Phòng", 4), ("HĐ-06/2025", "Báo Nhân Dân", 2)]
LOOK_ALIKE_FILES = {
    "payments/chung-tu.csv": [
        ["UNC-51", "HĐ-05/2025", "15/03/2025", "4.000.000", "Tạm ứng"],
        ["UNC-52", "HD-05/2025", "20/03/2025", "52.000.000", "Thanh toán"],
        ["UNC-53", "HĐ-06/2025", "20/04/2025", "10.000.000", "Tạm ứng"],
    ],
    "payments/bo-sung.csv": [["unc-51 ", "HĐ-05/2025", "16/03/2025", "5.000.000", "Tạm ứng"]],
}
OVERPAID = "payments/chung-tu-thanh-toan-2025.xlsx"
OVERPAYMENT = 100_000_000_000  # far above any demo contract
REVIEWER = ["Nguyễn Thị Lan", "05/10/2025"]


class Builds(NamedTuple):
    blocked: Path  # after the planted inbox's run (exit 3) and a `mediacoop check`
    resolved: Path  # a copy of blocked, run again after the reviews


def demo_contract_of_the_year(inbox: Path) -> str:
    """The first contract of the demo's 2025 contracts workbook."""
    contracts = next((inbox / "contracts").glob("*2025.xlsx"))
    sheet = openpyxl.load_workbook(contracts, read_only=True).active
    rows = sheet.iter_rows(values_only=True)
    header = next(row for row in rows if row and row[0] == "Số hợp đồng")
    return next(row for row in rows if row and row[0])[header.index("Số hợp đồng")]


def plant(inbox: Path) -> None:
    """The scenarios, in the inbox of a copy of the small inbox's settled run."""
    (inbox / REMOVED).unlink()
    write_inbox(inbox, [DATE_CONTRACT], name="-ngay", day=14)
    write(inbox / DATE_PAYMENTS, [PAYMENT_HEADER, *DATE_ROWS])
    write_inbox(inbox, LOOK_ALIKE_CONTRACTS, name="-so-giong", day=18)
    for name, rows in LOOK_ALIKE_FILES.items():
        write(inbox / name, [PAYMENT_HEADER, *rows])
    payments = openpyxl.Workbook()
    payments.active.append(PAYMENT_HEADER)
    payments.active.append(["UNC-2025-9999", demo_contract_of_the_year(inbox),
                            dt.datetime(2025, 12, 20), OVERPAYMENT, "Thanh toán"])  # fmt: skip
    payments.save(inbox / OVERPAID)


def resolve(inbox: Path) -> None:
    """The analyst's answer to the blocked run: the date corrected (the review's first row),
    the removal of quy-3.csv confirmed, the other scenarios' payments taken out."""
    removed = [REMOVED, *LOOK_ALIKE_FILES, OVERPAID]
    for name in removed[1:]:
        (inbox / name).unlink()
    write(
        inbox / "reviews" / "duyet.csv",
        [REVIEW_HEADER,
         ["Sửa giá trị", DATE_PAYMENTS, "", "3", "Ngày chi", "30/09/2025", *REVIEWER,
          "tháng 9 có 30 ngày"],
         *(["Xác nhận gỡ tệp", name, "", "", "", "", *REVIEWER, "chứng từ lập nhầm, đã hủy"]
           for name in removed)],
    )  # fmt: skip


def _run(build: Path, *args: str, **env: str) -> dict:
    result = run_mediacoop(build, *args, **env)
    return {"exit": result.returncode, "stdout": result.stdout, "stderr": result.stderr}


def make(folder: Path, small_inbox_build: Path) -> None:
    """blocked/: the planted inbox's run and a `mediacoop check` after it; resolved/: a copy
    of blocked/ run again after resolve(). The console of each is kept in <build>/console.json."""
    blocked = session_cache.copy_build(small_inbox_build, folder / "blocked")
    plant(blocked / "inbox")
    consoles = {"run": _run(blocked, *run_args(blocked), **HTML_ONLY)}
    consoles["check"] = _run(blocked, "check", "--year", "2025")
    (blocked / "console.json").write_text(json.dumps(consoles, ensure_ascii=False))

    resolved = session_cache.copy_build(blocked, folder / "resolved")
    resolve(resolved / "inbox")
    consoles = {"run": _run(resolved, *run_args(resolved), **HTML_ONLY)}
    (resolved / "console.json").write_text(json.dumps(consoles, ensure_ascii=False))


def run_args(build: Path) -> tuple[str, ...]:
    return ("run", "--inbox", str(build / "inbox"), "--year", "2025")


def console(build: Path, command: str = "run") -> dict:
    """{"exit", "stdout", "stderr"} of the scenarios' `mediacoop run` (or check) in `build`."""
    return json.loads((build / "console.json").read_text())[command]
