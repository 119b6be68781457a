"""Advances, payments and settlements of the demo contracts.

The money follows acceptance: an advance after signing (at most 30 % of the contract value,
except one contract), interim payments for what was accepted by a cut-off date, and a final
settlement at liquidation for the rest of the accepted value. Payments therefore never exceed
the accepted value of the contract, and so never its value either. Items a second contract
also claims are held back from payment until the dispute is resolved.
"""

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass

from ingestion.demo.contracts import Contract
from ingestion.demo.coverage import CoverageItem
from ingestion.demo.events import PLAN_2025, PlanYear

# Vouchers of a plan year paid in a later calendar year (settlements after 31/12) are numbered
# in that year's book from here on, so they never share a number with the later plan year's.
CARRY_OVER_FIRST_NUMBER = 9001
_MIN_PAYMENT_VND = 20_000_000  # smaller remainders wait for the next payment


@dataclass
class Payment:
    contract_id: str
    paid_on: dt.date
    amount_vnd: int
    kind: str  # advance | payment | settlement
    payment_id: str = ""


def accepted_value(
    contract: Contract, items: list[CoverageItem], until: dt.date, *, held: set[str | None]
) -> int:
    """Value of the contract's items accepted and published by a date, capped per line."""
    units: dict[int, int] = defaultdict(int)
    for item in items:
        if item.accepted and item.day <= until and item.url not in held:
            units[item.line_no] += 1
    value = 0
    for line in contract.lines:
        if line.deliverable_type == "programme":
            minutes = min(units[line.line_no] * line.episode_minutes, line.quantity)
            value += minutes * line.unit_price_vnd
        else:
            value += min(units[line.line_no], line.quantity) * line.unit_price_vnd
    return value


def build_payments(
    contracts: list[Contract],
    coverage: list[CoverageItem],
    rng: random.Random,
    plan: PlanYear = PLAN_2025,
) -> list[Payment]:
    def D(year: int, month: int, day: int) -> dt.date:  # noqa: N802 - the 2025 calendar, moved
        return plan.shift(dt.date(year, month, day))

    by_contract: dict[str, list[CoverageItem]] = defaultdict(list)
    claimed_elsewhere: set[tuple[str, str | None]] = set()
    for item in coverage:
        if item.origin == "contracted":
            by_contract[item.contract_id].append(item)
        elif item.origin == "claim":
            claimed_elsewhere.add((item.agency, item.url))

    payments: list[Payment] = []
    for contract in contracts:
        items = by_contract[contract.contract_id]
        held = {url for agency, url in claimed_elsewhere if agency == contract.outlet.name}

        def payable(until: dt.date, _c: Contract = contract, _i=items, _h=held) -> int:
            return accepted_value(_c, _i, until, held=_h)

        final = payable(D(2025, 12, 31))
        paid = 0
        if contract.advance_share and final > 0:
            advance = int(contract.value_vnd * contract.advance_share) // 1_000_000 * 1_000_000
            if advance > final:  # never advance more than the outlet will earn
                advance = int(final * 0.8) // 1_000_000 * 1_000_000
            if advance > 0:
                day = contract.signed_on + dt.timedelta(days=rng.randint(6, 24))
                payments.append(Payment(contract.contract_id, day, advance, "advance"))
                paid = advance

        liquidated = contract.liquidated_on
        interim = [(D(2025, 6, 30), D(2025, 7, 8), 22)]
        if rng.random() < 0.5:
            interim.append((D(2025, 8, 31), D(2025, 9, 8), 20))
        if liquidated is None:
            interim.append((D(2025, 11, 30), D(2025, 12, 12), 16))
        for cut_off, first_day, spread in interim:
            day = first_day + dt.timedelta(days=rng.randint(0, spread))
            if liquidated is not None and (day >= liquidated or contract.end_date <= cut_off):
                continue  # a finished contract goes straight to settlement
            amount = payable(cut_off) - paid
            if amount >= _MIN_PAYMENT_VND:
                payments.append(Payment(contract.contract_id, day, amount, "payment"))
                paid += amount

        if liquidated is not None and final - paid > 0:
            if contract.role == "payment_after_liquidation":
                day = liquidated + dt.timedelta(days=rng.randint(15, 24))
            else:
                day = max(liquidated - dt.timedelta(days=rng.randint(0, 4)),
                          contract.end_date + dt.timedelta(days=1))  # fmt: skip
            payments.append(Payment(contract.contract_id, day, final - paid, "settlement"))

    order = {"advance": 0, "payment": 1, "settlement": 2}
    payments.sort(key=lambda p: (p.paid_on, p.contract_id, order[p.kind]))
    numbers: dict[int, int] = defaultdict(int)
    for payment in payments:
        year = payment.paid_on.year
        first = 1 if year <= plan.year else CARRY_OVER_FIRST_NUMBER
        payment.payment_id = f"UNC-{year}-{first + numbers[year]:04d}"
        numbers[year] += 1
    return payments
