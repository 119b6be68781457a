"""Quality and settlement: the gate's verdict, its rules, violations and quarantine."""

from ingestion import formatting as fmt
from reports import labels
from reports import markdown as md
from reports.markdown import Md
from reports.year_end.helpers import _flag


class SettlementSection:
    """Whether the year may be settled, and why not."""

    def _settlement_box(self, short: bool = False) -> Md:
        gate = self.gate
        if not gate.ran:
            return md.box(
                "warning",
                md.join(
                    md.bold("Chưa kiểm tra quyết toán: "),
                    f"chưa có kết quả kiểm tra chất lượng và quyết toán cho năm {self.year}; "
                    "chưa thể lập hồ sơ quyết toán.",
                ),
            )
        if gate.blocked:
            failed = (
                self.rules[self.rules["blocking"] & ~self.rules["passed"]]
                if len(self.rules)
                else self.rules
            )
            reasons = "; ".join(_rule_failure(r) for r in failed.itertuples())
            body = md.join(
                md.bold("Không thể quyết toán. "),
                f"Cổng kiểm soát quyết toán đã chặn vì {gate.blocking_failed} quy tắc bắt buộc "
                "bị vi phạm",
                f": {reasons}." if reasons else ".",
            )
            if not short:
                body = md.join(
                    body,
                    " Cần xử lý từng trường hợp nêu dưới đây, chạy lại kiểm tra và chỉ lập hồ sơ "
                    "quyết toán khi không còn vi phạm bắt buộc. Bảng tính quyết toán không được "
                    "xuất cho đến khi đó.",
                )
            return md.box("danger", body)
        warnings = (
            f" Có {gate.warnings_failed} quy tắc cảnh báo cần xem xét."
            if gate.warnings_failed
            else ""
        )
        return md.box(
            "success",
            md.join(
                md.bold("Đủ điều kiện quyết toán: "),
                "không quy tắc bắt buộc nào bị vi phạm." + warnings,
            ),
        )

    def quality_text(self) -> Md:
        gate = self.gate
        text = self._settlement_box()
        if not gate.ran:
            return text
        if gate.blocked and len(self.rules):
            failed = self.rules[self.rules["blocking"] & ~self.rules["passed"]]
            text += md.paragraph("Vì sao bị chặn:")
            text += md.bullets(
                md.join(md.bold(r.name_vi), ": ", fmt.or_dash(r.explanation_vi))
                for r in failed.itertuples()
            )
        text += md.paragraph(
            f"Lần kiểm tra gần nhất: {fmt.date_vi(gate.evaluated_at)} (mã lần chạy ",
            str(gate.run_id),
            f"). Quy tắc bắt buộc bị vi phạm: {gate.blocking_failed}; quy tắc cảnh báo: "
            f"{gate.warnings_failed}; kiểm định dữ liệu không đạt: {gate.expectations_failed}.",
        )
        t = self.this_year
        text += md.paragraph(
            f"Theo nghiệm thu, số còn phải trả là {fmt.vnd(t.payable)}; số đã chi vượt giá trị "
            f"nghiệm thu là {fmt.vnd(t.over_disbursed)}."
        )
        if len(self.rules):
            text += md.table(
                ["Quy tắc", "Loại", "Vi phạm", "Giá trị liên quan", "Kết quả"],
                [
                    (
                        r.name_vi,
                        "Bắt buộc (chặn)" if r.blocking else "Cảnh báo",
                        fmt.count(r.violations),
                        fmt.vnd(r.vnd_at_stake),
                        _rule_outcome(r),
                    )
                    for r in self.rules.itertuples()
                ],
                align="llrrl",
                caption="Kết quả các quy tắc kiểm soát quyết toán",
            )
        if len(self.violations):
            text += md.table(
                ["Quy tắc", "Hợp đồng", "Cơ quan", "Giá trị", "Chi tiết"],
                [
                    (
                        r.name_vi,
                        fmt.or_dash(r.contract_id),
                        fmt.or_dash(r.agency),
                        fmt.vnd(r.vnd_at_stake),
                        fmt.or_dash(r.detail_vi),
                    )
                    for r in self.violations.itertuples()
                ],
                align="lllrl",
                caption="Các trường hợp vi phạm (tối đa 5 trường hợp lớn nhất mỗi quy tắc)",
            )
        if len(self.expectations_failed):
            text += md.table(
                ["Bộ kiểm định", "Kiểm định", "Cột", "Giá trị quan sát"],
                [
                    (
                        r.suite,
                        r.expectation,
                        fmt.or_dash(r.column_name),
                        fmt.or_dash(r.observed_value),
                    )
                    for r in self.expectations_failed.itertuples()
                ],
                align="llll",
                caption="Kiểm định dữ liệu không đạt",
            )
        if len(self.quarantine):
            text += md.paragraph(
                f"{fmt.count(self.quarantine['rows'].sum())} dòng dữ liệu đầu vào bị cách ly "
                "(không nạp vào kho) do sai định dạng hoặc thiếu thông tin bắt buộc: ",
                "; ".join(
                    f"{labels.label(labels.SOURCES, r.source)} {fmt.count(r.rows)} dòng"
                    for r in self.quarantine.itertuples()
                ),
                ".",
            )
        return Md(text)


def _rule_failure(r) -> str:
    if _flag(r.error):
        return f"{r.name_vi} (không kiểm tra được: {r.error})"
    return f"{r.name_vi} ({fmt.count(r.violations)} trường hợp, {fmt.vnd_short(r.vnd_at_stake)})"


def _rule_outcome(r) -> str:
    if _flag(r.error):
        return "Không kiểm tra được"
    return "Đạt" if r.passed else "Không đạt"
