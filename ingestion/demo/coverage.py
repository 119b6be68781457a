"""Coverage of the city over the demo year: contracted items, organic items and re-runs.

Contracted items are published by an outlet under one of its contract lines; those inside the
contract period are accepted up to the line's planned delivery, never beyond what was ordered.
Some contracted items are rejected, some fall outside the period (and are never accepted), and
a handful are claimed again under a second contract of the same outlet (accepted under the
first only). Organic items are what outlets write about the city on their own; some stories
are re-run by other outlets within a few days (syndicated copies). Feeds hold one outlet's
organic articles each.
"""

import datetime as dt
import math
import random
from dataclasses import dataclass

from ingestion.demo import titles
from ingestion.demo.contracts import Contract, ContractLine, accepted_units_target
from ingestion.demo.events import (
    PLAN_2025,
    PLAN_YEARS,
    PlanYear,
    day_weight,
    days_between,
    event_boosts,
)
from ingestion.demo.outlets import FEEDS, OUTLET_BY_NAME, OUTLETS, Outlet
from ingestion.normalise import slugify

# The 2025 demo's sizes; a smaller plan year scales them (PlanYear.scale).
TOTAL_ITEMS = 15_000  # about this many items in the year, all files together
SYNDICATED_COPIES = 1_300
CLAIMED_TWICE = 12
CAMPAIGN_DAYS = 14  # days on which several outlets run one headline template for their place
FEED_ITEMS = (70, 110)  # items per feed

# How organic coverage is spread over the plan's areas.
_ORGANIC_AREA_WEIGHTS = {1: 0.17, 2: 0.31, 3: 0.30, 4: 0.10, 5: 0.12}
_EVENT_AREA = {e.key: e.theme_area for plan in PLAN_YEARS.values() for e in plan.events}

# Organic channel mix by media type, and deliverable mix by channel.
_CHANNEL_MIX = {
    "newspaper": {"online": 0.74, "print": 0.2, "social": 0.06},
    "online": {"online": 0.9, "social": 0.1},
    "tv": {"tv": 0.8, "online": 0.2},
    "radio": {"radio": 0.6, "online": 0.4},
    "news_agency": {"online": 0.8, "print": 0.2},
    "magazine": {"online": 0.6, "print": 0.4},
}
_TYPE_MIX = {
    "online": {"news": 0.62, "article": 0.28, "reportage": 0.04, "photo": 0.06},
    "print": {"news": 0.45, "article": 0.45, "photo": 0.1},
    "social": {"news": 1.0},
    "tv": {"news": 0.8, "reportage": 0.2},
    "radio": {"news": 0.85, "reportage": 0.15},
}
# Outlets whose stories others re-run most.
_SYNDICATION_SOURCES = {
    "Thông tấn xã Việt Nam": 4.0,
    "Báo điện tử VietnamPlus": 3.0,
    "Báo Điện tử Chính phủ": 2.5,
    "Báo Hải Phòng": 2.5,
    "Báo Nhân Dân": 1.5,
}


@dataclass
class CoverageItem:
    agency: str
    published_at: dt.datetime
    title: str
    url: str | None  # print items have no address
    deliverable_type: str
    channel: str
    summary: str | None
    theme_area: int
    sub_theme: str
    origin: str  # contracted | organic | copy | claim | feed
    contract_id: str | None = None
    line_no: int | None = None
    accepted: bool | None = None
    in_period: bool | None = None
    duration_min: int | None = None
    views: int | None = None
    destination: str = "csv"  # csv | xlsx | the feed's inbox path
    # What the demo planted, for its truth files (never written to the inbox):
    boosted_by: str | None = None  # the event key whose extra coverage this item is
    copy_of: "CoverageItem | None" = None  # the item a syndicated copy re-runs
    copy_kind: str | None = None  # how the copy differs from it (titles.near_copy)

    @property
    def day(self) -> dt.date:
        return self.published_at.date()


