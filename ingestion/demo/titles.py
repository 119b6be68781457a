"""Vietnamese headlines drawn from the sub-themes and events of plan 26/KH-UBND (2025).

Each sub-theme of section II of the plan has headline templates with slots ({place}, {n},
{pct}, ...) filled at random. A few sub-themes of the plan are deliberately left without any
headline (``UNCOVERED_SUB_THEMES``) so that the theme-fit analysis has a gap to show; none of
their keywords may appear in any headline or summary the demo writes.

Headlines are realistic but invented: they name public places, projects and events, never
invented deeds of real people or companies.
"""

import datetime as dt
import random
import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class SubTheme:
    key: str
    area: int
    name_vi: str
    templates: tuple[str, ...]
    summary: str  # one sentence, may use the same slots
    event_id: str | None = None  # the key event whose window favours this sub-theme


# Sub-themes of the plan that receive no coverage in the demo, with the keywords that would
# reveal them. Tests check that none of these words appears in the written coverage.
UNCOVERED_SUB_THEMES: dict[str, tuple[str, ...]] = {
    "Chi bộ bốn tốt, đảng bộ cơ sở bốn tốt": ("bốn tốt",),
    "Bảo vệ nguồn nước ngọt, xử lý ô nhiễm không khí": ("nước ngọt", "ô nhiễm", "không khí"),
    "Quyền trẻ em, bình đẳng giới, phòng chống bạo lực gia đình": (
        "trẻ em",
        "bình đẳng giới",
        "bạo lực gia đình",
        "xâm hại",
    ),
    "Chỉ thị 10/CT-TTg chống nhũng nhiễu, gây phiền hà": ("nhũng nhiễu", "phiền hà"),
    "Người Việt Nam ở nước ngoài, bảo hộ công dân": (
        "nước ngoài",
        "kiều bào",
        "bảo hộ công dân",
    ),
}

