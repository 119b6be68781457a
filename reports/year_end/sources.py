"""Method and sources: what was loaded, where the index figures come from, and which
figures rest on the analyst's reviews."""

from ingestion import formatting as fmt
from reports import labels
from reports import markdown as md
from reports.markdown import Md


class SourcesSection:
    """Load log, index sources, reach estimates and reviewed figures."""

    def sources_text(self) -> Md:
        text = self.demo_notice()
        if len(self.load_log):
            text += md.table(
                ["Nguồn", "Số tệp", "Dòng đã đọc", "Dòng đã nạp", "Dòng cách ly"],
                [
                    (
                        labels.label(labels.SOURCES, r.source),
                        fmt.count(r.files),
                        fmt.count(r.rows_read),
                        fmt.count(r.rows_loaded),
                        fmt.count(r.rows_quarantined),
                    )
                    for r in self.load_log.itertuples()
                ],
                align="lrrrr",
                caption="Dữ liệu đầu vào đã nạp vào kho",
            )
        sources = sorted(
            {str(s) for s in self.indices["source"].dropna().tolist() if str(s).strip()}
        )
        if sources:
            text += md.paragraph("Nguồn số liệu chỉ số: ", "; ".join(sources), ".")
        text += md.paragraph(
            f"Lượt tiếp cận là ước tính theo độ phủ của từng cơ quan báo chí; "
            f"{self.agencies_with_default_reach}/{self.agencies_total} cơ quan dùng mức ước "
            "tính mặc định theo cấp và loại hình vì chưa có số liệu riêng."
        )
        return Md(text)

    def reviewed_text(self) -> Md:
        r = self.reviewed

        def counted(n, noun: str, rest: str) -> str:
            return f"{fmt.count(n)} {noun} {rest}" if n else f"không có {noun} nào {rest}"

        payments = counted(r.payments, "khoản chi", "được sửa theo kết quả duyệt")
        if r.payments:
            payments += f" (tổng {fmt.vnd(r.payments_vnd)})"
        themes = counted(r.theme_decisions, "quyết định", "về lĩnh vực chủ đề")
        if r.theme_decisions:
            themes += f", trên {fmt.count(r.theme_items)} tin bài"
        events = r.events_confirmed + r.events_rejected
        event_text = counted(events, "quyết định", "gắn tin bài với sự kiện")
        if events:
            event_text += (
                f" ({fmt.count(r.events_confirmed)} xác nhận, {fmt.count(r.events_rejected)} bác)"
            )
        text = md.paragraph(
            f"Số liệu dựa trên dữ liệu đã được cán bộ phân tích duyệt lại (thư mục reviews/, "
            f"năm {self.year}); mỗi quyết định ghi rõ người duyệt, ngày duyệt và dòng của tệp "
            "duyệt:"
        )
        text += md.bullets(
            [
                payments,
                counted(r.matches, "tin bài", "có kết quả khớp hợp đồng dựa trên quyết định duyệt"),
                counted(r.syndication_copies, "bản đăng lại", "được xác nhận qua duyệt"),
                themes,
                event_text,
                counted(r.removals_confirmed, "tệp dữ liệu tiền", "được xác nhận gỡ bỏ"),
            ]
        )
        return Md(text)
