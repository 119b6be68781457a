"""The partner press agencies of the demo: real outlets, invented figures.

Names, hosts and media types are those of the real outlets. Reach figures are illustrative
estimates (the basis says so); the number of contracts and the deliverables each outlet is
offered are the demo's own choices.
"""

from dataclasses import dataclass

# Offerings by kind of outlet: the (deliverable_type, channel) pairs a contract may order.
_PRESS = (
    ("news", "online"),
    ("article", "print"),
    ("article", "online"),
    ("reportage", "online"),
    ("photo", "print"),
    ("special_page", "print"),
    ("special_page", "online"),
    ("talk_show", "online"),
    ("event", "online"),
    ("news", "social"),
)
_ONLINE = (
    ("news", "online"),
    ("article", "online"),
    ("reportage", "online"),
    ("photo", "online"),
    ("special_page", "online"),
    ("talk_show", "online"),
    ("film", "online"),
    ("news", "social"),
)
_TV = (
    ("news", "tv"),
    ("reportage", "tv"),
    ("film", "tv"),
    ("special_page", "tv"),
    ("talk_show", "tv"),
    ("programme", "tv"),
    ("event", "tv"),
)
_RADIO = (
    ("news", "radio"),
    ("reportage", "radio"),
    ("special_page", "radio"),
    ("talk_show", "radio"),
    ("programme", "radio"),
    ("article", "online"),
)
_LOCAL_BROADCASTER = (
    ("news", "tv"),
    ("reportage", "tv"),
    ("film", "tv"),
    ("special_page", "tv"),
    ("talk_show", "tv"),
    ("programme", "tv"),
    ("programme", "radio"),
    ("event", "tv"),
)
_NEWS_AGENCY = (
    ("news", "online"),
    ("article", "print"),
    ("reportage", "tv"),
    ("photo", "print"),
    ("photo", "online"),
    ("special_page", "online"),
    ("film", "online"),
)
_MAGAZINE = (
    ("article", "print"),
    ("article", "online"),
    ("special_page", "print"),
    ("event", "print"),
)

_BASIS = {
    "newspaper": "Ước tính minh họa: số phát hành một kỳ cộng lượt đọc trung bình một bài điện tử",
    "online": "Ước tính minh họa: lượt đọc trung bình một bài trên báo điện tử",
    "tv": "Ước tính minh họa: khán giả trung bình một chương trình truyền hình",
    "radio": "Ước tính minh họa: thính giả trung bình một chương trình phát thanh",
    "news_agency": "Ước tính minh họa: lượt đọc trung bình một tin trên các kênh của Thông tấn xã",
    "magazine": "Ước tính minh họa: số phát hành một kỳ cộng lượt đọc trên tạp chí điện tử",
}


@dataclass(frozen=True)
class Outlet:
    name: str
    aliases: tuple[str, ...]
    tier: str  # central | local
    media_type: str  # newspaper, online, tv, radio, news_agency, magazine
    reach_estimate: int
    host: str
    url_pattern: str  # how the outlet's article addresses look: {slug}, {id}
    offerings: tuple[tuple[str, str], ...]
    contracts: int  # contracts signed with the city in the demo year (0 = organic only)
    coverage_weight: float  # how often it writes about the city unprompted

    @property
    def reach_basis(self) -> str:
        return _BASIS[self.media_type]

    def url(self, slug: str, item_no: int) -> str:
        return f"https://{self.host}/" + self.url_pattern.format(slug=slug, id=item_no)