# fmt: off
SUB_THEMES: tuple[SubTheme, ...] = (
    # 1. Xây dựng Đảng, hệ thống chính trị, vận động Nhân dân
    SubTheme("party_95", 1, "95 năm Ngày thành lập Đảng Cộng sản Việt Nam", (
        "Hải Phòng long trọng kỷ niệm 95 năm Ngày thành lập Đảng Cộng sản Việt Nam",
        "{place} trao Huy hiệu {badge} năm tuổi Đảng cho {n_small} đảng viên",
        "Triển lãm ảnh mừng Đảng, mừng Xuân tại {place}",
        "Lãnh đạo thành phố dâng hương tưởng niệm nhân dịp 95 năm thành lập Đảng",
        "95 năm Đảng Cộng sản Việt Nam: Hải Phòng vững bước trên con đường đổi mới",
        "Chương trình nghệ thuật “Mừng Đảng quang vinh” tại {place}",
        "Hải Phòng: Trao Huy hiệu Đảng đợt 3/2 cho {n_mid} đảng viên",
        "Tuổi trẻ {place} sôi nổi hoạt động chào mừng 95 năm thành lập Đảng",
        "Niềm tin vào Đảng của đảng viên {badge} năm tuổi Đảng ở {place}",
    ), "Tin bài về hoạt động kỷ niệm 95 năm Ngày thành lập Đảng Cộng sản Việt Nam tại {place}.",
        "party95"),
    SubTheme("apparatus", 1, "Sắp xếp, tinh gọn tổ chức bộ máy", (
        "Hải Phòng hoàn thành sắp xếp, tinh gọn bộ máy {n_small} sở, ngành",
        "{dept} chính thức đi vào hoạt động sau sắp xếp, tinh gọn bộ máy",
        "Sắp xếp, tinh gọn bộ máy: Hải Phòng giảm {n_small} đầu mối cơ quan chuyên môn",
        "Hải Phòng giải quyết chế độ cho {n_mid} cán bộ nghỉ việc do sắp xếp bộ máy",
        "Tinh gọn bộ máy để hoạt động hiệu năng, hiệu lực, hiệu quả hơn",
        "Hợp nhất cơ quan tham mưu: {dept} ổn định tổ chức, không gián đoạn công việc",
        "Sau tinh gọn bộ máy, {dept} bố trí lại {n_mid} công chức",
        "Hải Phòng công bố quyết định thành lập {dept} theo mô hình mới",
    ), "Thông tin về việc sắp xếp, tinh gọn tổ chức bộ máy của hệ thống chính trị thành phố."),
    SubTheme("admin_units", 1, "Sắp xếp đơn vị hành chính (Nghị quyết 1232/NQ-UBTVQH15)", (
        "Hải Phòng công bố Nghị quyết sắp xếp đơn vị hành chính cấp huyện, cấp xã",
        "Ra mắt {place} sau sắp xếp đơn vị hành chính",
        "Hải Phòng mới chính thức vận hành chính quyền địa phương hai cấp",
        "{place}: Người dân làm thủ tục thuận lợi sau sắp xếp đơn vị hành chính",
        "Thực hiện Nghị quyết 1232: Hải Phòng sắp xếp {n_mid} đơn vị hành chính cấp xã",
        "Ngày đầu vận hành chính quyền hai cấp tại {place}",
        "Hải Phòng và Hải Dương hợp nhất: mở rộng không gian phát triển mới",
        "Trụ sở {place} sẵn sàng phục vụ người dân sau sắp xếp",
        "Bàn giao hồ sơ, tài sản khi sắp xếp đơn vị hành chính tại {place}",
    ), "Bài viết về quá trình sắp xếp đơn vị hành chính và chính quyền địa phương hai cấp.",
        "merger"),
    SubTheme("urban_government", 1, "Chính quyền đô thị (Nghị quyết 169/2024/QH15)", (
        "Hải Phòng triển khai mô hình chính quyền đô thị theo Nghị quyết 169/2024/QH15",
        "Chính quyền đô thị Hải Phòng: phân cấp mạnh cho {place}",
        "Tổ chức chính quyền đô thị: Hải Phòng không tổ chức HĐND phường",
        "Mô hình chính quyền đô thị giúp {place} giải quyết công việc nhanh hơn",
        "Hội nghị triển khai Nghị quyết về tổ chức chính quyền đô thị thành phố Hải Phòng",
    ), "Tin về việc tổ chức chính quyền đô thị tại thành phố Hải Phòng."),
    SubTheme("party_congress", 1, "Đại hội Đảng các cấp, Đại hội Đảng bộ thành phố lần thứ XVII", (
        "Đại hội Đảng bộ {place} nhiệm kỳ 2025 - 2030 thành công tốt đẹp",
        "Khai mạc Đại hội đại biểu Đảng bộ thành phố Hải Phòng lần thứ XVII",
        "Đại hội Đảng bộ thành phố lần thứ XVII: khát vọng đưa Hải Phòng phát triển bứt phá",
        "Góp ý dự thảo văn kiện Đại hội Đảng bộ thành phố lần thứ XVII",
        "{place} tổ chức đại hội điểm cấp cơ sở nhiệm kỳ 2025 - 2030",
        "Bế mạc Đại hội đại biểu Đảng bộ thành phố lần thứ XVII",
        "Chuẩn bị chu đáo cho Đại hội Đảng bộ thành phố nhiệm kỳ 2025 - 2030",
        "Đại hội chi bộ điểm tại {place}: đổi mới, dân chủ, thiết thực",
        "Nhân dân Hải Phòng kỳ vọng vào Đại hội Đảng bộ thành phố lần thứ XVII",
        "Đại hội Đảng bộ {dept} nhiệm kỳ 2025 - 2030",
    ), "Tin bài về đại hội Đảng bộ các cấp nhiệm kỳ 2025 - 2030 tại {place}.",
        "party_congress"),
    SubTheme("party_members", 1, "Phát triển đảng viên", (
        "{place} kết nạp {n_mid} đảng viên mới",
        "Phát triển đảng viên trong doanh nghiệp ngoài nhà nước ở {place}",
        "Kết nạp đảng viên là công nhân lao động tại {kcn}",
        "Nâng cao chất lượng công tác phát triển đảng viên theo Kết luận 307-KL/TU",
        "Lễ kết nạp đảng viên mới tại {place}",
    ), "Bài viết về công tác phát triển đảng viên của Đảng bộ thành phố."),
    SubTheme("ho_chi_minh", 1, "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", (
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh ở {place}",
        "Hải Phòng tuyên dương {n_mid} điển hình học tập và làm theo Bác",
        "Lan tỏa những tấm gương làm theo lời Bác tại {place}",
        "Chuyên đề năm 2025 về học tập và làm theo tư tưởng Hồ Chí Minh",
        "Người tốt, việc tốt ở {place}: làm theo lời Bác từ những việc nhỏ",
    ), "Tin về việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh."),
    SubTheme("internal_affairs", 1,
             "Nội chính, phòng chống tham nhũng, tiêu cực, cải cách tư pháp", (
        "Ban Chỉ đạo phòng, chống tham nhũng, tiêu cực thành phố họp phiên thứ {n_small}",
        "Hải Phòng đẩy mạnh cải cách tư pháp năm 2025",
        "Công tác nội chính góp phần giữ vững ổn định chính trị ở Hải Phòng",
        "Xét xử nghiêm minh các vụ án tham nhũng, tiêu cực tại Hải Phòng",
        "Hội nghị tổng kết công tác nội chính và cải cách tư pháp {period}",
    ), "Thông tin về công tác nội chính, phòng chống tham nhũng, tiêu cực và cải cách tư pháp."),
    SubTheme("dynamic_cadres", 1, "Bảo vệ cán bộ năng động, sáng tạo (Chỉ thị 28-CT/TU)", (
        "Bảo vệ cán bộ dám nghĩ, dám làm, dám chịu trách nhiệm theo Chỉ thị 28-CT/TU",
        "Cán bộ năng động, sáng tạo ở {place}: dám làm vì lợi ích chung",
        "Khuyến khích cán bộ dám nghĩ, dám làm: những kết quả bước đầu",
        "Hải Phòng đánh giá kết quả thực hiện Chỉ thị 28-CT/TU",
    ), "Bài viết về khuyến khích và bảo vệ cán bộ năng động, sáng tạo."),
    SubTheme("mass_mobilisation", 1, "Dân vận, \"Dân vận khéo\", đối thoại với Nhân dân", (
        "Mô hình “Dân vận khéo” giúp {place} hoàn thành {goal}",
        "Chủ tịch UBND {place} đối thoại trực tiếp với Nhân dân",
        "Dân biết, dân bàn, dân làm, dân kiểm tra ở {place}",
        "Hải Phòng tôn vinh {n_mid} mô hình “Dân vận khéo” năm 2025",
        "Xây dựng giai cấp công nhân Hải Phòng vững mạnh",
        "Người đứng đầu cấp ủy đối thoại với công nhân {kcn}",
        "Dân vận khéo trong giải phóng mặt bằng ở {place}",
    ), "Tin về công tác dân vận và đối thoại giữa người đứng đầu với Nhân dân tại {place}."),
    # 2. Kinh tế, đất đai, quy hoạch, trật tự xây dựng đô thị, môi trường
    SubTheme("special_mechanisms", 2, "Cơ chế, chính sách đặc thù (Nghị quyết 35/2021/QH15)", (
        "Hoàn thiện cơ chế, chính sách đặc thù phát triển thành phố Hải Phòng",
        "Nghị quyết 35: cơ chế đặc thù tạo động lực cho Hải Phòng bứt phá",
        "Hải Phòng đề xuất bổ sung cơ chế, chính sách đặc thù cho giai đoạn mới",
        "Tổng kết thí điểm cơ chế đặc thù theo Nghị quyết 35/2021/QH15",
        "Cơ chế, chính sách đặc thù giúp Hải Phòng huy động {money} cho hạ tầng",
    ), "Bài viết về thực hiện các cơ chế, chính sách đặc thù phát triển thành phố Hải Phòng."),
    SubTheme("three_pillars", 2,
             "Ba trụ cột: công nghiệp công nghệ cao, cảng biển - logistics, du lịch - thương mại", (
        "Sản lượng hàng hóa qua cảng biển Hải Phòng {period} đạt {n_mid} triệu tấn",
        "Hải Phòng phát triển cảng biển - logistics thành trụ cột tăng trưởng",
        "Công nghiệp công nghệ cao dẫn dắt tăng trưởng kinh tế Hải Phòng",
        "GRDP Hải Phòng {period} tăng {growth}",
        "Cảng Lạch Huyện đón tàu container trọng tải lớn",
        "Trung tâm logistics mới tại {kcn} đi vào hoạt động",
        "Chỉ số sản xuất công nghiệp Hải Phòng {period} tăng {growth}",
        "Ba trụ cột kinh tế đưa Hải Phòng tăng trưởng hai con số",
        "Du lịch - thương mại: trụ cột thứ ba của kinh tế Hải Phòng",
        "Mở rộng không gian kinh tế, đô thị: Hải Phòng tính chuyện dài hơi",
    ), "Tin về tình hình tăng trưởng kinh tế và ba trụ cột phát triển của Hải Phòng."),
    SubTheme("budget", 2, "Thu ngân sách, đầu tư công", (
        "Thu ngân sách Hải Phòng {period} đạt {money}",
        "Giải ngân vốn đầu tư công của Hải Phòng {period} đạt {pct}",
        "Hải Phòng quyết liệt đẩy nhanh giải ngân vốn đầu tư công",
        "Thu nội địa {period} tăng {growth} so với cùng kỳ",
        "{dept} họp bàn giải pháp tăng thu ngân sách năm 2025",
        "Hải Phòng phân bổ {money} vốn đầu tư công cho các dự án trọng điểm",
    ), "Tin về thu ngân sách và giải ngân vốn đầu tư công của thành phố."),
    SubTheme("new_rural", 2, "Nông thôn mới kiểu mẫu", (
        "{place} đạt chuẩn nông thôn mới kiểu mẫu",
        "Xây dựng nông thôn mới kiểu mẫu gắn với du lịch sinh thái ở {place}",
        "Hải Phòng có thêm {n_small} xã đạt chuẩn nông thôn mới nâng cao",
        "Hạ tầng nông thôn {place} đổi thay sau chương trình nông thôn mới",
        "Nông thôn mới kiểu mẫu: bộ mặt mới của {place}",
    ), "Bài viết về xây dựng nông thôn mới kiểu mẫu tại {place}."),
    SubTheme("consumer_trade", 2, "Xúc tiến thương mại nội địa, Ngày quyền của người tiêu dùng", (
        "Hải Phòng phát động hưởng ứng Ngày quyền của người tiêu dùng Việt Nam 15/3",
        "Ngày quyền của người tiêu dùng Việt Nam 2025: bảo vệ người tiêu dùng trên môi trường số",
        "Tháng khuyến mại Hải Phòng 2025 thu hút {n_mid} doanh nghiệp tham gia",
        "Bảo đảm cung cầu hàng hóa thiết yếu dịp lễ tại Hải Phòng",
        "Hội chợ hàng Việt tại {place} thu hút đông người dân",
        "Người tiêu dùng Hải Phòng ưu tiên dùng hàng Việt",
        "Tuần lễ Thương hiệu quốc gia tại Hải Phòng giới thiệu {n_mid} sản phẩm",
        "Quản lý thị trường Hải Phòng kiểm tra {n_mid} cơ sở kinh doanh",
        "Giá cả thị trường Hải Phòng ổn định {period}",
    ), "Tin về xúc tiến thương mại nội địa và bảo vệ quyền lợi người tiêu dùng tại Hải Phòng.",
        "consumer_day"),
    SubTheme("transport", 2, "Dự án giao thông trọng điểm", (
        "Thông xe {project} sau thời gian thi công",
        "Đẩy nhanh tiến độ {project}",
        "{project}: nhà thầu tăng ca, bảo đảm tiến độ",
        "Hải Phòng đầu tư {money} xây dựng {project}",
        "{project} đã hoàn thành {pct} khối lượng",
        "Kết nối giao thông vùng: Hải Phòng tập trung cho {project}",
        "Khánh thành {project} chào mừng 70 năm giải phóng Hải Phòng",
    ), "Tin về tiến độ các dự án giao thông trọng điểm của thành phố, trong đó có {project}."),
    SubTheme("groundbreaking", 2, "Khởi công, khánh thành các công trình, dự án", (
        "Hải Phòng đồng loạt khởi công, khánh thành {n_small} công trình, dự án",
        "Khởi công {project} chào mừng ngày lễ lớn",
        "Khánh thành công trình trọng điểm tại {place}",
        "Khởi công dự án nhà ở xã hội {n_mid} căn tại {place}",
        "Khánh thành {n_small} công trình chào mừng 80 năm Cách mạng Tháng Tám và Quốc khánh 2/9",
        "Hải Phòng khởi công {kcn} mở rộng",
        "Khởi công, khánh thành công trình: người dân {place} phấn khởi",
    ), "Tin về lễ khởi công, khánh thành công trình, dự án trên địa bàn {place}.",
        "groundbreaking"),
    SubTheme("civic_centre", 2, "Trung tâm hành chính - chính trị Bắc sông Cấm", (
        "Trung tâm hành chính - chính trị thành phố tại Bắc sông Cấm dần thành hình",
        "Khu đô thị mới Bắc sông Cấm: động lực mới cho đô thị Hải Phòng",
        "Đẩy nhanh tiến độ trụ sở Thành ủy, HĐND, UBND tại Bắc sông Cấm",
        "Hải Phòng di chuyển cơ quan hành chính sang Bắc sông Cấm",
        "Kiến trúc trung tâm hành chính Bắc sông Cấm mang bản sắc thành phố Cảng",
    ), "Bài viết về công trình trung tâm hành chính - chính trị tại Khu đô thị mới Bắc sông Cấm."),
    SubTheme("housing", 2, "Cải tạo chung cư cũ, nhà ở xã hội", (
        "Cải tạo chung cư cũ: Hải Phòng khởi công thêm {n_small} dự án",
        "Người dân chung cư cũ ở {place} được tái định cư tại chỗ",
        "Hải Phòng đặt mục tiêu {n_big} căn nhà ở xã hội cho công nhân",
        "Nhà ở xã hội tại {kcn}: công nhân có cơ hội an cư",
        "Đề án nhà ở xã hội gắn với cải tạo chung cư cũ ở Hải Phòng",
        "Bàn giao {n_mid} căn hộ nhà ở xã hội tại {place}",
    ), "Tin về cải tạo chung cư cũ và phát triển nhà ở xã hội tại Hải Phòng."),
    SubTheme("master_plan", 2, "Quy hoạch chung đến năm 2040, tầm nhìn 2050; phát triển đô thị", (
        "Công bố Quy hoạch chung thành phố Hải Phòng đến năm 2040, tầm nhìn đến năm 2050",
        "Quy hoạch thành phố Hải Phòng thời kỳ 2021-2030 mở ra không gian phát triển mới",
        "Hải Phòng hướng tới đô thị loại đặc biệt",
        "Chỉnh trang đô thị hai bờ sông Lạch Tray, sông Tam Bạc",
        "Công viên cây xanh mới cho người dân {place}",
        "Trật tự xây dựng đô thị ở {place} chuyển biến rõ nét",
        "Phát triển đô thị Hải Phòng mang bản sắc thành phố Cảng",
    ), "Bài viết về quy hoạch và phát triển đô thị Hải Phòng."),
    SubTheme("industrial_zones", 2, "Khu, cụm công nghiệp", (
        "{kcn} thu hút thêm {n_small} dự án mới",
        "Hải Phòng thành lập {kcn}, tổng vốn {money}",
        "Phát triển khu công nghiệp xanh, sinh thái tại {kcn}",
        "Tiến độ hạ tầng {kcn} vượt kế hoạch",
        "Hải Phòng chuẩn bị quỹ đất khu công nghiệp đón làn sóng đầu tư mới",
        "Cụm công nghiệp tại {place} lấp đầy {pct}",
    ), "Tin về phát triển các khu, cụm công nghiệp của thành phố, trong đó có {kcn}."),
    SubTheme("site_clearance", 2, "Giải phóng mặt bằng", (
        "Giải phóng mặt bằng dự án {project}: người dân đồng thuận",
        "{place} bàn giao mặt bằng sạch cho {project}",
        "Tháo gỡ vướng mắc giải phóng mặt bằng tại {place}",
        "Hải Phòng chi trả {money} bồi thường, hỗ trợ giải phóng mặt bằng",
        "Giải phóng mặt bằng {kcn}: hoàn thành trước thời hạn",
    ), "Tin về công tác giải phóng mặt bằng các dự án tại {place}."),
    SubTheme("green_transition", 2, "Chuyển đổi xanh, Cát Bà đảo xanh", (
        "Xây dựng Cát Bà trở thành đảo xanh",
        "Đề án chuyển đổi xanh thành phố Hải Phòng: từ kế hoạch đến hành động",
        "Xe buýt điện, tàu điện: Cát Bà từng bước chuyển đổi xanh",
        "Tăng cường chuyển đổi xanh, chuyển đổi số trong doanh nghiệp Hải Phòng",
        "Cát Bà đảo xanh: hạn chế rác thải nhựa tại {dest}",
        "Hải Phòng phát triển năng lượng tái tạo phục vụ chuyển đổi xanh",
    ), "Bài viết về chuyển đổi xanh và mục tiêu xây dựng Cát Bà trở thành đảo xanh."),
    SubTheme("southern_ez", 2, "Khu kinh tế ven biển phía Nam (Quyết định 1511/QĐ-TTg)", (
        "Khu kinh tế ven biển phía Nam Hải Phòng: không gian phát triển mới",
        "Triển khai Quyết định 1511/QĐ-TTg thành lập khu kinh tế ven biển phía Nam",
        "Khu kinh tế ven biển phía Nam thu hút nhà đầu tư quy mô lớn",
        "Quy hoạch khu kinh tế ven biển phía Nam Hải Phòng gắn với {place}",
    ), "Tin về khu kinh tế ven biển phía Nam Hải Phòng."),
    # 3. Văn hóa - xã hội, an sinh xã hội, giáo dục, y tế, du lịch, khoa học công nghệ
    SubTheme("tourism", 3, "Phát triển du lịch (Đề án tổng thể đến 2025, định hướng 2030)", (
        "Hải Phòng đón {n_mid} nghìn lượt khách du lịch {period}",
        "Doanh thu du lịch Hải Phòng {period} tăng {growth}",
        "Du lịch Hải Phòng hướng tới điểm đến bốn mùa",
        "Hải Phòng kích cầu du lịch hè 2025",
        "Nâng chất lượng dịch vụ du lịch tại {dest}",
        "Hải Phòng quảng bá du lịch tại hội chợ du lịch quốc tế",
    ), "Tin về phát triển du lịch Hải Phòng, điểm đến {dest}."),
    SubTheme("cat_ba", 3,
             "Quần đảo Cát Bà, Di sản thiên nhiên thế giới Vịnh Hạ Long - Quần đảo Cát Bà", (
        "Vịnh Hạ Long - Quần đảo Cát Bà: hai năm là di sản thiên nhiên thế giới",
        "Cát Bà đón lượng khách kỷ lục dịp nghỉ lễ",
        "Bảo tồn giá trị di sản Vịnh Lan Hạ, Quần đảo Cát Bà",
        "Vườn quốc gia Cát Bà phát triển du lịch sinh thái",
        "Khám phá vẻ đẹp hoang sơ của đảo Long Châu",
        "Quần đảo Cát Bà: thương hiệu du lịch biển đảo Hải Phòng",
    ), "Bài viết quảng bá Quần đảo Cát Bà và di sản Vịnh Hạ Long - Quần đảo Cát Bà."),
    SubTheme("do_son", 3, "Du lịch Đồ Sơn", (
        "Đồ Sơn khởi động mùa du lịch biển 2025",
        "Đồ Sơn nâng tầm dịch vụ vui chơi giải trí, nghỉ dưỡng cao cấp",
        "Lễ hội Chọi trâu Đồ Sơn 2025 thu hút đông du khách",
        "Bãi biển Đồ Sơn khoác áo mới",
        "Du lịch Đồ Sơn: hướng đến nghỉ dưỡng bốn mùa",
    ), "Tin về du lịch Đồ Sơn."),
    SubTheme("tourism_products", 3,
             "Sản phẩm du lịch mới: city tour, food tour, golf, MICE, du lịch nông nghiệp", (
        "Hải Phòng ra mắt tour city tour - food tour khám phá ẩm thực phố Cảng",
        "Bánh đa cua, nem cua bể: đặc sản hút khách của Hải Phòng",
        "Du lịch golf Hải Phòng hút khách quốc tế",
        "Du lịch MICE: hướng đi mới của du lịch Hải Phòng",
        "Du lịch nông nghiệp nông thôn ở {place} thu hút học sinh trải nghiệm",
        "Xe buýt hai tầng city tour phục vụ du khách tham quan Hải Phòng",
        "Phố đi bộ Tam Bạc: điểm hẹn mới của du khách",
    ), "Bài viết giới thiệu sản phẩm du lịch mới của Hải Phòng."),
    SubTheme("liberation_70", 3,
             "Kỷ niệm 70 năm Ngày giải phóng Hải Phòng (13/5/1955 - 13/5/2025)", (
        "Long trọng kỷ niệm 70 năm Ngày giải phóng Hải Phòng (13/5/1955 - 13/5/2025)",
        "70 năm Ngày giải phóng Hải Phòng: thành phố Cảng vươn mình",
        "Hải Phòng rực rỡ cờ hoa mừng 70 năm Ngày giải phóng",
        "Diễu binh, diễu hành mừng 70 năm giải phóng Hải Phòng",
        "Triển lãm “Hải Phòng - 70 năm xây dựng và phát triển” tại {place}",
        "Ký ức ngày tiếp quản thành phố Cảng 13/5/1955",
        "Bắn pháo hoa tầm cao mừng 70 năm giải phóng Hải Phòng",
        "Chương trình nghệ thuật đặc biệt kỷ niệm 70 năm Ngày giải phóng Hải Phòng",
        "Hải Phòng gắn biển công trình chào mừng 70 năm Ngày giải phóng tại {place}",
        "Cựu chiến binh kể chuyện ngày giải phóng Hải Phòng",
        "Thành phố Cảng sau 70 năm: những dấu mốc phát triển",
        "Người dân {place} hân hoan chào mừng 70 năm giải phóng Hải Phòng",
    ), "Tin bài về các hoạt động kỷ niệm 70 năm Ngày giải phóng Hải Phòng (13/5/1955 - 13/5/2025).",
        "liberation70"),
    SubTheme("red_flamboyant", 3, "Lễ hội Hoa Phượng Đỏ 2025", (
        "Khai mạc Lễ hội Hoa Phượng Đỏ - Hải Phòng 2025",
        "Lễ hội Hoa Phượng Đỏ 2025: sắc đỏ thành phố Cảng",
        "Carnival đường phố trong Lễ hội Hoa Phượng Đỏ thu hút hàng vạn người",
        "Hoa phượng nở đỏ rực các tuyến phố Hải Phòng",
        "Lễ hội Hoa Phượng Đỏ 2025 có gì mới?",
        "Hàng nghìn du khách đổ về Hải Phòng dự Lễ hội Hoa Phượng Đỏ",
        "Bế mạc Lễ hội Hoa Phượng Đỏ - Hải Phòng 2025",
    ), "Tin về Lễ hội Hoa Phượng Đỏ - Hải Phòng 2025.", "phuong_do"),
    SubTheme("culture_sports", 3,
             "Hoạt động văn hóa, nghệ thuật, thể thao; Đại hội TDTT lần thứ X", (
        "Đại hội Thể dục thể thao thành phố Hải Phòng lần thứ X năm 2025",
        "Khai mạc Đại hội TDTT {place} lần thứ X",
        "Hải Phòng đăng cai {sport} toàn quốc 2025",
        "Đêm nhạc tại Nhà Kèn vườn hoa Nguyễn Du",
        "Lưu diễn nghệ thuật phục vụ công nhân {kcn}",
        "Đoàn thể thao Hải Phòng giành {n_small} huy chương vàng tại {sport}",
        "Hải Phòng tổ chức {sport} chào mừng ngày lễ lớn",
        "Thể thao quần chúng sôi nổi ở {place}",
    ), "Tin về hoạt động văn hóa, nghệ thuật, thể dục thể thao tại Hải Phòng.", "tdtt_congress"),
    SubTheme("heritage", 3, "Di sản văn hóa, di tích; nếp sống văn minh", (
        "Phát huy giá trị {heritage}",
        "Tu bổ, tôn tạo {heritage}",
        "Hải Phòng có thêm di sản văn hóa phi vật thể quốc gia",
        "Toàn dân đoàn kết xây dựng đời sống văn hóa ở {place}",
        "Nếp sống văn minh trong việc cưới, việc tang ở {place}",
        "Đưa {heritage} đến gần hơn với học sinh",
    ), "Bài viết về bảo tồn, phát huy giá trị di sản văn hóa, trong đó có {heritage}."),
    SubTheme("merit", 3, "Người có công với cách mạng", (
        "Hải Phòng tri ân người có công nhân kỷ niệm Ngày Thương binh - Liệt sĩ 27/7",
        "Trao {n_mid} nhà tình nghĩa cho gia đình người có công ở {place}",
        "Chăm lo người có công với cách mạng: {place} không để ai bị bỏ lại phía sau",
        "Thăm, tặng quà gia đình chính sách tại {place}",
    ), "Tin về chính sách ưu đãi người có công với cách mạng tại {place}."),
    SubTheme("social_assistance", 3, "Trợ giúp xã hội, nhà ở cho người thu nhập thấp", (
        "Hải Phòng hỗ trợ {n_big} đối tượng bảo trợ xã hội",
        "Chăm sóc người có hoàn cảnh đặc biệt tại cộng đồng ở {place}",
        "Nhà ở cho công nhân thuê tại {kcn}",
        "Trợ giúp đột xuất cho người dân {place} bị ảnh hưởng bão",
    ), "Tin về chính sách trợ giúp xã hội của thành phố."),
    SubTheme("health", 3, "Y tế, phòng chống dịch bệnh", (
        "Hải Phòng chủ động phòng chống sốt xuất huyết",
        "Bệnh viện Hữu nghị Việt Tiệp ứng dụng kỹ thuật mới",
        "Khám chữa bệnh miễn phí cho người dân {place}",
        "Hải Phòng đẩy mạnh tiêm chủng mở rộng",
        "Nâng cao chất lượng khám chữa bệnh tại trạm y tế {place}",
        "Hải Phòng triển khai hồ sơ sức khỏe điện tử",
    ), "Tin về công tác y tế, khám chữa bệnh và phòng chống dịch bệnh ở Hải Phòng."),
    SubTheme("education", 3, "Giáo dục, thu hút nhân tài", (
        "Hải Phòng có {n_small} học sinh đoạt giải học sinh giỏi quốc gia",
        "Kỳ thi tốt nghiệp THPT 2025 tại Hải Phòng diễn ra an toàn",
        "Hải Phòng thu hút nhân tài, phát triển nguồn nhân lực chất lượng cao",
        "Khánh thành trường học mới tại {place}",
        "Tuyển sinh lớp 10 năm 2025: Hải Phòng tăng chỉ tiêu",
        "Chương trình khởi nghiệp cho học sinh, sinh viên Hải Phòng",
    ), "Tin về giáo dục, đào tạo và thu hút nhân tài của Hải Phòng."),
    SubTheme("science", 3,
             "Khoa học công nghệ, công nghệ biển, khởi nghiệp sáng tạo (Nghị quyết 57-NQ/TW)", (
        "Hải Phòng triển khai Nghị quyết 57-NQ/TW về đột phá khoa học, công nghệ",
        "Nghiên cứu khoa học và phát triển công nghệ biển Hải Phòng",
        "Hệ sinh thái khởi nghiệp đổi mới sáng tạo Hải Phòng có thêm {n_small} doanh nghiệp",
        "Khu công nghệ cao Hải Phòng: hình thành và phát triển",
        "Nông nghiệp công nghệ cao ở {place}",
        "Ứng dụng tiến bộ khoa học công nghệ vào sản xuất ở {place}",
    ), "Tin về khoa học công nghệ và đổi mới sáng tạo tại Hải Phòng."),
    SubTheme("poverty", 3, "Giảm nghèo, xóa nhà tạm", (
        "Hải Phòng hoàn thành xóa nhà tạm, nhà dột nát",
        "Hỗ trợ xây mới, sửa chữa nhà ở cho hộ nghèo tại {place}",
        "Hải Phòng còn {n_mid} hộ nghèo theo chuẩn mới",
        "Giảm nghèo bền vững ở {place}: trao cần câu thay vì con cá",
    ), "Tin về công tác giảm nghèo tại {place}."),
    # 4. Chuyển đổi số, cải cách hành chính, môi trường đầu tư, thanh tra, PCTN
    SubTheme("digital", 4, "Chuyển đổi số (Nghị quyết 03-NQ/TU)", (
        "Hải Phòng đẩy mạnh chuyển đổi số theo Nghị quyết 03-NQ/TU",
        "Chuyển đổi số ở {place}: người dân hưởng lợi",
        "Kế hoạch chuyển đổi số thành phố Hải Phòng năm 2025",
        "Tổ công nghệ số cộng đồng giúp người dân {place} dùng dịch vụ số",
        "Doanh nghiệp Hải Phòng tăng tốc chuyển đổi số",
        "Hải Phòng xây dựng nền tảng dữ liệu dùng chung",
    ), "Bài viết về chuyển đổi số của thành phố Hải Phòng."),
    SubTheme("online_services", 4, "Dịch vụ công trực tuyến", (
        "Tỷ lệ hồ sơ dịch vụ công trực tuyến tại Hải Phòng đạt {pct}",
        "Người dân {place} làm thủ tục qua dịch vụ công trực tuyến",
        "Hải Phòng cắt giảm giấy tờ nhờ dịch vụ công trực tuyến toàn trình",
        "Trung tâm Phục vụ hành chính công thành phố tiếp nhận {n_big} hồ sơ",
    ), "Tin về dịch vụ công trực tuyến tại Hải Phòng."),
    SubTheme("smart_city", 4, "Thành phố thông minh, Trung tâm IOC", (
        "Trung tâm giám sát, điều hành đô thị thông minh (IOC) Hải Phòng",
        "IOC Hải Phòng ứng dụng trí tuệ nhân tạo phân tích phản ánh của người dân",
        "Camera giám sát thông minh phủ sóng {place}",
        "Xây dựng thành phố thông minh: Hải Phòng đi trước một bước",
    ), "Bài viết về xây dựng thành phố thông minh và Trung tâm IOC Hải Phòng."),
    SubTheme("par_index", 4, "Cải cách hành chính: PAR Index, SIPAS, PAPI", (
        "Hải Phòng dẫn đầu cả nước về Chỉ số cải cách hành chính (PAR Index)",
        "Chỉ số SIPAS: người dân hài lòng với sự phục vụ của cơ quan hành chính Hải Phòng",
        "Nâng cao Chỉ số PAPI: Hải Phòng lắng nghe người dân",
        "Kế hoạch cải cách hành chính nhà nước năm 2025 của Hải Phòng",
        "{dept} đứng đầu bảng xếp hạng cải cách hành chính của thành phố",
        "Cải cách hành chính: {place} rút ngắn thời gian giải quyết thủ tục",
    ), "Tin về cải cách hành chính và các chỉ số PAR Index, SIPAS, PAPI của Hải Phòng."),
    SubTheme("pci", 4, "Môi trường đầu tư kinh doanh, chỉ số PCI", (
        "Hải Phòng giữ vững ngôi đầu bảng xếp hạng PCI",
        "Cải thiện môi trường đầu tư kinh doanh: Hải Phòng đối thoại với doanh nghiệp",
        "Hải Phòng khuyến khích hộ kinh doanh chuyển đổi thành doanh nghiệp",
        "Hải Phòng có thêm {n_big} doanh nghiệp thành lập mới {period}",
        "Năng lực cạnh tranh cấp tỉnh: bí quyết của Hải Phòng",
    ), "Bài viết về môi trường đầu tư kinh doanh và chỉ số PCI của Hải Phòng."),
    SubTheme("dti", 4, "Chính quyền số, chỉ số DTI, 5G", (
        "Hải Phòng vào nhóm dẫn đầu cả nước về chỉ số DTI",
        "Phủ sóng 5G tại {place}",
        "Chính quyền số Hải Phòng: mục tiêu vào top 10 DTI",
        "Nhà mạng mở rộng hạ tầng 5G tại Hải Phòng",
    ), "Tin về chính quyền số, chỉ số chuyển đổi số DTI và hạ tầng 5G của Hải Phòng."),
    SubTheme("anti_waste", 4, "Thực hành tiết kiệm, chống lãng phí", (
        "Hải Phòng thực hành tiết kiệm, chống lãng phí trong quản lý đất đai",
        "Chống lãng phí: xử lý dứt điểm các dự án chậm tiến độ tại {place}",
        "Hải Phòng rà soát trụ sở dôi dư sau sắp xếp để chống lãng phí",
        "Tiết kiệm chi thường xuyên {money} để đầu tư phát triển",
    ), "Tin về thực hành tiết kiệm, chống lãng phí tại Hải Phòng."),
    SubTheme("inspection", 4, "Thanh tra, tiếp công dân, giải quyết khiếu nại, tố cáo", (
        "Thanh tra thành phố kiến nghị thu hồi {money}",
        "Chủ tịch UBND thành phố tiếp công dân định kỳ",
        "Giải quyết dứt điểm khiếu nại, tố cáo tại {place}",
        "Hải Phòng công khai kết luận thanh tra về quản lý đất đai",
        "Công tác tiếp công dân {period}: tiếp {n_big} lượt người",
    ), "Tin về công tác thanh tra, tiếp công dân và giải quyết khiếu nại, tố cáo."),
    # 5. Quốc phòng, an ninh, trật tự, đối ngoại, hội nhập quốc tế
    SubTheme("refute_false_info", 5, "Đấu tranh phản bác thông tin sai sự thật", (
        "Cảnh giác với thông tin sai sự thật về Hải Phòng trên mạng xã hội",
        "Xử lý tài khoản đăng tin sai sự thật về {place}",
        "Đấu tranh phản bác luận điệu xuyên tạc về dân chủ, nhân quyền",
        "Bảo vệ nền tảng tư tưởng của Đảng trên không gian mạng",
        "Công an Hải Phòng bác bỏ tin đồn thất thiệt tại {place}",
    ), "Bài viết về đấu tranh phản bác thông tin sai sự thật, xuyên tạc."),
    SubTheme("leaders_abroad", 5, "Chuyến công tác của lãnh đạo thành phố tại các nước", (
        "Đoàn công tác thành phố Hải Phòng làm việc tại {partner}",
        "Lãnh đạo Hải Phòng xúc tiến đầu tư tại {partner}",
        "Hải Phòng ký kết hợp tác với đối tác {partner}",
        "Kết quả chuyến công tác tại {partner} của lãnh đạo thành phố",
    ), "Tin về chuyến công tác của đoàn lãnh đạo thành phố tại {partner}."),
    SubTheme("foreign_affairs", 5, "Sự kiện đối ngoại, ngoại giao văn hóa", (
        "Chủ tịch UBND thành phố tiếp Đại sứ {partner}",
        "Ngày hội văn hóa {partner} tại Hải Phòng",
        "Hải Phòng và các địa phương của {partner} tăng cường hợp tác",
        "Ngoại giao văn hóa: giới thiệu di sản Hải Phòng với bạn bè {partner}",
        "Hải Phòng đón đoàn doanh nghiệp {partner}",
    ), "Tin về hoạt động đối ngoại và ngoại giao văn hóa của Hải Phòng với {partner}."),
    SubTheme("integration", 5, "Hội nhập kinh tế quốc tế, xúc tiến đầu tư", (
        "Hải Phòng thu hút {usd} vốn FDI {period}",
        "Hội nghị xúc tiến đầu tư Hải Phòng năm 2025",
        "Kim ngạch xuất khẩu Hải Phòng {period} tăng {growth}",
        "Nhà đầu tư {partner} rót vốn vào {kcn}",
        "Hải Phòng trao giấy chứng nhận đầu tư cho {n_small} dự án FDI",
        "Hội nhập kinh tế quốc tế: doanh nghiệp Hải Phòng tận dụng các FTA",
    ), "Tin về hội nhập kinh tế quốc tế và thu hút đầu tư của Hải Phòng."),
    SubTheme("sea_islands", 5, "Chủ quyền biển, đảo", (
        "Bạch Long Vĩ: tiền tiêu vững chắc nơi biển Bắc",
        "Hải Phòng tổ chức Tuần lễ biển và hải đảo Việt Nam 2025",
        "Ngư dân Hải Phòng bám biển, góp phần bảo vệ chủ quyền",
        "Tuyên truyền về chủ quyền biển đảo tại {place}",
        "Bộ đội Biên phòng Hải Phòng tuần tra bảo vệ vùng biển",
    ), "Bài viết về chủ quyền biển, đảo và lực lượng bảo vệ vùng biển Hải Phòng."),
    SubTheme("public_security", 5, "An ninh trật tự, quốc phòng; cảnh giác thông tin xấu độc", (
        "Công an Hải Phòng triệt phá đường dây đánh bạc qua mạng",
        "Bảo đảm an ninh trật tự các sự kiện lớn của thành phố",
        "Diễn tập khu vực phòng thủ tại {place}",
        "Giao quân năm 2025: {n_big} thanh niên Hải Phòng lên đường nhập ngũ",
        "Cảnh giác thủ đoạn lừa đảo trên mạng xã hội",
        "Ra mắt mô hình an ninh trật tự cơ sở tại {place}",
    ), "Tin về an ninh trật tự, quốc phòng trên địa bàn {place}."),
    SubTheme("traffic_fire", 5,
             "Trật tự an toàn giao thông, trật tự đô thị, phòng cháy chữa cháy", (
        "Tai nạn giao thông tại Hải Phòng {period} giảm {pct}",
        "Xử lý vi phạm nồng độ cồn tại {place}",
        "Diễn tập phòng cháy chữa cháy tại {kcn}",
        "Lập lại trật tự vỉa hè ở {place}",
        "Tăng cường phòng cháy chữa cháy nhà ở kết hợp kinh doanh",
    ), "Tin về trật tự an toàn giao thông, trật tự đô thị, phòng cháy chữa cháy tại {place}."),
)
# fmt: on

