"""database/portfolio.py: the numbers every agent reports, worked by hand."""

import pytest

from database import portfolio
from database.schemas import Position


def holding(symbol, quantity, price, account="401k"):
    return Position(account=account, symbol=symbol, quantity=quantity, price=price)


POSITIONS = [
    holding("VTI", 10, 300.0),  # 3,000
    holding("BND", 20, 50.0),  # 1,000
    holding("VTI", 5, 300.0, account="taxable"),  # 1,500
    holding("ZZZT", 5, 100.0, account="taxable"),  # 500, not classified
]
CLASSES = {"VTI": "equity", "BND": "bond"}


def test_value_total_and_value_by_account():
    assert portfolio.total(POSITIONS) == 6000.0
    assert portfolio.by_account(POSITIONS) == {"401k": 4000.0, "taxable": 2000.0}


def test_allocation_is_largest_first_and_names_what_is_not_classified():
    assert portfolio.allocation(POSITIONS, CLASSES) == {
        "equity": 0.75,
        "bond": 0.1667,
        "unclassified": 0.0833,
    }
    assert portfolio.allocation([], CLASSES) == {}


def test_a_holding_above_a_fifth_of_the_value_is_a_concentration():
    # VTI across both accounts is 75 %; BND is 16.7 %.
    assert portfolio.concentrations(POSITIONS) == ["VTI"]


def test_chart_data_is_the_shape_the_dashboard_draws():
    assert portfolio.chart("By class", {"equity": 0.75, "bond": 0.25}) == {
        "kind": "pie",
        "title": "By class",
        "labels": ["equity", "bond"],
        "series": [{"name": "% of portfolio", "values": [75.0, 25.0]}],
    }


def test_the_projection_is_seeded_and_ordered():
    mix = {"equity": 0.6, "bond": 0.4}
    first = portfolio.project_retirement(100_000, mix, years=20, yearly_contribution=5_000)
    assert first == portfolio.project_retirement(100_000, mix, years=20, yearly_contribution=5_000)
    assert first["p10"] < first["median"] < first["p90"]
    assert first["expected_return"] == pytest.approx(0.6 * 0.05 + 0.4 * 0.015)
    assert first["median_income"] == pytest.approx(first["median"] * 0.04, abs=100)
    other = portfolio.project_retirement(100_000, mix, 20, 5_000, seed=1)
    assert other != first


def test_with_no_risk_the_projection_is_the_sum_of_savings():
    # Cash: a 0 % mean and a 1 % spread; with no years left there is nothing to draw.
    now = portfolio.project_retirement(50_000, {"cash": 1.0}, years=0, yearly_contribution=1_000)
    assert (now["p10"], now["median"], now["p90"]) == (50_000, 50_000, 50_000)
    with pytest.raises(ValueError, match="years must be 0 or more"):
        portfolio.project_retirement(50_000, {"cash": 1.0}, years=-1, yearly_contribution=0)
