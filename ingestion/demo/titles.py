"""Vietnamese headlines drawn from the sub-themes and events of plan 26/KH-UBND (2025).

Each sub-theme of section II of the plan has headline templates with slots ({place}, {n},
{pct}, ...) filled at random. A few sub-themes of the plan are deliberately left without any
headline (``UNCOVERED_SUB_THEMES``) so that the theme-fit analysis has a gap to show; none of
their keywords may appear in any headline or summary the demo writes.

The headlines, topics, slot values and re-run marks are data, in ``titles.yml`` next to this
module; this module fills them in. Headlines are realistic but invented: they name public
places, projects and events, never invented deeds of real people or companies.
"""

import datetime as dt
import random
import re
from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True)
class SubTheme:
    key: str
    area: int
    name_vi: str
    templates: tuple[str, ...]
    summary: str  # one sentence, may use the same slots
    event_id: str | None = None  # the key event whose window favours this sub-theme


# libyaml's loader when the wheel has it (a tenth of the pure-Python loader's time).
_DATA = yaml.load(
    (Path(__file__).parent / "titles.yml").read_text(encoding="utf-8"),
    Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader),
)


def _strings(values) -> tuple[str, ...]:
    return tuple(str(v) for v in values)


# Sub-themes of the plan that receive no coverage in the demo, with the keywords that would
# reveal them. Tests check that none of these words appears in the written coverage.
UNCOVERED_SUB_THEMES: dict[str, tuple[str, ...]] = {
    name: _strings(words) for name, words in _DATA["uncovered_sub_themes"].items()
}

SUB_THEMES: tuple[SubTheme, ...] = tuple(
    SubTheme(
        key=s["key"],
        area=int(s["area"]),
        name_vi=s["name_vi"],
        templates=_strings(s["templates"]),
        summary=s["summary"],
        event_id=s.get("event_id"),
    )
    for s in _DATA["sub_themes"]
)

# What each sub-theme is about, as a phrase that reads after "Đẩy mạnh ...", "Sơ kết ... về"
# or "tháo gỡ vướng mắc trong ...": filled into the generic headlines below.
TOPICS: dict[str, tuple[str, ...]] = {
    key: _strings(topics) for key, topics in _DATA["topics"].items()
}

# Topics tied to one place or abroad: their generic headlines name no ward or district.
_CITY_LEVEL = frozenset(_DATA["city_level"])

# Headlines any sub-theme can take, with its topic in the middle.
GENERIC_TEMPLATES: tuple[str, ...] = _strings(_DATA["generic_templates"])


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
    key: (tuple(period["from"]), tuple(period["to"]))
    for key, period in _DATA["active_periods"].items()
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
_PLACES_BEFORE_JULY = _strings(_DATA["slots"]["places_before_july"])
_PLACES_FROM_JULY = _strings(_DATA["slots"]["places_from_july"])
_DEPARTMENTS = _strings(_DATA["slots"]["dept"])
_INDUSTRIAL_ZONES = _strings(_DATA["slots"]["kcn"])
_PROJECTS = _strings(_DATA["slots"]["project"])
_DESTINATIONS = _strings(_DATA["slots"]["dest"])
_HERITAGE = _strings(_DATA["slots"]["heritage"])
_SPORTS = _strings(_DATA["slots"]["sport"])
_PARTNERS = _strings(_DATA["slots"]["partner"])
_GOALS = _strings(_DATA["slots"]["goal"])
_BADGES = _strings(_DATA["slots"]["badge"])


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

PROGRAMME_NAMES = _strings(_DATA["programme_names"])
_FILM_TITLES = {int(area): _strings(t) for area, t in _DATA["film_titles"].items()}
_EVENT_TITLES = {int(area): _strings(t) for area, t in _DATA["event_titles"].items()}


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


# Leads ---------------------------------------------------------------------------------------

# The closing sentence of a lead: the story's own figures, so no two stories share a lead.
_LEAD_DETAILS = _strings(_DATA["lead_details"])
_LEAD_OPENINGS = _strings(_DATA["lead_openings"])
# Who the lead names as its source: no department, whose name would tell another theme.
_LEAD_SOURCES = _strings(_DATA["lead_sources"])


def lead(base: str, summary: str, day: dt.date, rng: random.Random) -> str:
    """A story's lead (sapo), about 30-45 words: when and who, the headline's story, the
    topic's context sentence and the story's own figures."""
    opening = rng.choice(_LEAD_OPENINGS).format(d=day.day, m=day.month)
    source = fill(rng.choice(_LEAD_SOURCES), rng, day)
    detail = fill(rng.choice(_LEAD_DETAILS), rng, day)
    return f"{opening}, {source} cho biết: {base}. {summary} {detail}"


# Marks an outlet adds to a headline it runs: they do not make another story.
_FORMAT_PREFIXES = _strings(_DATA["format_prefixes"])
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
SERIES: tuple[tuple[str, str], ...] = tuple((s["title"], s["sub_theme"]) for s in _DATA["series"])

# Campaigns: one headline and lead template that many outlets fill in for their own ward,
# commune or district on the same days; each filled-in item is its own story.
# (headline, lead, the sub-theme it is about)
CAMPAIGNS: tuple[tuple[str, str, str], ...] = tuple(
    (c["headline"], c["lead"], c["sub_theme"]) for c in _DATA["campaigns"]
)


# Forms outlets give a second take on a story, by channel; used when a headline is taken.
VARIANT_PREFIXES: dict[str, tuple[str, ...]] = {
    channel: _strings(marks) for channel, marks in _DATA["variant_prefixes"].items()
}


def variant(title: str, channel: str, rng: random.Random, attempt: int) -> str:
    """A distinct headline for the same story angle, e.g. 'Video: ...' or '... - Bài 2'."""
    if attempt % 2:
        return rng.choice(VARIANT_PREFIXES[channel]) + title
    return f"{title} - Bài {rng.randint(2, 6)}"