# What each sub-theme is about, as a phrase that reads after "Đẩy mạnh ...", "Sơ kết ... về"
# or "tháo gỡ vướng mắc trong ...": filled into the generic headlines below.
TOPICS: dict[str, tuple[str, ...]] = {
    "party_95": ("các hoạt động kỷ niệm 95 năm Ngày thành lập Đảng",
                 "tuyên truyền 95 năm Ngày thành lập Đảng Cộng sản Việt Nam"),
    "apparatus": ("sắp xếp, tinh gọn tổ chức bộ máy", "tinh gọn bộ máy các sở, ngành"),
    "admin_units": ("sắp xếp đơn vị hành chính cấp xã", "vận hành chính quyền địa phương hai cấp"),
    "urban_government": ("tổ chức chính quyền đô thị", "thực hiện Nghị quyết 169/2024/QH15"),
    "party_congress": ("đại hội Đảng bộ các cấp nhiệm kỳ 2025 - 2030",
                       "chuẩn bị Đại hội Đảng bộ thành phố lần thứ XVII"),
    "party_members": ("công tác phát triển đảng viên", "kết nạp đảng viên trong doanh nghiệp"),
    "ho_chi_minh": ("học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",),
    "internal_affairs": ("công tác phòng, chống tham nhũng, tiêu cực", "cải cách tư pháp",
                         "công tác nội chính"),
    "dynamic_cadres": ("bảo vệ cán bộ năng động, sáng tạo, dám nghĩ, dám làm",
                       "thực hiện Chỉ thị 28-CT/TU"),
    "mass_mobilisation": ("công tác dân vận", "xây dựng mô hình “Dân vận khéo”",
                          "đối thoại giữa người đứng đầu với Nhân dân"),
    "special_mechanisms": ("thực hiện cơ chế, chính sách đặc thù theo Nghị quyết 35",
                           "hoàn thiện cơ chế, chính sách đặc thù"),
    "three_pillars": ("phát triển cảng biển - logistics", "phát triển công nghiệp công nghệ cao",
                      "phát triển du lịch - thương mại"),
    "budget": ("thu ngân sách", "giải ngân vốn đầu tư công"),
    "new_rural": ("xây dựng nông thôn mới kiểu mẫu", "nâng chất tiêu chí nông thôn mới"),
    "consumer_trade": ("bảo vệ quyền lợi người tiêu dùng", "xúc tiến thương mại nội địa",
                       "bình ổn thị trường hàng hóa thiết yếu"),
    "transport": ("các dự án giao thông trọng điểm", "thi công {project}"),
    "groundbreaking": ("chuẩn bị khởi công, khánh thành công trình chào mừng ngày lễ lớn",),
    "civic_centre": ("xây dựng trung tâm hành chính - chính trị Bắc sông Cấm",
                     "phát triển Khu đô thị mới Bắc sông Cấm"),
    "housing": ("phát triển nhà ở xã hội", "cải tạo chung cư cũ"),
    "master_plan": ("thực hiện Quy hoạch chung thành phố đến năm 2040",
                    "chỉnh trang, phát triển đô thị", "quản lý trật tự xây dựng đô thị"),
    "industrial_zones": ("phát triển khu, cụm công nghiệp", "thu hút đầu tư vào {kcn}"),
    "site_clearance": ("giải phóng mặt bằng các dự án trọng điểm",
                       "giải phóng mặt bằng {project}"),
    "green_transition": ("chuyển đổi xanh", "xây dựng Cát Bà trở thành đảo xanh"),
    "southern_ez": ("phát triển khu kinh tế ven biển phía Nam",
                    "quy hoạch khu kinh tế ven biển phía Nam Hải Phòng"),
    "tourism": ("phát triển du lịch", "quảng bá du lịch Hải Phòng", "kích cầu du lịch"),
    "cat_ba": ("bảo tồn, phát huy giá trị Quần đảo Cát Bà", "phát triển du lịch Cát Bà"),
    "do_son": ("phát triển du lịch Đồ Sơn", "nâng chất lượng dịch vụ du lịch Đồ Sơn"),
    "tourism_products": ("phát triển sản phẩm du lịch mới", "phát triển du lịch MICE",
                         "phát triển du lịch nông nghiệp, nông thôn"),
    "liberation_70": ("các hoạt động kỷ niệm 70 năm Ngày giải phóng Hải Phòng",
                      "tuyên truyền kỷ niệm 70 năm giải phóng Hải Phòng"),
    "red_flamboyant": ("tổ chức Lễ hội Hoa Phượng Đỏ 2025",),
    "culture_sports": ("phong trào thể dục thể thao quần chúng",
                       "các hoạt động văn hóa, nghệ thuật", "tổ chức Đại hội TDTT các cấp"),
    "heritage": ("bảo tồn di sản văn hóa", "phát huy giá trị {heritage}",
                 "xây dựng đời sống văn hóa ở cơ sở"),
    "merit": ("chăm lo người có công với cách mạng", "thực hiện chính sách ưu đãi người có công"),
    "social_assistance": ("trợ giúp xã hội", "chăm lo đối tượng bảo trợ xã hội"),
    "health": ("phòng chống dịch bệnh", "nâng cao chất lượng khám chữa bệnh", "y tế cơ sở"),
    "education": ("đổi mới giáo dục và đào tạo", "thu hút nhân tài",
                  "phát triển nguồn nhân lực chất lượng cao"),
    "science": ("thực hiện Nghị quyết 57-NQ/TW", "ứng dụng khoa học công nghệ",
                "phát triển hệ sinh thái khởi nghiệp đổi mới sáng tạo"),
    "poverty": ("giảm nghèo bền vững", "xóa nhà tạm, nhà dột nát"),
    "digital": ("chuyển đổi số", "thực hiện Nghị quyết 03-NQ/TU về chuyển đổi số"),
    "online_services": ("cung cấp dịch vụ công trực tuyến", "số hóa hồ sơ thủ tục hành chính"),
    "smart_city": ("xây dựng đô thị thông minh", "vận hành Trung tâm IOC"),
    "par_index": ("cải cách hành chính", "nâng cao Chỉ số PAR Index, SIPAS, PAPI"),
    "pci": ("cải thiện môi trường đầu tư kinh doanh", "nâng cao chỉ số PCI",
            "hỗ trợ doanh nghiệp"),
    "dti": ("xây dựng chính quyền số", "phát triển hạ tầng 5G", "nâng hạng chỉ số DTI"),
    "anti_waste": ("thực hành tiết kiệm, chống lãng phí",
                   "xử lý dự án chậm tiến độ, chống lãng phí"),
    "inspection": ("công tác thanh tra", "tiếp công dân, giải quyết khiếu nại, tố cáo"),
    "refute_false_info": ("đấu tranh phản bác thông tin sai sự thật",
                          "bảo vệ nền tảng tư tưởng của Đảng"),
    "leaders_abroad": ("hợp tác với các địa phương của {partner}",),
    "foreign_affairs": ("công tác đối ngoại", "ngoại giao văn hóa", "hợp tác với {partner}"),
    "integration": ("thu hút vốn FDI", "xúc tiến đầu tư", "hội nhập kinh tế quốc tế"),
    "sea_islands": ("tuyên truyền chủ quyền biển, đảo", "bảo vệ chủ quyền biển, đảo"),
    "public_security": ("bảo đảm an ninh trật tự", "xây dựng khu vực phòng thủ",
                        "phòng chống tội phạm lừa đảo trên mạng"),
    "traffic_fire": ("bảo đảm trật tự an toàn giao thông", "phòng cháy chữa cháy",
                     "lập lại trật tự đô thị"),
}  # fmt: skip

