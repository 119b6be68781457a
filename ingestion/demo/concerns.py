"""Issues of public concern planted in the demo, with the press items that answered them.

Each concern is a rumour or a piece of untrue information the department noticed at a known
moment, with the city's official answer (or none). Its items are written with their time of
publication, and the press office's review of them (reviews/: confirmed as about the concern,
or rejected), so the response time the warehouse measures is known exactly: the first item an
analyst confirmed, of a listed or contracted outlet, published at or after the concern was
first seen. Keyword matches nobody reviewed stay candidates; a look-alike that spreads the
rumour is rejected. Items that must not count (published before the sighting, or naming the
place without the phrase) are planted too.

The inbox gets concerns/, the reviews of their items and one more coverage file; the truth
gets concerns.csv.
"""

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ingestion.demo.coverage import CoverageItem
from ingestion.demo.outlets import OUTLET_BY_NAME
from ingestion.demo.writers import date_vi, write_csv
from ingestion.normalise import slugify

CONCERNS_FILE = "concerns/van-de-du-luan-2025.csv"
COVERAGE_FILE = "coverage/theo-doi-du-luan-2025.csv"
REVIEWS_FILE = "reviews/duyet-du-luan-2025.csv"
TRUTH_FILE = "concerns.csv"
REVIEW_HEADERS = ("Hành động", "Mã vấn đề", "URL tin bài", "Người duyệt", "Ngày duyệt", "Ghi chú")
REVIEWER = "Trần Văn Minh (Phòng Thông tin - Báo chí)"
CONFIRM, REJECT = "confirm", "reject"
_ACTION_LABELS = {CONFIRM: "Xác nhận tin về vấn đề", REJECT: "Bác tin về vấn đề"}
CONCERN_HEADERS = (
    "Mã vấn đề",
    "Thời điểm phát hiện",
    "Mô tả ngắn",
    "Từ khóa",
    "Lĩnh vực",
    "Thời điểm trả lời chính thức",
    "Hình thức trả lời",
)
TRUTH_HEADERS = (
    "year",
    "concern_id",
    "first_seen_at",
    "response_at",
    "first_response_url",
    "response_hours",
    "answered_within_72h",
    "candidate_response_hours",
)
_HOUR = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Planted:
    """One item about a concern: its outlet, when (hours after the sighting), its text, and
    the analyst's review (CONFIRM, REJECT or none) with its reason."""

    outlet: str
    hours: float
    title: str
    lead: str
    sub_theme: str
    area: int
    review: str | None = None
    reason: str = ""


@dataclass(frozen=True)
class Concern:
    concern_id: str
    first_seen_at: dt.datetime
    description: str
    keywords: tuple[str, ...]
    theme_area: int | None
    response_at: dt.datetime | None
    response_channel: str | None
    items: tuple[Planted, ...]

    def matches(self, planted: Planted) -> bool:
        """The item carries a phrase at or after the sighting (every outlet of the demo is in
        its agencies list, and the concern's unreviewed items carry its area or none)."""
        text = _fold(f"{planted.title} {planted.lead}")
        return planted.hours >= 0 and any(_fold(k) in text for k in self.keywords)

    def first_response(self) -> "Planted | None":
        """The earliest confirmed item at or after the sighting: the response as evidence."""
        found = [p for p in self.items if p.review == CONFIRM and p.hours >= 0]
        return min(found, key=lambda p: p.hours, default=None)

    def first_candidate(self) -> "Planted | None":
        """The earliest keyword match nobody reviewed: what waits for review."""
        found = [p for p in self.items if p.review is None and self.matches(p)]
        return min(found, key=lambda p: p.hours, default=None)


