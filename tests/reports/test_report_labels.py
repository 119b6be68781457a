"""Vietnamese names for codes, and index components under the publishers' Vietnamese names."""

from reports import labels


def test_codes_have_vietnamese_names_and_unknown_codes_show_as_given():
    assert labels.label(labels.DELIVERABLE_TYPES, "reportage") == "Phóng sự"
    assert labels.label(labels.CHANNELS, "tv") == "Truyền hình"
    assert labels.label(labels.CHANNELS, "podcast") == "podcast"
    assert labels.label(labels.CHANNELS, None) == ""


def test_index_components_are_named_in_vietnamese():
    assert labels.component("Control of corruption") == "Kiểm soát tham nhũng trong khu vực công"
    assert labels.component("e_governance") == "Quản trị điện tử"
    assert labels.component("land_access") == "Tiếp cận đất đai"
    assert labels.component("Chỉ số thành phần mới") == "Chỉ số thành phần mới"


def test_theme_areas_have_short_names_for_charts():
    assert labels.theme_short(2) == "Kinh tế, đô thị"
    assert labels.theme_short(2.0) == "Kinh tế, đô thị"
    assert labels.theme_short(None) == "Chưa phân loại"