# Topics tied to one place or abroad: their generic headlines name no ward or district.
_CITY_LEVEL = frozenset(
    ("cat_ba", "do_son", "civic_centre", "southern_ez", "foreign_affairs", "leaders_abroad",
     "integration", "red_flamboyant", "sea_islands", "special_mechanisms")
)  # fmt: skip

# Headlines any sub-theme can take, with its topic in the middle.
GENERIC_TEMPLATES: tuple[str, ...] = (
    "Đẩy mạnh {topic} tại {place}",
    "{place_short}: tập trung {topic}",
    "Hội nghị triển khai {topic} năm 2025",
    "Sơ kết {period} về {topic}",
    "Lãnh đạo thành phố kiểm tra {topic} tại {place}",
    "Tháo gỡ vướng mắc trong {topic} ở {place}",
    "Những kết quả nổi bật về {topic} {period}",
    "Người dân {place} đồng tình, ủng hộ {topic}",
    "Tạo chuyển biến rõ nét trong {topic}",
    "Nhiều cách làm hay trong {topic} ở {place}",
    "HĐND thành phố giám sát {topic} tại {place}",
    "Nâng cao hiệu quả {topic}",
    "{place_short}: kết quả bước đầu trong {topic}",
    "Hải Phòng ưu tiên nguồn lực cho {topic}",
    "Đối thoại với người dân {place} về {topic}",
)