# fmt: off
CONCERNS: tuple[Concern, ...] = (
    Concern(
        "DL-2025-01", dt.datetime(2025, 4, 7, 6, 30),
        "Tin sai sự thật cầu Hoàng Văn Thụ bị nứt dầm, phải cấm phương tiện",
        ("cầu Hoàng Văn Thụ",), 2,
        dt.datetime(2025, 4, 7, 15, 0), "Thông cáo báo chí của Sở Xây dựng",
        (
            # Two days before the rumour: about the bridge, but not an answer to it.
            Planted("Báo Giao thông", -50.0,
                    "Cầu Hoàng Văn Thụ đông đúc trong ngày nghỉ cuối tuần",
                    "Lượng phương tiện qua cầu Hoàng Văn Thụ tăng mạnh vào chiều Chủ nhật.",
                    "transport", 2),
            Planted("Báo Hải Phòng", 4.25,
                    "Sở Xây dựng Hải Phòng: Cầu Hoàng Văn Thụ vẫn khai thác an toàn",
                    "Thông tin cầu Hoàng Văn Thụ bị nứt dầm, phải cấm phương tiện lan truyền trên "
                    "mạng xã hội là không đúng sự thật.",
                    "transport", 2,
                    CONFIRM, "Dẫn thông cáo của Sở Xây dựng"),
            Planted("Đài Phát thanh và Truyền hình Hải Phòng", 11.0,
                    "Bác bỏ thông tin cầu Hoàng Văn Thụ phải cấm phương tiện",
                    "Sở Xây dựng khẳng định kết cấu cầu Hoàng Văn Thụ ổn định, không có vết nứt "
                    "nguy hiểm.",
                    "transport", 2,
                    CONFIRM, "Bác bỏ tin cấm phương tiện"),
            # About the bridge without the concern's phrase: only the review finds it.
            Planted("Báo Tin tức", 20.0,
                    "Sở Xây dựng khẳng định không cấm phương tiện qua cây cầu nối trung tâm",
                    "Thông tin cây cầu trên trục giao thông chính bị nứt dầm là sai sự thật.",
                    "transport", 2,
                    CONFIRM, "Phản bác tin cấm phương tiện, không nêu tên cầu"),
            Planted("Báo Giao thông", 26.5,
                    "Kiểm định định kỳ cho thấy cầu Hoàng Văn Thụ bảo đảm an toàn",
                    "Đơn vị quản lý cầu công bố kết quả kiểm định gần nhất và đề nghị người dân "
                    "không chia sẻ thông tin chưa kiểm chứng.",
                    "transport", 2,
                    CONFIRM, "Dẫn kết quả kiểm định, phản bác tin nứt dầm"),
            Planted("Báo điện tử VnExpress", 30.0,
                    "Hải Phòng xử lý tài khoản tung tin cầu Hoàng Văn Thụ bị nứt",
                    "Chủ tài khoản đăng ảnh cũ kèm nội dung sai về cầu Hoàng Văn Thụ đã bị mời "
                    "lên làm việc.",
                    "refute_false_info", 5,
                    CONFIRM, "Xử lý tài khoản tung tin sai"),
        ),
    ),
    Concern(
        "DL-2025-02", dt.datetime(2025, 6, 12, 20, 15),
        "Tin đồn thành phố thu phí ô tô vào nội đô từ tháng 7",
        ("thu phí ô tô vào nội đô", "thu phí vào nội đô"), None,
        dt.datetime(2025, 6, 13, 15, 0), "Họp báo thường kỳ của UBND thành phố",
        (
            Planted("Báo An ninh Hải Phòng", 13.5,
                    "Chưa có chủ trương thu phí ô tô vào nội đô Hải Phòng",
                    "Thông tin về việc thu phí ô tô vào nội đô từ tháng 7 là không chính xác.",
                    "transport", 2),
            Planted("Báo Hải Phòng", 19.0,
                    "Họp báo thường kỳ: Thành phố không thu phí vào nội đô",
                    "Tại họp báo chiều 13/6, lãnh đạo Sở Xây dựng khẳng định thành phố không thu "
                    "phí vào nội đô.",
                    "transport", 2),
            Planted("Báo điện tử Dân trí", 22.75,
                    "Hải Phòng lên tiếng về tin đồn thu phí ô tô vào nội đô",
                    "Thành phố đề nghị người dân theo dõi thông tin chính thức về việc thu phí ô "
                    "tô vào nội đô.",
                    "transport", 2),
            Planted("Báo Tin tức", 30.0,
                    "Hải Phòng bác tin thu phí ô tô vào nội đô",
                    "Thành phố chưa nghiên cứu phương án thu phí đối với ô tô vào khu vực trung "
                    "tâm.",
                    "transport", 2),
            Planted("Báo Lao Động", 40.0,
                    "Người dân yên tâm vì không thu phí vào nội đô",
                    "Nhiều tài xế cho biết đã lo lắng khi đọc tin thu phí vào nội đô trên mạng "
                    "xã hội.",
                    "transport", 2),
        ),
    ),
    Concern(
        "DL-2025-03", dt.datetime(2025, 8, 21, 9, 0),
        "Thông tin sai lệch nước máy nhiễm khuẩn tại các quận nội thành",
        ("nước máy nhiễm khuẩn", "nước sạch nhiễm khuẩn"), None,
        dt.datetime(2025, 8, 22, 10, 0), "Họp báo của Sở Y tế",
        (
            Planted("Báo Người Lao Động", 2.0,
                    "Xôn xao tin nước máy nhiễm khuẩn ở Hải Phòng",
                    "Nhiều người dân nội thành đổ xô mua nước đóng bình.",
                    "health", 3,
                    REJECT, "Lan truyền tin đồn, không phải tin phản hồi"),
            Planted("Báo điện tử Znews", 5.0,
                    "Dân mạng chia sẻ tin nước máy nhiễm khuẩn, nhà chức trách vào cuộc",
                    "Công ty cấp nước cho biết đã lấy mẫu kiểm tra tại nhiều điểm.",
                    "health", 3,
                    REJECT, "Thuật lại tin đồn, chưa có thông tin chính thức"),
            Planted("Báo Hải Phòng", 30.5,
                    "Sở Y tế: Không có chuyện nước máy nhiễm khuẩn",
                    "Kết quả xét nghiệm mẫu nước tại các quận nội thành đều đạt quy chuẩn.",
                    "health", 3,
                    CONFIRM, "Dẫn kết luận của Sở Y tế"),
            Planted("Đài Phát thanh và Truyền hình Hải Phòng", 33.0,
                    "Công bố kết quả kiểm nghiệm, bác tin nước sạch nhiễm khuẩn",
                    "Sở Y tế công bố kết quả kiểm nghiệm định kỳ của công ty cấp nước.",
                    "health", 3,
                    CONFIRM, "Đưa kết quả kiểm nghiệm chính thức"),
            Planted("Báo Tuổi Trẻ", 52.0,
                    "Hải Phòng khẳng định nước máy nhiễm khuẩn là tin sai sự thật",
                    "Cơ quan chức năng đang xác minh nguồn phát tán thông tin.",
                    "refute_false_info", 5),
        ),
    ),
    Concern(
        "DL-2025-04", dt.datetime(2025, 9, 15, 11, 20),
        "Video cũ về sạt lở kè biển Đồ Sơn được đăng lại như mới xảy ra",
        ("kè biển Đồ Sơn", "sạt lở kè Đồ Sơn"), None,
        None, None,
        (
            Planted("Báo Tuổi Trẻ", 75.0,
                    "Video sạt lở kè biển Đồ Sơn là hình ảnh từ năm 2017",
                    "Đoạn video lan truyền mấy ngày qua được quay từ nhiều năm trước.",
                    "do_son", 3,
                    CONFIRM, "Xác minh video cũ"),
            Planted("Báo Hải Phòng", 98.0,
                    "Kè biển Đồ Sơn vẫn vững chắc sau đợt triều cường",
                    "Ban quản lý khu du lịch kiểm tra toàn tuyến kè sau triều cường.",
                    "do_son", 3),
        ),
    ),
    Concern(
        "DL-2025-05", dt.datetime(2025, 11, 3, 7, 0),
        "Tin đồn giải thể Trường THPT chuyên Trần Phú",
        ("THPT chuyên Trần Phú", "trường chuyên Trần Phú"), 3,
        dt.datetime(2025, 11, 3, 17, 0), "Công văn của Sở Giáo dục và Đào tạo",
        (
            # Names the street, not the school: no phrase of the concern.
            Planted("Báo điện tử Dân trí", 1.0,
                    "Phố Trần Phú rợp sắc cờ hoa chào mừng ngày hội Đại đoàn kết",
                    "Các tuyến phố trung tâm được trang trí cờ hoa.",
                    "culture_sports", 3),
            Planted("Báo Thanh Niên", 9.5,
                    "Sở Giáo dục Hải Phòng: Không giải thể Trường THPT chuyên Trần Phú",
                    "Thông tin trường chuyên Trần Phú bị giải thể là hoàn toàn sai sự thật.",
                    "education", 3,
                    CONFIRM, "Dẫn trả lời của Sở Giáo dục và Đào tạo"),
            Planted("Báo Hải Phòng", 12.0,
                    "Trường THPT chuyên Trần Phú tiếp tục tuyển sinh như thường lệ",
                    "Nhà trường giữ ổn định chỉ tiêu tuyển sinh lớp 10 chuyên.",
                    "education", 3),
            Planted("Báo điện tử VietnamPlus", 27.0,
                    "Phụ huynh yên tâm sau khi Sở Giáo dục lên tiếng về trường chuyên Trần Phú",
                    "Sở Giáo dục và Đào tạo đã có công văn trả lời chính thức.",
                    "education", 3),
        ),
    ),
    Concern(
        "DL-2025-06", dt.datetime(2025, 12, 10, 8, 0),
        "Tin giả phong tỏa cảng Lạch Huyện vì sự cố hàng hải",
        ("phong tỏa cảng Lạch Huyện",), 2,
        dt.datetime(2025, 12, 11, 9, 0), "Thông báo của Cảng vụ Hàng hải Hải Phòng",
        (),
    ),
)
# fmt: on


