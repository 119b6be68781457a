"""The demo's headline data (ingestion/demo/titles.yml) is complete: every slot a template uses
can be filled, and every sub-theme it names exists."""

import datetime as dt
import random
import unicodedata

from ingestion.demo import titles


def test_every_template_fills_on_both_sides_of_the_july_reorganisation():
    templates = [
        *(t for s in titles.SUB_THEMES for t in (*s.templates, s.summary)),
        *titles.GENERIC_TEMPLATES,
        *(t for topics in titles.TOPICS.values() for t in topics),
        *titles._LEAD_DETAILS,
        *titles._LEAD_SOURCES,
        *(part for c in titles.CAMPAIGNS for part in c[:2]),
    ]
    rng = random.Random(1)
    for day in (dt.date(2025, 3, 1), dt.date(2025, 9, 1)):
        for template in templates:
            text = titles.fill(template.replace("{topic}", "x").replace("{d}/{m}", "1/1"), rng, day)
            assert "{" not in text and "}" not in text, template
            assert unicodedata.is_normalized("NFC", text), template


def test_sub_themes_named_anywhere_exist_and_have_topics():
    keys = {s.key for s in titles.SUB_THEMES}
    assert len(keys) == len(titles.SUB_THEMES)
    assert set(titles.TOPICS) == keys
    assert keys >= titles._CITY_LEVEL and set(titles._ACTIVE_PERIODS) <= keys
    assert {sub_theme for _, sub_theme in titles.SERIES} <= keys
    assert {c[2] for c in titles.CAMPAIGNS} <= keys
    assert {s.area for s in titles.SUB_THEMES} == {1, 2, 3, 4, 5}
    assert set(titles._FILM_TITLES) == set(titles._EVENT_TITLES) == {1, 2, 3, 4, 5}