SUB_THEMES_BY_AREA: dict[int, tuple[SubTheme, ...]] = {
    area: tuple(s for s in SUB_THEMES if s.area == area) for area in range(1, 6)
}
SUB_THEMES_BY_EVENT: dict[str, tuple[SubTheme, ...]] = {}
for _s in SUB_THEMES:
    if _s.event_id:
        SUB_THEMES_BY_EVENT.setdefault(_s.event_id, ())
        SUB_THEMES_BY_EVENT[_s.event_id] += (_s,)

# Sub-themes only written about around their moment (month-day, inclusive).
_ACTIVE_PERIODS: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {
    "party_95": ((1, 5), (2, 28)),
    "liberation_70": ((3, 15), (6, 15)),
    "red_flamboyant": ((4, 15), (5, 31)),
    "admin_units": ((3, 1), (12, 31)),
    "party_congress": ((3, 15), (11, 30)),
}


def is_active(sub_theme: SubTheme, day: dt.date) -> bool:
    period = _ACTIVE_PERIODS.get(sub_theme.key)
    if period is None:
        return True
    (m1, d1), (m2, d2) = period
    return dt.date(day.year, m1, d1) <= day <= dt.date(day.year, m2, d2)


# Slot values ------------------------------------------------------------------------------

# Districts before 1 July 2025, and the wards, communes and special zones of the two-tier
# local government from 1 July 2025 (when Hải Dương joined the city).
_PLACES_BEFORE_JULY = (
    "quận Hồng Bàng", "quận Lê Chân", "quận Ngô Quyền", "quận Hải An", "quận Kiến An",
    "quận Đồ Sơn", "quận Dương Kinh", "quận An Dương", "thành phố Thủy Nguyên",
    "huyện An Lão", "huyện Kiến Thụy", "huyện Tiên Lãng", "huyện Vĩnh Bảo", "huyện Cát Hải",
    "huyện Bạch Long Vĩ",
)  # fmt: skip
_PLACES_FROM_JULY = (
    "phường Hồng Bàng", "phường Lê Chân", "phường Ngô Quyền", "phường Hải An", "phường Kiến An",
    "phường Đồ Sơn", "phường Dương Kinh", "phường An Dương", "phường Thủy Nguyên",
    "xã An Lão", "xã Kiến Thụy", "xã Tiên Lãng", "xã Vĩnh Bảo", "đặc khu Cát Hải",
    "đặc khu Bạch Long Vĩ", "phường Hải Dương", "phường Chí Linh", "phường Kinh Môn",
    "xã Thanh Hà", "xã Ninh Giang",
)  # fmt: skip
_DEPARTMENTS = (
    "Sở Tài chính", "Sở Xây dựng", "Sở Nội vụ", "Sở Khoa học và Công nghệ", "Sở Y tế",
    "Sở Giáo dục và Đào tạo", "Sở Văn hóa, Thể thao và Du lịch", "Sở Công Thương",
    "Sở Nông nghiệp và Môi trường", "Sở Tư pháp", "Ban Quản lý Khu kinh tế Hải Phòng",
)  # fmt: skip
_INDUSTRIAL_ZONES = (
    "KCN Nam Đình Vũ", "KCN Deep C", "KCN VSIP Hải Phòng", "KCN Tràng Duệ", "KCN An Dương",
    "KCN Tiên Thanh", "KCN Nam Tràng Cát", "KCN Giang Biên II", "KCN Đình Vũ",
    "KCN Nomura - Hải Phòng",
)  # fmt: skip
_PROJECTS = (
    "cầu Nguyễn Trãi", "cầu Rào 1", "cầu Lại Xuân", "tuyến đường ven biển", "đường vành đai 2",
    "cầu Bắc sông Cấm", "đường trục Bắc sông Cấm", "bến số 3 và số 4 cảng Lạch Huyện",
    "nút giao Nguyễn Văn Linh - Lê Hồng Phong", "đường Hồ Sen - Cầu Rào 2 kéo dài",
    "cầu Quang Thanh", "đường tỉnh 354",
)  # fmt: skip
_DESTINATIONS = (
    "Cát Bà", "Đồ Sơn", "Vịnh Lan Hạ", "đảo Long Châu", "Núi Voi", "Tràng Kênh",
    "Vườn quốc gia Cát Bà", "phố đi bộ Tam Bạc", "Bạch Long Vĩ",
)  # fmt: skip
_HERITAGE = (
    "khu di tích Bạch Đằng Giang", "đình Hàng Kênh", "chùa Dư Hàng", "đền Nghè",
    "Nhà hát Lớn Hải Phòng", "khu di tích Trạng Trình Nguyễn Bỉnh Khiêm",
    "đền thờ Nữ tướng Lê Chân", "nghệ thuật hát đúm Thủy Nguyên", "múa rối nước Nhân Hòa",
    "lễ hội Chọi trâu Đồ Sơn", "di tích Côn Sơn - Kiếp Bạc",
)  # fmt: skip
_SPORTS = (
    "giải bóng chuyền", "giải chạy marathon", "giải đua thuyền rồng", "giải vật",
    "giải bóng bàn", "giải cờ tướng", "giải bơi vượt biển", "giải quần vợt", "giải pickleball",
)  # fmt: skip
_PARTNERS = (
    "Hàn Quốc", "Nhật Bản", "Trung Quốc", "Lào", "Pháp", "Singapore", "Hoa Kỳ", "Australia",
    "Ấn Độ", "Đức", "Thái Lan", "Liên bang Nga", "Cuba", "Hà Lan", "Bỉ",
)  # fmt: skip
_GOALS = (
    "giải phóng mặt bằng", "xây dựng nông thôn mới", "hiến đất mở đường", "chỉnh trang đô thị",
    "thu gom rác thải", "xóa nhà tạm",
)  # fmt: skip
_BADGES = ("30", "40", "45", "50", "55", "60", "65", "70", "75")


