"""Vietnamese names for codes, and index components under the publishers' Vietnamese names."""

import polars as pl

from ingestion import schemas
from ingestion.demo.reference import DELIVERABLE_LABELS
from ingestion.normalise import enum_expr
from ingestion.vocabulary import (
    CHANNEL_LABELS,
    DELIVERABLE_TYPE_LABELS,
    PAYMENT_KIND_LABELS,
    TIER_LABELS,
)
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


def test_every_code_has_a_name_and_the_names_people_type_read_back_as_the_code():
    assert set(labels.DELIVERABLE_TYPES) == set(schemas.DELIVERABLE_TYPES)
    assert set(labels.CHANNELS) == set(schemas.CHANNELS)
    assert set(labels.PAYMENT_KINDS) == set(schemas.PAYMENT_KINDS)
    assert set(labels.THEME_AREAS) == {1, 2, 3, 4, 5}
    for names, typed in (
        (labels.CHANNELS, CHANNEL_LABELS),
        (labels.PAYMENT_KINDS, PAYMENT_KIND_LABELS),
        (labels.TIERS, TIER_LABELS),
    ):
        assert all(name in typed[code] for code, name in names.items())
    for code, written in DELIVERABLE_LABELS.items():  # what the demo writes
        assert pl.select(enum_expr(pl.lit(written), DELIVERABLE_TYPE_LABELS)).item() == code