_NOT_WORD = re.compile("[^a-z0-9\n]+")


def _bare(char: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))


def _fold(text: str) -> str:
    """Accent-folded, lower-case words between single spaces, as the warehouse matches
    keywords (its fold_text macro); lines stay apart. Each distinct character is folded once."""
    text = text.lower().replace("đ", "d")
    bare = text.translate({ord(c): _bare(c) for c in set(text) if not c.isascii()})
    return " " + _NOT_WORD.sub(" ", bare).replace("\n", " \n ") + " "


def build_items(concerns: Sequence[Concern] = CONCERNS) -> list[CoverageItem]:
    """The planted items as coverage items (organic, online), in time order."""
    items = []
    for number, concern in enumerate(concerns, start=1):
        for index, planted in enumerate(concern.items, start=1):
            outlet = OUTLET_BY_NAME[planted.outlet]
            items.append(
                CoverageItem(
                    agency=planted.outlet,
                    published_at=concern.first_seen_at + planted.hours * _HOUR,
                    title=planted.title,
                    url=outlet.url(
                        slugify(planted.title, max_length=90), 9_100_000 + number * 100 + index
                    ),
                    deliverable_type="news",
                    channel="online",
                    summary=planted.lead,
                    theme_area=planted.area,
                    sub_theme=planted.sub_theme,
                    origin="organic",
                    destination=COVERAGE_FILE,
                )
            )
    return sorted(items, key=lambda i: (i.published_at, i.url))