def _short_place(place: str) -> str:
    """'quận Lê Chân' -> 'Lê Chân', as a headline's lead names a place."""
    for prefix in ("thành phố ", "đặc khu ", "quận ", "huyện ", "phường ", "xã "):
        if place.startswith(prefix):
            return place.removeprefix(prefix)
    return place


def _period(day: dt.date) -> str:
    months_done = day.month - 1
    if months_done < 2:
        return f"tháng {day.month}"
    if months_done % 3 == 0:
        return {3: "quý I", 6: "6 tháng đầu năm", 9: "9 tháng", 12: "năm 2025"}.get(
            months_done, f"{months_done} tháng"
        )
    return f"{months_done} tháng đầu năm"


def _decimal(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _slot_value(name: str, rng: random.Random, day: dt.date) -> str:
    places = _PLACES_BEFORE_JULY if day < dt.date(2025, 7, 1) else _PLACES_FROM_JULY
    match name:
        case "place":
            return rng.choice(places)
        case "place_short":
            return _short_place(rng.choice(places))
        case "dept":
            return rng.choice(_DEPARTMENTS)
        case "kcn":
            return rng.choice(_INDUSTRIAL_ZONES)
        case "project":
            return rng.choice(_PROJECTS)
        case "dest":
            return rng.choice(_DESTINATIONS)
        case "heritage":
            return rng.choice(_HERITAGE)
        case "sport":
            return rng.choice(_SPORTS)
        case "partner":
            return rng.choice(_PARTNERS)
        case "goal":
            return rng.choice(_GOALS)
        case "badge":
            return rng.choice(_BADGES)
        case "period":
            return _period(day)
        case "n_small":
            return str(rng.randint(2, 25))
        case "n_mid":
            return str(rng.randint(26, 480))
        case "n_big":
            return f"{rng.randint(1, 60) * 100 + rng.randint(0, 9) * 10:,}".replace(",", ".")
        case "pct":
            return f"{_decimal(rng.uniform(55, 99.5))}%"
        case "growth":
            return f"{_decimal(rng.uniform(4.5, 16.5))}%"
        case "money":
            if rng.random() < 0.5:
                return f"{rng.randint(120, 990):,} tỷ đồng".replace(",", ".")
            return f"{_decimal(rng.uniform(1.2, 48.0))} nghìn tỷ đồng"
        case "usd":
            return f"{_decimal(rng.uniform(0.3, 4.8))} tỷ USD"
    raise KeyError(name)


_SLOT = re.compile(r"\{(\w+)\}")


def pick_template(sub_theme: SubTheme, rng: random.Random) -> str:
    """One of the sub-theme's own headlines, or a generic headline about one of its topics."""
    if rng.random() < 0.45:
        pool = GENERIC_TEMPLATES
        if sub_theme.key in _CITY_LEVEL:
            pool = tuple(t for t in GENERIC_TEMPLATES if "{place" not in t)
        generic = rng.choice(pool)
        return generic.replace("{topic}", rng.choice(TOPICS[sub_theme.key]))
    return rng.choice(sub_theme.templates)


def fill(template: str, rng: random.Random, day: dt.date) -> str:
    """Fill every {slot} of a template; one value per slot name per call."""
    values: dict[str, str] = {}

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            values[name] = _slot_value(name, rng, day)
        return values[name]

    return _SLOT.sub(value, template)


# Framing by deliverable type -----------------------------------------------------------------

PROGRAMME_NAMES = (
    "Hải Phòng - Vươn ra biển lớn",
    "Thành phố Cảng hôm nay",
    "Đất và người Hải Phòng",
    "Hải Phòng trên đường phát triển",
)
_FILM_TITLES = {
    1: ("Niềm tin theo Đảng", "Những người giữ lửa", "Dấu ấn một nhiệm kỳ"),
    2: ("Cảng xanh vươn khơi", "Mở rộng không gian phát triển", "Đại lộ phía Bắc sông Cấm"),
    3: ("Hải Phòng - 70 năm một chặng đường", "Mùa phượng đỏ", "Cát Bà - viên ngọc xanh"),
    4: ("Thành phố số", "Một cửa, một ngày", "Đường đến top đầu"),
    5: ("Nơi đầu sóng Bạch Long Vĩ", "Lá chắn thép", "Hải Phòng bắt tay với thế giới"),
}
_EVENT_TITLES = {
    1: ("Hội thảo “Hải Phòng - 95 năm dưới lá cờ vẻ vang của Đảng”",
        "Tọa đàm khoa học “Xây dựng Đảng bộ thành phố trong sạch, vững mạnh”",
        "Hội nghị “Tinh gọn bộ máy, nâng cao hiệu quả chính quyền đô thị”"),
    2: ("Diễn đàn “Mở rộng không gian kinh tế, đô thị Hải Phòng”",
        "Hội thảo “Cảng biển - logistics: động lực tăng trưởng của Hải Phòng”",
        "Hội nghị “Khu kinh tế ven biển phía Nam - cơ hội đầu tư”"),
    3: ("Hội thảo “Hải Phòng - 70 năm xây dựng và phát triển”",
        "Diễn đàn “Du lịch Hải Phòng - điểm đến bốn mùa”",
        "Hội thảo “Phát huy giá trị di sản văn hóa Hải Phòng”"),
    4: ("Hội nghị “Chuyển đổi số, cải cách hành chính - động lực phát triển Hải Phòng”",
        "Hội thảo “Hải Phòng - chính quyền số, công dân số”",
        "Diễn đàn “Cải thiện môi trường đầu tư kinh doanh Hải Phòng”"),
    5: ("Diễn đàn “Hải Phòng hội nhập và phát triển”",
        "Hội thảo “Bảo vệ chủ quyền biển, đảo trong tình hình mới”",
        "Hội nghị xúc tiến đầu tư “Hải Phòng - cửa ngõ ra biển lớn”"),
}  # fmt: skip


def frame(base: str, deliverable_type: str, area: int, rng: random.Random, episode: int = 0) -> str:
    """Turn a headline into what the deliverable is called when it is published."""
    match deliverable_type:
        case "reportage":
            return rng.choice(("Phóng sự: ", "[Phóng sự] ", "")) + base
        case "film":
            return f"Phim tài liệu “{rng.choice(_FILM_TITLES[area])}” - tập {episode or 1}"
        case "photo":
            return rng.choice(("Ảnh: ", "[Ảnh] ", "Phóng sự ảnh: ")) + base
        case "special_page":
            return f"Chuyên trang Hải Phòng số {episode or 1}: {base}"
        case "talk_show":
            return rng.choice(("Tọa đàm: ", "Đối thoại: ")) + base
        case "programme":
            return f"{rng.choice(PROGRAMME_NAMES)} số {episode or 1}: {base}"
        case "event":
            return rng.choice(_EVENT_TITLES[area])
    return base


def slugify(text: str) -> str:
    """Accent-free, hyphenated form of a headline, the way outlets build addresses."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    ascii_text = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    slug = re.sub(r"[^a-zA-Z0-9]+", "-", ascii_text).strip("-").lower()
    return slug[:90].rstrip("-")


# Leads ---------------------------------------------------------------------------------------

# The closing sentence of a lead: the story's own figures, so no two stories share a lead.
_LEAD_DETAILS = (
    "Đến nay, {n_mid} hồ sơ đã được xử lý, đạt {pct} kế hoạch đề ra cho {period}.",
    "Tổng kinh phí thực hiện khoảng {money}, huy động từ nhiều nguồn hợp pháp.",
    "Hơn {n_mid} lượt người đã tham gia, đóng góp ý kiến cho các nội dung đề ra.",
    "Dự kiến {n_small} nhiệm vụ trọng tâm sẽ được hoàn thành trong {period} tới.",
    "Các đơn vị được đề nghị phối hợp chặt chẽ, hoàn thành {n_small} chỉ tiêu trong năm.",
    "Kết quả này tăng {growth} so với cùng kỳ năm trước, theo số liệu tổng hợp.",
    "Có {n_small} tập thể, {n_mid} cá nhân được biểu dương tại hội nghị.",
)
_LEAD_OPENINGS = ("Ngày {d}/{m}", "Sáng {d}/{m}", "Chiều {d}/{m}", "Tối {d}/{m}")
# Who the lead names as its source: no department, whose name would tell another theme.
_LEAD_SOURCES = (
    "UBND thành phố", "Văn phòng UBND thành phố", "cơ quan chức năng", "lãnh đạo thành phố",
    "đại diện đơn vị thực hiện",
)  # fmt: skip


def lead(base: str, summary: str, day: dt.date, rng: random.Random) -> str:
    """A story's lead (sapo), about 30-45 words: when and who, the headline's story, the
    topic's context sentence and the story's own figures."""
    opening = rng.choice(_LEAD_OPENINGS).format(d=day.day, m=day.month)
    source = fill(rng.choice(_LEAD_SOURCES), rng, day)
    detail = fill(rng.choice(_LEAD_DETAILS), rng, day)
    return f"{opening}, {source} cho biết: {base}. {summary} {detail}"


# Marks an outlet adds to a headline it runs: they do not make another story.
_FORMAT_PREFIXES = (
    "video: ", "clip: ", "ảnh: ", "[ảnh] ", "infographic: ", "emagazine: ", "hình ảnh: ",
    "phóng sự ảnh: ", "phóng sự: ", "[phóng sự] ", "hải phòng: ",
)  # fmt: skip
_FORMAT_SUFFIX = re.compile(r"\s*(\((ảnh|video|clip)\)|[|]\s*theo\s.*|\(theo\s[^)]*\))\s*$")


def core_title(title: str) -> str:
    """A headline without the format, dateline and credit marks outlets add; the demo keeps
    these distinct between stories, as newsrooms do within a few days."""
    text = title.lower().strip()
    for _ in range(2):
        for prefix in _FORMAT_PREFIXES:
            text = text.removeprefix(prefix)
    return _FORMAT_SUFFIX.sub("", text).strip()


def reorder(title: str, rng: random.Random) -> str:
    """The same headline with its parts in another order, as a desk rewrites it."""

    def cap(text: str) -> str:
        return text[0].upper() + text[1:] if text else text

    if ": " in title:
        head, rest = title.split(": ", 1)
        return f"{cap(rest)} - {head}"
    if ", " in title:
        first, rest = title.split(", ", 1)
        return f"{cap(rest)}, {first[0].lower() + first[1:]}"
    for word in (" tại ", " ở ", " cho ", " với ", " trong "):
        if word in title:
            first, rest = title.split(word, 1)
            return f"{cap(word.strip())} {rest}: {first[0].lower() + first[1:]}"
    words = title.split()
    cut = max(1, len(words) // 2)
    return f"{cap(' '.join(words[cut:]))} - {' '.join(words[:cut])}"


def near_copy(
    title: str, source: str, rng: random.Random, *, has_lead: bool, same_day: bool
) -> tuple[str, str, bool]:
    """How another outlet re-runs a story: the headline it gives (the same, with marks added
    or dropped, reordered, or a new one over the same lead), the kind of re-run as the
    demo's truth names it, and whether the lead opens with a credit line. A re-run the same
    day always credits its source, on the headline or in the lead."""
    kinds = ["same_title", "attribution_prefix", "format_prefix", "format_suffix",
             "credit_suffix", "lead_in_dropped"]  # fmt: skip
    weights = [0.3, 0.14, 0.08, 0.08, 0.1, 0.08]
    if has_lead:
        kinds += ["reordered", "new_headline_same_lead"]
        weights += [0.11, 0.11]
    kind = rng.choices(kinds, weights=weights)[0]
    if kind == "attribution_prefix" and title.startswith("Hải Phòng"):
        kind = "same_title"
    if kind == "lead_in_dropped" and ": " not in title:
        kind = "credit_suffix"
    match kind:
        case "attribution_prefix":
            copy = f"Hải Phòng: {title}"
        case "format_prefix":
            copy = rng.choice(("Video: ", "Clip: ", "Ảnh: ")) + title
        case "format_suffix":
            copy = title + rng.choice((" (ảnh)", " (video)"))
        case "credit_suffix":
            copy = title + rng.choice((f" | Theo {source}", f" (Theo {source})"))
        case "lead_in_dropped":
            rest = title.split(": ", 1)[1]
            copy = rest[0].upper() + rest[1:]
        case "reordered":
            copy = reorder(title, rng)
        case _:  # same_title; a new headline is written by the newsroom
            copy = title
    credited = kind == "credit_suffix"
    lead_credit = has_lead and (rng.random() < 0.25 or (same_day and not credited))
    if same_day and not credited and not lead_credit:
        copy, kind = title + f" | Theo {source}", "credit_suffix"
    return copy, kind, lead_credit


# Series: one outlet's parts of a long read, a day or two apart; each part is its own story.
# (series title, the sub-theme its parts are about)
SERIES: tuple[tuple[str, str], ...] = (
    ("Đánh thức tiềm năng kinh tế biển", "three_pillars"),
    ("Chính quyền hai cấp: những ngày đầu vận hành", "admin_units"),
    ("Nông thôn mới, diện mạo mới", "new_rural"),
    ("Chuyển đổi số từ cơ sở", "digital"),
    ("Người giữ bình yên phố Cảng", "public_security"),
    ("Hạ tầng đi trước, phát triển theo sau", "transport"),
    ("Khơi thông dòng vốn đầu tư", "integration"),
    ("Giảm nghèo bền vững, không ai bị bỏ lại phía sau", "poverty"),
    ("Hành trình của những người làm theo lời Bác", "ho_chi_minh"),
    ("Dịch vụ công trực tuyến: gần dân, vì dân", "online_services"),
)

# Campaigns: one headline and lead template that many outlets fill in for their own ward,
# commune or district on the same days; each filled-in item is its own story.
# (headline, lead, the sub-theme it is about)
CAMPAIGNS: tuple[tuple[str, str, str], ...] = (
    ("{place} ra quân tổng vệ sinh môi trường, thu gom {n_small} tấn rác thải",
     "Sáng {d}/{m}, {place} tổ chức lễ ra quân tổng vệ sinh môi trường với sự tham gia của "
     "{n_mid} cán bộ, đoàn viên và người dân. Lực lượng ra quân đã thu gom {n_small} tấn rác "
     "thải, khơi thông {n_mid} mét cống rãnh tại các khu dân cư trên địa bàn.", "master_plan"),
    ("{place} trao {n_mid} suất quà cho hộ nghèo, gia đình chính sách",
     "Ngày {d}/{m}, {place} tổ chức trao {n_mid} suất quà cho hộ nghèo, gia đình chính sách "
     "trên địa bàn, mỗi suất trị giá {n_small} trăm nghìn đồng. Đây là hoạt động thường "
     "niên nhằm chăm lo đời sống người dân có hoàn cảnh khó khăn.", "poverty"),
    ("{place} tiếp nhận {n_mid} hồ sơ dịch vụ công trực tuyến trong tuần",
     "Chiều {d}/{m}, {place} cho biết trong tuần đã tiếp nhận {n_mid} hồ sơ dịch vụ công "
     "trực tuyến, trong đó {n_small} hồ sơ được trả kết quả trước hạn. Người dân đánh giá "
     "thủ tục thuận lợi, thời gian giải quyết được rút ngắn đáng kể.", "online_services"),
    ("{place} hoàn thành xóa {n_small} nhà tạm, nhà dột nát",
     "Ngày {d}/{m}, {place} tổ chức bàn giao {n_small} căn nhà mới cho các hộ gia đình có "
     "hoàn cảnh khó khăn, hoàn thành chỉ tiêu xóa nhà tạm, nhà dột nát. Tổng kinh phí hỗ trợ "
     "hơn {n_mid} triệu đồng từ ngân sách và nguồn xã hội hóa.", "poverty"),
)  # fmt: skip


# Forms outlets give a second take on a story, by channel; used when a headline is taken.
VARIANT_PREFIXES: dict[str, tuple[str, ...]] = {
    "online": ("Video: ", "Infographic: ", "Toàn cảnh: ", "Cận cảnh: ", "Trực tiếp: ",
               "Emagazine: ", "Hình ảnh: ", "Góc nhìn: "),
    "social": ("Video: ", "Clip: ", "Hình ảnh: ", "Trực tiếp: "),
    "print": ("Toàn cảnh: ", "Góc nhìn: ", "Cận cảnh: "),
    "tv": ("Clip: ", "Trực tiếp: ", "Toàn cảnh: ", "Góc nhìn: "),
    "radio": ("Trực tiếp: ", "Góc nhìn: ", "Toàn cảnh: "),
}  # fmt: skip


def variant(title: str, channel: str, rng: random.Random, attempt: int) -> str:
    """A distinct headline for the same story angle, e.g. 'Video: ...' or '... - Bài 2'."""
    if attempt % 2:
        return rng.choice(VARIANT_PREFIXES[channel]) + title
    return f"{title} - Bài {rng.randint(2, 6)}"