# fmt: off
OUTLETS: tuple[Outlet, ...] = (
    Outlet("Báo Nhân Dân", ("Nhân Dân", "nhandan.vn"), "central", "newspaper", 1_200_000,
           "nhandan.vn", "{slug}-post{id}.html", _PRESS, 2, 1.3),
    Outlet("Đài Truyền hình Việt Nam", ("VTV", "Truyền hình Việt Nam"), "central", "tv",
           5_000_000, "vtv.vn", "video/{slug}-{id}.htm", _TV, 3, 0.8),
    Outlet("Đài Tiếng nói Việt Nam", ("VOV", "Tiếng nói Việt Nam"), "central", "radio",
           2_000_000, "vov.vn", "{slug}-post{id}.vov", _RADIO, 2, 1.0),
    Outlet("Thông tấn xã Việt Nam", ("TTXVN", "VNA"), "central", "news_agency", 800_000,
           "vnanet.vn", "vi/anh/{slug}-{id}.html", _NEWS_AGENCY, 2, 1.0),
    Outlet("Báo Tuổi Trẻ", ("Tuổi Trẻ", "Tuổi Trẻ Online"), "central", "newspaper", 1_500_000,
           "tuoitre.vn", "{slug}-{id}.htm", _PRESS, 2, 1.4),
    Outlet("Báo Thanh Niên", ("Thanh Niên",), "central", "newspaper", 1_500_000,
           "thanhnien.vn", "{slug}-{id}.htm", _PRESS, 2, 1.4),
    Outlet("Báo điện tử VnExpress", ("VnExpress",), "central", "online", 2_500_000,
           "vnexpress.net", "{slug}-{id}.html", _ONLINE, 2, 1.6),
    Outlet("Báo Hải Phòng", ("Hải Phòng", "baohaiphong.vn"), "local", "newspaper", 300_000,
           "baohaiphong.vn", "{slug}-{id}.html", _PRESS, 3, 4.0),
    Outlet("Đài Phát thanh và Truyền hình Hải Phòng", ("Đài PT&TH Hải Phòng", "THP"), "local",
           "tv", 600_000, "haiphongtv.vn", "tin-tuc/{slug}-{id}.html", _LOCAL_BROADCASTER, 3, 3.0),
    Outlet("Báo An ninh Hải Phòng", ("An ninh Hải Phòng",), "local", "newspaper", 150_000,
           "anhp.vn", "{slug}-d{id}.html", _PRESS, 1, 1.5),
    Outlet("Báo Quân đội nhân dân", ("Quân đội nhân dân", "QĐND"), "central", "newspaper",
           600_000, "qdnd.vn", "{slug}-{id}", _PRESS, 2, 0.9),
    Outlet("Báo Công an nhân dân", ("Công an nhân dân", "CAND"), "central", "newspaper", 700_000,
           "cand.com.vn", "{slug}-i{id}/", _PRESS, 2, 0.9),
    Outlet("Báo Lao Động", ("Lao Động",), "central", "newspaper", 600_000,
           "laodong.vn", "{slug}-{id}.ldo", _PRESS, 2, 1.0),
    Outlet("Báo Tiền Phong", ("Tiền Phong",), "central", "newspaper", 500_000,
           "tienphong.vn", "{slug}-post{id}.tpo", _PRESS, 1, 0.9),
    Outlet("Báo điện tử VietnamPlus", ("Vietnamplus", "VietnamPlus"), "central", "online",
           700_000, "vietnamplus.vn", "{slug}-post{id}.vnp", _ONLINE, 2, 1.2),
    Outlet("Báo điện tử Dân trí", ("Dân trí",), "central", "online", 2_000_000,
           "dantri.com.vn", "xa-hoi/{slug}-{id}.htm", _ONLINE, 2, 1.5),
    Outlet("Báo VietNamNet", ("VietNamNet", "Vietnamnet"), "central", "online", 1_500_000,
           "vietnamnet.vn", "{slug}-{id}.html", _ONLINE, 2, 1.3),
    Outlet("Báo Người Lao Động", ("Người Lao Động", "NLĐ"), "central", "newspaper", 1_000_000,
           "nld.com.vn", "{slug}-{id}.htm", _PRESS, 2, 1.1),
    Outlet("Báo Đầu tư", ("Đầu tư", "Baodautu"), "central", "newspaper", 250_000,
           "baodautu.vn", "{slug}-d{id}.html", _PRESS, 2, 0.8),
    Outlet("Báo Kinh tế & Đô thị", ("Kinh tế và Đô thị", "Kinh tế & Đô thị"), "central",
           "newspaper", 300_000, "kinhtedothi.vn", "{slug}.{id}.html", _PRESS, 1, 0.7),
    Outlet("Báo Sài Gòn Giải Phóng", ("Sài Gòn Giải Phóng", "SGGP"), "central", "newspaper",
           500_000, "sggp.org.vn", "{slug}-post{id}.html", _PRESS, 1, 0.6),
    Outlet("Báo Hà Nội Mới", ("Hà Nội Mới",), "central", "newspaper", 300_000,
           "hanoimoi.vn", "{slug}-{id}.html", _PRESS, 1, 0.5),
    Outlet("Báo Pháp luật Việt Nam", ("Pháp luật Việt Nam", "PLVN"), "central", "newspaper",
           300_000, "baophapluat.vn", "{slug}-post{id}.html", _PRESS, 1, 0.7),
    Outlet("Báo Đại biểu Nhân dân", ("Đại biểu Nhân dân",), "central", "newspaper", 250_000,
           "daibieunhandan.vn", "{slug}-{id}.html", _PRESS, 2, 0.6),
    Outlet("Tạp chí Cộng sản", ("Cộng sản",), "central", "magazine", 150_000,
           "tapchicongsan.org.vn", "web/guest/chi-tiet/-/{slug}-{id}", _MAGAZINE, 1, 0.3),
    Outlet("Báo Điện tử Chính phủ", ("Báo Chính phủ", "baochinhphu.vn"), "central", "online",
           800_000, "baochinhphu.vn", "{slug}-{id}.htm", _ONLINE, 2, 1.1),
    Outlet("Đài Truyền hình KTS VTC", ("VTC", "VTC News"), "central", "tv", 1_000_000,
           "vtc.vn", "{slug}-ar{id}.html", _TV, 1, 0.7),
    Outlet("Báo Việt Nam News", ("Vietnam News", "Việt Nam News"), "central", "newspaper",
           150_000, "vietnamnews.vn", "society/{id}/{slug}.html", _PRESS, 1, 0.4),
    Outlet("Báo điện tử Znews", ("Znews", "Zing News", "Zing"), "central", "online", 1_200_000,
           "znews.vn", "{slug}-post{id}.html", _ONLINE, 0, 1.0),
    Outlet("Báo Tin tức", ("Tin tức",), "central", "newspaper", 300_000,
           "baotintuc.vn", "{slug}-{id}.htm", _PRESS, 0, 0.7),
    Outlet("Báo Giao thông", ("Giao thông",), "central", "newspaper", 300_000,
           "baogiaothong.vn", "{slug}-{id}.htm", _PRESS, 1, 0.6),
)
# fmt: on

OUTLET_BY_NAME: dict[str, Outlet] = {o.name: o for o in OUTLETS}

# Outlets whose "Hải Phòng" tag feeds the department saved into the inbox (host, file, format).
FEEDS: tuple[tuple[str, str, str], ...] = (
    ("Báo điện tử VnExpress", "coverage/vnexpress-hai-phong.rss", "rss"),
    ("Báo Tuổi Trẻ", "coverage/tuoitre-hai-phong.xml", "rss"),
    ("Báo Hải Phòng", "coverage/baohaiphong-thoi-su.rss", "rss"),
    ("Báo điện tử Dân trí", "coverage/dantri-hai-phong.atom", "atom"),
)