class Newsroom:
    """Makes headlines, addresses and numbers for items; keeps headlines distinct."""

    def __init__(self, rng: random.Random, plan: PlanYear = PLAN_2025) -> None:
        self.rng = rng
        self.plan = plan
        # Leads and headline repairs draw from their own stream, so the contracted items (and
        # the payments that follow them) come out the same whatever the text looks like.
        self.text_rng = random.Random(repr(rng.getstate()[1][:8]))
        self.drawn_titles: set[str] = set()  # headlines as first drawn
        self.used_titles: set[str] = set()
        self.used_cores: set[str] = set()
        self.used_ids: set[tuple[str, int]] = set()
        self.year_days = days_between(plan.start, plan.end)
        self.year_weights = [day_weight(d, plan) for d in self.year_days]

    def sub_theme(
        self, day: dt.date, area: int | None = None
    ) -> tuple[titles.SubTheme, str | None]:
        """The item's sub-theme, and the event key when the event's extra coverage chose it."""
        rng = self.rng
        boosts = {
            key: weight
            for key, weight in event_boosts(day, self.plan.events).items()
            if area is None or _EVENT_AREA[key] == area
        }
        total = sum(boosts.values())
        if total and rng.random() < total / (1 + total):
            key = rng.choices(list(boosts), weights=list(boosts.values()))[0]
            choices = [
                s for s in titles.SUB_THEMES_BY_EVENT[key] if titles.is_active(s, day)
            ] or list(titles.SUB_THEMES_BY_EVENT[key])
            return rng.choice(choices), key
        if area is None:
            areas = _ORGANIC_AREA_WEIGHTS
            area = rng.choices(list(areas), weights=list(areas.values()))[0]
        # A sub-theme told around an event of another year is not written about this year.
        pool = [
            s
            for s in titles.SUB_THEMES_BY_AREA[area]
            if titles.is_active(s, day) and (not s.event_id or s.event_id in self.plan.event_keys)
        ]
        weights = [0.4 if s.event_id else 1.0 for s in pool]
        return rng.choices(pool, weights=weights)[0], None

    def headline(
        self,
        day: dt.date,
        deliverable_type: str,
        channel: str,
        area: int | None = None,
        episode: int = 0,
    ) -> tuple[str, str, titles.SubTheme, str | None]:
        rng = self.rng
        sub, boosted_by = self.sub_theme(day, area)
        title = summary = ""
        for attempt in range(14):
            template = titles.pick_template(sub, rng)
            filled = titles.fill(template + "\x00" + sub.summary, rng, day)
            base, summary = filled.split("\x00")
            base = base[0].upper() + base[1:]  # templates may open with a lower-case name
            title = titles.frame(base, deliverable_type, sub.area, rng, episode)
            if attempt >= 6:
                title = titles.variant(title, channel, rng, attempt)
            if title not in self.drawn_titles:
                break
        self.drawn_titles.add(title)
        title = self.distinct(self.plan.retime(title), day)
        lead = self.plan.retime(titles.lead(base, summary, day, self.text_rng))
        return title, lead, sub, boosted_by

    def distinct(self, title: str, day: dt.date) -> str:
        """The headline, made distinct from every other story's once outlets' marks are set
        aside (two stories never share a headline within days, as newsrooms avoid)."""
        while titles.core_title(title) in self.used_cores:
            qualifier = titles.fill(self.text_rng.choice(_QUALIFIERS), self.text_rng, day)
            title = f"{title} {self.plan.retime(qualifier)}"
        self.used_titles.add(title)
        self.used_cores.add(titles.core_title(title))
        return title

    def url(self, outlet: Outlet, title: str, channel: str) -> str | None:
        if channel == "print":
            return None
        while True:
            item_no = self.rng.randint(*self.plan.item_ids)
            if (outlet.host, item_no) not in self.used_ids:
                self.used_ids.add((outlet.host, item_no))
                break
        if channel == "social":  # posted on the outlet's fan page
            page = outlet.host.split(".")[0]
            return f"https://www.facebook.com/{page}/posts/{item_no}{self.rng.randint(1000, 9999)}"
        return outlet.url(slugify(title, max_length=90), item_no)

    def timestamp(self, day: dt.date) -> dt.datetime:
        hour = self.rng.choices(range(6, 23), weights=[2, 4, 5, 5, 5, 4, 3, 4, 4, 4, 3, 3, 2,
                                                        2, 2, 1, 1])[0]  # fmt: skip
        return dt.datetime(day.year, day.month, day.day, hour, self.rng.randint(0, 59))

    def views(self, outlet: Outlet, channel: str) -> int | None:
        if channel not in ("online", "social"):
            return None
        median = outlet.reach_estimate * (0.0025 if channel == "online" else 0.004)
        return max(12, int(median * math.exp(self.rng.gauss(0, 0.9))))

    def duration(
        self, deliverable_type: str, channel: str, line: ContractLine | None
    ) -> int | None:
        if line is not None and deliverable_type == "programme":
            return line.episode_minutes
        if channel not in ("tv", "radio"):
            return None
        low, high = {
            "news": (1, 3),
            "reportage": (5, 15),
            "talk_show": (30, 60),
            "special_page": (15, 30),
            "film": (25, 45),
            "event": (60, 120),
        }.get(deliverable_type, (1, 3))
        return self.rng.randint(low, high)

    def dates(self, first: dt.date, last: dt.date, count: int) -> list[dt.date]:
        first, last = max(first, self.plan.start), min(last, self.plan.end)
        days = days_between(first, last)
        weights = [day_weight(d, self.plan) for d in days]
        return sorted(self.rng.choices(days, weights=weights, k=count))


