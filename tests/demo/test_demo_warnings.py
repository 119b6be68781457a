"""Every warning the quality gate knows has a case in the demo, and quarantine has rows to show."""

import datetime as dt
import re
import unicodedata
from collections import Counter, defaultdict

from demo_files import accepted_value, as_date, contracts_by_id, read_csv, read_workbook


def _paid(demo, kinds) -> Counter:
    paid: Counter = Counter()
    for payment in demo.payments:
        if payment["kind"] in kinds:
            paid[payment["Số hợp đồng"]] += payment["Số tiền"]
    return paid


def test_an_item_is_claimed_by_two_contracts_but_accepted_under_at_most_one(demo):
    claims: dict = defaultdict(set)
    accepted: dict = defaultdict(set)
    for row in demo.coverage:
        if row["Số hợp đồng"]:
            claims[row["key"]].add(row["Số hợp đồng"])
            if row["accepted"]:
                accepted[row["key"]].add(row["Số hợp đồng"])
    twice = [key for key, ids in claims.items() if len(ids) >= 2]
    assert 5 <= len(twice) <= 30
    assert all(len(accepted[key]) <= 1 for key in twice)


def test_a_payment_is_made_after_its_contract_was_liquidated(demo):
    contracts = contracts_by_id(demo)
    late = {
        p["Số hợp đồng"]
        for p in demo.payments
        if p["date"]
        and contracts[p["Số hợp đồng"]]["liquidated"]
        and p["date"] > contracts[p["Số hợp đồng"]]["liquidated"]
    }
    assert late == set(demo.summary["payment_after_liquidation"])
    assert len(late) == 1


def test_one_contract_has_no_delivery_at_all(demo):
    delivered = {row["Số hợp đồng"] for row in demo.coverage if row["Số hợp đồng"]}
    without = set(contracts_by_id(demo)) - delivered
    assert without == set(demo.summary["contract_without_delivery"])
    assert len(without) == 1
    assert _paid(demo, ("advance", "payment", "settlement"))[without.pop()] == 0


def test_one_advance_is_above_thirty_percent_of_the_contract_value(demo):
    contracts = contracts_by_id(demo)
    advances = _paid(demo, ("advance",))
    above = {cid for cid, amount in advances.items() if amount > 0.3 * contracts[cid]["value"]}
    assert above == set(demo.summary["advance_above_share"])
    assert len(above) == 1
    assert len(advances) >= 20  # most contracts take an advance, within the usual share


def test_some_contracted_items_are_not_accepted_inside_and_outside_the_period(demo):
    contracts = contracts_by_id(demo)
    inside = outside = 0
    for row in demo.coverage:
        if row["Số hợp đồng"] and not row["accepted"]:
            c = contracts[row["Số hợp đồng"]]
            if c["start"] <= row["date"] <= c["end"]:
                inside += 1
            else:
                outside += 1
    assert inside >= 30
    assert outside >= 10


def test_some_lines_and_one_outlet_deliver_under_eighty_percent(demo):
    accepted: Counter = Counter()
    for row in demo.coverage:
        if row["accepted"]:
            qty = float(row["Thời lượng (phút)"]) if row["type"] == "programme" else 1
            accepted[(row["Số hợp đồng"], row["type"], row["channel"])] += qty
    ordered_by_outlet: Counter = Counter()
    accepted_by_outlet: Counter = Counter()
    under = 0
    for line in demo.contracts:
        got = accepted[(line["Số hợp đồng"], line["type"], line["channel"])]
        under += got < 0.8 * line["Số lượng"] and got > 0
        ordered_by_outlet[line["Cơ quan báo chí"]] += line["Thành tiền"]
        accepted_by_outlet[line["Cơ quan báo chí"]] += min(got, line["Số lượng"]) * line["Đơn giá"]
    assert under >= 4
    rates = {name: accepted_by_outlet[name] / ordered_by_outlet[name] for name in ordered_by_outlet}
    assert any(0 < rate < 0.8 for rate in rates.values())
    # Under-delivery leaves money still payable rather than money paid for nothing.
    values = accepted_value(demo)
    disbursed = _paid(demo, ("advance", "payment", "settlement"))
    assert sum(values.values()) > sum(disbursed.values())


