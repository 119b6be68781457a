"""The demo's classifiers and headline figures scored against the truth the demo planted.

Each test asserts a target of the evaluation table (`make evaluate` prints it), for each plan
year the demo holds. They run on one real `mediacoop demo` build (the `demo_build` fixture)
and its truth files.
"""

import pytest
from evaluate import main
from scoring import (
    YEARS,
    concerns,
    connect,
    delivery,
    disbursed,
    event_lift,
    off_theme,
    prf,
    syndication,
    themes,
)

pytestmark = pytest.mark.slow


# Key events each plan year of the demo plants (ingestion/demo/events.py).
PLANTED_EVENTS = {2024: 3, 2025: 9}
# Public concerns the demo plants (ingestion/demo/concerns.py): 2025 only.
PLANTED_CONCERNS = {2024: 0, 2025: 6}


@pytest.fixture(scope="module", params=YEARS, ids=str)
def scored(request, demo_build):
    truth = demo_build / "demo" / "truth"
    with connect(demo_build / "warehouse.duckdb", truth, request.param) as con:
        yield {
            "year": request.param,
            **{
                part.__name__: {s.measure: s for s in part(con)}
                for part in (
                    syndication,
                    delivery,
                    themes,
                    off_theme,
                    event_lift,
                    disbursed,
                    concerns,
                )
            },
        }


def test_scores_are_precision_recall_and_f1():
    assert prf(9, 10, 12) == pytest.approx((0.9, 0.75, 2 * 0.9 * 0.75 / 1.65))
    assert prf(0, 0, 0) == (1.0, 1.0, 1.0)


def test_syndication_finds_the_planted_copies_and_their_direction(scored):
    found = scored["syndication"]
    assert found["precision (copy -> original)"].value >= 0.90
    assert found["recall"].value >= 0.90
    assert found["pairs with the direction swapped"].value == 0


def test_contracted_items_are_the_planted_claims(scored):
    found = scored["delivery"]
    assert found["contracted items"].passed, found["contracted items"].cells()
    assert found["lines with a wrong delivered count"].value == 0


def test_primary_theme_accuracy_and_macro_f1(scored):
    found = scored["themes"]
    assert found["primary theme accuracy"].value >= 0.97
    assert found["primary theme macro F1"].value >= 0.92


def test_no_false_off_theme_warning(scored):
    assert scored["off_theme"]["false off-theme warnings"].value == 0


def test_every_boosted_event_lifts_within_its_generated_effect(scored):
    lifts = scored["event_lift"]
    assert len(lifts) == PLANTED_EVENTS[scored["year"]]
    assert [s.cells() for s in lifts.values() if not s.passed] == []


def test_disbursed_equals_the_payments_file(scored):
    assert scored["disbursed"]["disbursed (VND)"].passed


def test_make_evaluate_prints_the_table(demo_build, capsys):
    code = main(["--build", str(demo_build)])
    out = capsys.readouterr().out
    for measure in (
        "precision (copy -> original)",
        "primary theme macro F1",
        "SK05 lift",
        "SK2402 lift",
        "disbursed (VND)",
        "false off-theme warnings",
        "contracted items",
    ):
        assert measure in out
    assert {line.split()[0] for line in out.splitlines()[3:] if line} == {"2024", "2025"}
    assert code in (0, 1)


def test_each_planted_concern_has_its_planted_response_time(scored):
    found = scored["concerns"]
    assert len(found) == PLANTED_CONCERNS[scored["year"]]
    failed = {m: s.cells() for m, s in found.items() if not s.passed}
    assert not failed, failed