# What a desk adds to tell its story apart from another with the same headline.
_QUALIFIERS = ("tại {place}", "{period}", "năm 2025", "theo kế hoạch", "- kỳ {n_small}")


def _contracted_items(
    newsroom: Newsroom, contract: Contract, line: ContractLine
) -> list[CoverageItem]:
    rng = newsroom.rng
    plan = newsroom.plan
    outlet = contract.outlet
    items: list[CoverageItem] = []

    def item(day: dt.date, accepted: bool, in_period: bool, episode: int) -> CoverageItem:
        title, summary, sub, boosted_by = newsroom.headline(
            day, line.deliverable_type, line.channel, line.theme_area, episode
        )
        return CoverageItem(
            agency=outlet.name,
            published_at=newsroom.timestamp(day),
            title=title,
            url=newsroom.url(outlet, title, line.channel),
            deliverable_type=line.deliverable_type,
            channel=line.channel,
            summary=summary if rng.random() < 0.8 else None,
            theme_area=line.theme_area,
            sub_theme=sub.key,
            origin="contracted",
            contract_id=contract.contract_id,
            line_no=line.line_no,
            accepted=accepted,
            in_period=in_period,
            duration_min=newsroom.duration(line.deliverable_type, line.channel, line),
            views=newsroom.views(outlet, line.channel),
            boosted_by=boosted_by,
        )

    accepted = accepted_units_target(line, rng)
    if line.delivery == "none":
        return items
    ordered = line.ordered_units
    for episode, day in enumerate(
        newsroom.dates(contract.start_date, contract.end_date, accepted), start=1
    ):
        items.append(item(day, True, True, episode))
    # Items the department turned down (quality, off-brief), inside the period.
    rejected = 0
    if ordered >= 4 and rng.random() < (0.5 if line.delivery != "full" else 0.25):
        rejected = rng.randint(1, max(1, ordered // 12))
    for day in newsroom.dates(contract.start_date, contract.end_date, rejected):
        items.append(item(day, False, True, accepted + 1))
    # Items published before the contract started or after it ended: never accepted.
    if ordered >= 4 and rng.random() < 0.14:
        for _ in range(rng.randint(1, 3)):
            before = contract.start_date - dt.timedelta(days=rng.randint(2, 25))
            after = contract.end_date + dt.timedelta(days=rng.randint(2, 25))
            day = before if before >= plan.start else after
            if day > plan.end:
                continue
            items.append(item(day, False, False, accepted + 1))
    return items


def _organic_item(newsroom: Newsroom, outlet: Outlet, day: dt.date, origin: str) -> CoverageItem:
    rng = newsroom.rng
    if origin == "feed":
        channel, deliverable_type = "online", "article"
    else:
        mix = _CHANNEL_MIX[outlet.media_type]
        channel = rng.choices(list(mix), weights=list(mix.values()))[0]
        types = _TYPE_MIX[channel]
        deliverable_type = rng.choices(list(types), weights=list(types.values()))[0]
    title, summary, sub, boosted_by = newsroom.headline(day, deliverable_type, channel)
    return CoverageItem(
        agency=outlet.name,
        published_at=newsroom.timestamp(day),
        title=title,
        url=newsroom.url(outlet, title, channel),
        deliverable_type=deliverable_type,
        channel=channel,
        summary=summary if rng.random() < (0.95 if origin == "feed" else 0.6) else None,
        theme_area=sub.area,
        sub_theme=sub.key,
        origin=origin,
        duration_min=newsroom.duration(deliverable_type, channel, None),
        views=newsroom.views(outlet, channel),
        boosted_by=boosted_by,
    )


def _alias(agency: str) -> str:
    """How another outlet credits an agency: its short name."""
    outlet = OUTLET_BY_NAME[agency]
    return outlet.aliases[0] if outlet.aliases else outlet.name


def _copies(newsroom: Newsroom, pool: list[CoverageItem], count: int) -> list[CoverageItem]:
    """Other outlets re-running a story within a few days: the same lead under the same
    headline, a marked, reordered or new one (titles.near_copy)."""
    rng = newsroom.rng
    rerunners = [o for o in OUTLETS if o.media_type in ("newspaper", "online", "news_agency")]
    weights = [_SYNDICATION_SOURCES.get(i.agency, 1.0) for i in pool]
    copies: list[CoverageItem] = []
    while len(copies) < count:
        original = rng.choices(pool, weights=weights)[0]
        others = [o for o in rerunners if o.name != original.agency]
        for outlet in rng.sample(others, rng.choice((1, 1, 1, 2, 2, 3))):
            copies.append(_copy(newsroom, original, outlet))
    return copies[:count]


def _copy(newsroom: Newsroom, original: CoverageItem, outlet: Outlet) -> CoverageItem:
    rng = newsroom.rng
    offset = rng.choice((0, 0, 1, 1, 2, 3))
    day = min(original.day + dt.timedelta(days=offset), newsroom.plan.end)
    source = _alias(original.agency)
    title, kind, lead_credit = titles.near_copy(
        original.title, source, rng, has_lead=original.summary is not None,
        same_day=day == original.day,
    )  # fmt: skip
    if kind == "new_headline_same_lead":
        title = newsroom.headline(day, "news", "online", original.theme_area)[0]
    summary = original.summary
    if lead_credit and summary:
        summary = f"({source}) - {summary}"
    deliverable_type = original.deliverable_type
    if deliverable_type not in ("news", "article"):
        deliverable_type = "news"
    return CoverageItem(
        agency=outlet.name,
        published_at=newsroom.timestamp(day),
        title=title,
        url=newsroom.url(outlet, title, "online"),
        deliverable_type=deliverable_type,
        channel="online",
        summary=summary,
        theme_area=original.theme_area,
        sub_theme=original.sub_theme,
        origin="copy",
        views=newsroom.views(outlet, "online"),
        boosted_by=original.boosted_by,
        copy_of=original,
        copy_kind=kind,
    )


def _series(newsroom: Newsroom) -> list[CoverageItem]:
    """Long reads in parts ('- Bài 1', '- Bài 2'), a day or two apart: each part a story."""
    rng = newsroom.text_rng
    writers = [o for o in OUTLETS if o.media_type in ("newspaper", "online")]
    items = []
    for name, sub_key in titles.SERIES:
        outlet = rng.choice(writers)
        sub = next(s for s in titles.SUB_THEMES if s.key == sub_key)
        day = rng.choice(newsroom.year_days[20:-20])
        for part in range(1, rng.randint(2, 4) + 1):
            title = newsroom.distinct(newsroom.plan.retime(f"{name} - Bài {part}"), day)
            base = titles.fill(rng.choice(sub.templates), rng, day)
            summary = titles.fill(sub.summary, rng, day)
            items.append(CoverageItem(
                agency=outlet.name, published_at=newsroom.timestamp(day), title=title,
                url=newsroom.url(outlet, title, "online"), deliverable_type="article",
                channel="online",
                summary=newsroom.plan.retime(titles.lead(base, summary, day, rng)),
                theme_area=sub.area, sub_theme=sub.key, origin="organic",
                views=newsroom.views(outlet, "online"),
            ))  # fmt: skip
            day = min(day + dt.timedelta(days=rng.choice((1, 1, 2))), newsroom.plan.end)
    return items


def _campaigns(newsroom: Newsroom, days: int) -> list[CoverageItem]:
    """One headline template many outlets fill in for their own place on the same days:
    'Phường A ra quân ...', 'Xã B ra quân ...'. Each is its own story."""
    rng = newsroom.text_rng
    writers = [o for o in OUTLETS if o.media_type in ("newspaper", "online", "tv")]
    items = []
    for _ in range(days):
        headline, lead, sub_key = rng.choice(titles.CAMPAIGNS)
        sub = next(s for s in titles.SUB_THEMES if s.key == sub_key)
        day = rng.choice(newsroom.year_days)
        for outlet in rng.sample(writers, rng.randint(3, 6)):
            when = min(day + dt.timedelta(days=rng.choice((0, 0, 1))), newsroom.plan.end)
            text = (headline + "\x00" + lead).replace("{d}", str(when.day))
            title, summary = titles.fill(text.replace("{m}", str(when.month)), rng, when).split(
                "\x00"
            )
            title = newsroom.distinct(newsroom.plan.retime(title[0].upper() + title[1:]), when)
            summary = newsroom.plan.retime(summary)
            items.append(CoverageItem(
                agency=outlet.name, published_at=newsroom.timestamp(when), title=title,
                url=newsroom.url(outlet, title, "online"), deliverable_type="news",
                channel="online", summary=summary, theme_area=sub.area, sub_theme=sub.key,
                origin="organic", views=newsroom.views(outlet, "online"),
            ))  # fmt: skip
    return items


def _claims(contracts: list[Contract], items: list[CoverageItem], count: int) -> list[CoverageItem]:
    """Items of the outlet's general contract listed again in its anniversary contract."""
    general = next(c for c in contracts if c.role == "claims_general")
    anniversary = next(c for c in contracts if c.role == "claims_anniversary")
    candidates = [
        i
        for i in items
        if i.contract_id == general.contract_id
        and i.accepted
        and i.url
        and anniversary.start_date <= i.day <= anniversary.end_date
        and anniversary.line(i.deliverable_type) is not None
    ]
    step = max(1, len(candidates) // count)
    claimed = candidates[::step][:count]
    return [
        CoverageItem(
            agency=i.agency,
            published_at=i.published_at,
            title=i.title,
            url=i.url,
            deliverable_type=i.deliverable_type,
            channel=i.channel,
            summary=i.summary,
            theme_area=i.theme_area,
            sub_theme=i.sub_theme,
            origin="claim",
            contract_id=anniversary.contract_id,
            line_no=anniversary.line(i.deliverable_type).line_no,
            accepted=False,
            in_period=True,
            views=i.views,
            destination="xlsx",
            boosted_by=i.boosted_by,
        )
        for i in claimed
    ]


def build_coverage(
    contracts: list[Contract], rng: random.Random, plan: PlanYear = PLAN_2025
) -> list[CoverageItem]:
    """Every coverage row the demo writes for a plan year (before defects), in no particular
    order. A past year has no feeds: a feed holds only its outlet's latest articles."""
    newsroom = Newsroom(rng, plan)
    copies, claims = round(SYNDICATED_COPIES * plan.scale), round(CLAIMED_TWICE * plan.scale)
    items: list[CoverageItem] = []
    for contract in contracts:
        for line in contract.lines:
            items.extend(_contracted_items(newsroom, contract, line))

    feed_items: list[CoverageItem] = []
    for name, path, _format in FEEDS if plan.has_feeds else ():
        outlet = OUTLET_BY_NAME[name]
        count = rng.randint(*FEED_ITEMS)
        for day in rng.choices(newsroom.year_days, weights=newsroom.year_weights, k=count):
            feed_item = _organic_item(newsroom, outlet, day, "feed")
            feed_item.destination = path
            feed_items.append(feed_item)

    planned = _series(newsroom) + _campaigns(newsroom, round(CAMPAIGN_DAYS * plan.scale))
    organic_count = (
        round(TOTAL_ITEMS * plan.scale) - len(items) - len(feed_items) - len(planned) - copies
        - claims
    )  # fmt: skip
    outlet_weights = [o.coverage_weight for o in OUTLETS]
    organic = planned + [
        _organic_item(newsroom, rng.choices(OUTLETS, weights=outlet_weights)[0], day, "organic")
        for day in rng.choices(newsroom.year_days, weights=newsroom.year_weights, k=organic_count)
    ]
    items.extend(organic)
    # Stories re-run from the outlets' websites (the truth names a copy's original by address).
    pool = [i for i in items if i.channel == "online"]
    items.extend(_copies(newsroom, pool, copies))
    items.extend(_claims(contracts, items, claims))
    for item in items:
        if item.channel in ("tv", "radio"):
            item.destination = "xlsx"
    return items + feed_items