def _fold(title: str) -> str:
    text = unicodedata.normalize("NFD", title.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def test_stories_are_rerun_by_other_outlets_within_a_few_days(demo):
    """Another outlet runs the same headline or the same lead (its credit line aside) within
    three days."""
    by_text: dict = defaultdict(list)
    for row in demo.coverage:
        if not row["date"]:
            continue
        keys = {"title:" + _fold(row["Tiêu đề"] or "")}
        lead = re.sub(r"^\([^)]*\) - ", "", row["Tóm tắt"] or "")
        if len(lead.split()) >= 20:
            keys.add("lead:" + _fold(lead))
        for key in keys:
            by_text[key].append((row["date"], row["Cơ quan báo chí"], row["_file"], row["_row"]))
    reruns = set()
    for uses in by_text.values():
        uses.sort()
        first_day, first_outlet = uses[0][:2]
        reruns |= {
            (file, number)
            for day, outlet, file, number in uses[1:]
            if outlet != first_outlet and (day - first_day).days <= 3
        }
    assert len(reruns) >= 800


def test_organic_coverage_is_a_large_share(demo):
    organic = sum(1 for row in demo.coverage if not row["Số hợp đồng"])
    assert 0.4 < organic / len(demo.coverage) < 0.8


def test_coverage_spikes_around_the_seventieth_anniversary(demo):
    per_day = Counter(row["date"] for row in demo.coverage if row["date"])
    year_avg = sum(per_day.values()) / 365
    window = [dt.date(2025, 5, 13) + dt.timedelta(days=d) for d in range(-4, 5)]
    window_avg = sum(per_day[d] for d in window) / len(window)
    assert window_avg > 3 * year_avg
    assert max(per_day, key=per_day.get) in window


def test_titles_come_from_the_plans_events_and_sub_themes(demo):
    titles = [row["Tiêu đề"] for row in demo.coverage if row["Tiêu đề"]]
    text = "\n".join(titles)
    for phrase in (
        "95 năm",
        "Ngày quyền của người tiêu dùng",
        "70 năm Ngày giải phóng Hải Phòng",
        "Lễ hội Hoa Phượng Đỏ",
        "Đại hội đại biểu Đảng bộ thành phố Hải Phòng lần thứ XVII",
        "Đại hội Thể dục thể thao thành phố Hải Phòng lần thứ X",
        "Khởi công",
        "Khánh thành",
        "Cát Bà",
        "chuyển đổi số",
        "PAR Index",
    ):
        assert phrase in text, phrase
    assert all(t == unicodedata.normalize("NFC", t) for t in titles)
    assert len(set(titles)) > 0.85 * len(titles)


def test_some_sub_themes_of_the_plan_get_no_coverage(demo):
    # Keywords of sub-themes of section II of the plan that the demo leaves uncovered.
    keywords = ("bốn tốt", "nước ngọt", "ô nhiễm", "trẻ em", "bình đẳng giới", "nhũng nhiễu",
                "kiều bào", "người việt nam ở nước ngoài")  # fmt: skip
    for row in demo.coverage:
        text = f"{row['Tiêu đề'] or ''} {row['Tóm tắt'] or ''}".lower()
        assert not any(kw in text for kw in keywords), (row["_file"], row["_row"])
    assert len(demo.summary["uncovered_sub_themes"]) == 5


def test_deliberate_defects_are_where_the_summary_says(demo):
    defects = demo.summary["defects"]
    assert 5 <= len(defects) <= 15
    problems = Counter(d["problem"] for d in defects)
    for problem in ("impossible_date", "unknown_agency", "negative_number", "missing_required",
                    "malformed_url", "duplicate_row"):  # fmt: skip
        assert problems[problem] >= 1, problem
    known_agencies = {a["Cơ quan báo chí"] for a in demo.agencies}
    files: dict = {}
    for defect in defects:
        path = demo.inbox / defect["file"]
        if path not in files:
            files[path] = read_csv(path) if path.suffix == ".csv" else read_workbook(path)[1]
        rows = files[path]
        row = next(r for r in rows if r["_row"] == defect["row"])
        if defect["problem"] == "duplicate_row":
            previous = next(r for r in rows if r["_row"] == defect["row"] - 1)
            assert {k: v for k, v in row.items() if k != "_row"} == {
                k: v for k, v in previous.items() if k != "_row"
            }
            continue
        value = row[defect["column"]]
        match defect["problem"]:
            case "impossible_date":
                assert isinstance(value, str) and as_date(value) is None
            case "unknown_agency":
                assert value not in known_agencies
            case "negative_number":
                assert int(value) < 0
            case "missing_required":
                assert value in (None, "")
            case "malformed_url":
                assert not re.match(r"^https?://[^/\s]+", value)
        # Defects touch only rows no settlement figure depends on.
        assert not row.get("Số hợp đồng") or defect["source"] == "payments"