def check_unmatched(coverage: Iterable[CoverageItem], concerns: Sequence[Concern] = CONCERNS):
    """The planted response times hold only if no other item of the demo carries a concern's
    phrase; raise if one does."""
    phrases = {_fold(k): c.concern_id for c in concerns for k in c.keywords}
    # One fold of all the text, one line per item: a phrase holds no line break, so it is
    # found only within one item.
    texts = [f"{i.title} {i.summary or ''}".replace("\n", " ") for i in coverage]
    folded = _fold("\n".join(texts))
    for phrase, concern_id in phrases.items():
        if phrase in folded:
            line = folded[: folded.index(phrase)].count("\n")
            raise ValueError(f"demo item {texts[line]!r} carries {concern_id}'s phrase")


def _moment(value: dt.datetime | None) -> str:
    return "" if value is None else f"{date_vi(value.date())} {value:%H:%M}"


def concern_rows(concerns: Sequence[Concern] = CONCERNS) -> list[list[str]]:
    return [
        [
            c.concern_id,
            _moment(c.first_seen_at),
            c.description,
            "; ".join(c.keywords),
            "" if c.theme_area is None else str(c.theme_area),
            _moment(c.response_at),
            c.response_channel or "",
        ]
        for c in concerns
    ]


def _url(items: Sequence[CoverageItem], planted: Planted) -> str:
    return next(i.url for i in items if i.title == planted.title)


def review_rows(
    items: Sequence[CoverageItem], concerns: Sequence[Concern] = CONCERNS
) -> list[list[str]]:
    """The press office's decisions on the planted items, a day after each item."""
    return [
        [
            _ACTION_LABELS[planted.review],
            concern.concern_id,
            _url(items, planted),
            REVIEWER,
            date_vi((concern.first_seen_at + (planted.hours + 24) * _HOUR).date()),
            planted.reason,
        ]
        for concern in concerns
        for planted in concern.items
        if planted.review is not None
    ]


def truth_rows(
    items: Sequence[CoverageItem], concerns: Sequence[Concern] = CONCERNS
) -> list[list[str]]:
    rows = []
    for concern in concerns:
        first = concern.first_response()
        url = "" if first is None else _url(items, first)
        hours = None if first is None else first.hours
        candidate = concern.first_candidate()
        rows.append(
            [
                str(concern.first_seen_at.year),
                concern.concern_id,
                concern.first_seen_at.isoformat(sep=" "),
                "" if concern.response_at is None else concern.response_at.isoformat(sep=" "),
                url,
                "" if hours is None else f"{hours:g}",
                "true" if hours is not None and hours <= 72 else "false",
                "" if candidate is None else f"{candidate.hours:g}",
            ]
        )
    return rows


def write_concerns(
    inbox: Path,
    truth_dir: Path,
    items: Sequence[CoverageItem],
    coverage_headers: Sequence[str],
    coverage_row: Callable[[CoverageItem], list],
) -> int:
    """Write concerns/, the reviews of the planted items and the coverage file of the planted
    items (in the demo's coverage layout, the time of day added to the date) into the inbox,
    and concerns.csv into the truth folder; return the number of concerns."""
    write_csv(inbox / CONCERNS_FILE, CONCERN_HEADERS, concern_rows())
    write_csv(inbox / REVIEWS_FILE, REVIEW_HEADERS, review_rows(items))
    published = coverage_headers.index("Ngày đăng")
    rows = []
    for item in items:
        row = coverage_row(item)
        row[published] = _moment(item.published_at)
        rows.append(row)
    write_csv(inbox / COVERAGE_FILE, coverage_headers, rows)
    write_csv(truth_dir / TRUTH_FILE, TRUTH_HEADERS, truth_rows(items))
    return len(CONCERNS)
