"""The verdict of a year's latest settlement gate run, as the report and the portal show it.

Apart from the report's loading of frames (pandas): the portal, rewritten by every run,
needs only this row.
"""

from dataclasses import dataclass

from ingestion import formatting as fmt
from reports import warehouse as wh


@dataclass
class GateStatus:
    ran: bool
    blocked: bool = False
    run_id: str | None = None
    evaluated_at: object = None
    blocking_failed: int = 0
    warnings_failed: int = 0
    expectations_failed: int = 0

    def summary_vi(self) -> str:
        if not self.ran:
            return fmt.DASH
        if self.blocked:
            return f"Bị chặn: {self.blocking_failed} quy tắc bắt buộc"
        warnings = f" ({self.warnings_failed} cảnh báo)" if self.warnings_failed else ""
        return f"Đủ điều kiện{warnings}"


def gate_status(con, year: int, present: set[str]) -> GateStatus:
    """The latest gate run for the year (`present`: the warehouse's tables)."""
    if "quality.gate_runs" not in present:
        return GateStatus(ran=False)
    run = wh.row(
        con,
        """select run_id, evaluated_at, blocked, rules_blocking_failed, rules_warning_failed,
                  expectations_failed
           from quality.gate_runs where year = ? order by evaluated_at desc limit 1""",
        [year],
    )
    if run["run_id"] is None:
        return GateStatus(ran=False)
    return GateStatus(
        ran=True,
        blocked=bool(run["blocked"]),
        run_id=run["run_id"],
        evaluated_at=run["evaluated_at"],
        blocking_failed=int(run["rules_blocking_failed"] or 0),
        warnings_failed=int(run["rules_warning_failed"] or 0),
        expectations_failed=int(run["expectations_failed"] or 0),
    )
