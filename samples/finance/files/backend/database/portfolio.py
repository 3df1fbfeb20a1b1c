"""The portfolio arithmetic every agent of Alex Finance shares: positions valued and
grouped, chart data, and the retirement projection. Plain functions over plain data, so
the numbers come from code and the model only writes the words around them. (It lives in
`database/` because that package is in every agent's Lambda zip.)"""

from __future__ import annotations

import random
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping

from database.schemas import Position

UNCLASSIFIED = "unclassified"
# Yearly real return (mean, standard deviation) by asset class: long-run figures of the
# kind a planner assumes, not a forecast. Unclassified holdings count as equities.
RETURNS = {
    "equity": (0.05, 0.17),
    "bond": (0.015, 0.06),
    "real_estate": (0.04, 0.19),
    "commodity": (0.01, 0.15),
    "cash": (0.0, 0.01),
    UNCLASSIFIED: (0.05, 0.17),
}
# A projection's paths and seed: the same request always gives the same numbers.
PATHS = 2000
SEED = 20_240_601
# The share of savings a retiree can draw each year (the "4 % rule").
WITHDRAWAL_RATE = 0.04
# A holding above this share of the portfolio is a concentration worth naming.
CONCENTRATION = 0.20


def value(position: Position) -> float:
    return position.quantity * position.price


def total(positions: Iterable[Position]) -> float:
    return round(sum(value(p) for p in positions), 2)


def allocation(positions: Iterable[Position], classes: Mapping[str, str]) -> dict[str, float]:
    """Each group's share of the portfolio's value (0-1, rounded to 4 places), largest
    first. `classes` maps a symbol to its group (asset class, region or sector); a symbol
    it lacks is UNCLASSIFIED."""
    positions = list(positions)
    whole = sum(value(p) for p in positions)
    if whole <= 0:
        return {}
    sums: dict[str, float] = defaultdict(float)
    for position in positions:
        sums[classes.get(position.symbol, UNCLASSIFIED)] += value(position)
    ranked = sorted(sums.items(), key=lambda item: (-item[1], item[0]))
    return {group: round(amount / whole, 4) for group, amount in ranked}


def by_account(positions: Iterable[Position]) -> dict[str, float]:
    sums: dict[str, float] = defaultdict(float)
    for position in positions:
        sums[position.account] += value(position)
    return {account: round(amount, 2) for account, amount in sorted(sums.items())}


def concentrations(positions: Iterable[Position]) -> list[str]:
    """Symbols worth more than CONCENTRATION of the portfolio, largest first."""
    positions = list(positions)
    whole = sum(value(p) for p in positions)
    per_symbol: dict[str, float] = defaultdict(float)
    for position in positions:
        per_symbol[position.symbol] += value(position)
    heavy = [(s, v) for s, v in per_symbol.items() if whole and v / whole > CONCENTRATION]
    return [symbol for symbol, _ in sorted(heavy, key=lambda item: (-item[1], item[0]))]


def chart(title: str, shares: Mapping[str, float], kind: str = "pie") -> dict:
    """Chart data the dashboard draws (frontend/components/Chart.tsx): shares as percent."""
    return {
        "kind": kind,
        "title": title,
        "labels": list(shares),
        "series": [
            {"name": "% of portfolio", "values": [round(s * 100, 1) for s in shares.values()]}
        ],
    }


def project_retirement(
    savings: float,
    asset_classes: Mapping[str, float],
    years: int,
    yearly_contribution: float,
    paths: int = PATHS,
    seed: int = SEED,
) -> dict[str, float]:
    """Monte Carlo of the savings at retirement in today's money: `paths` runs of `years`
    yearly returns drawn for the portfolio's mix of asset classes (shares 0-1), adding
    the contribution at the end of each year. Returns the 10th, 50th and 90th percentile
    and the yearly income each allows at WITHDRAWAL_RATE. Seeded: the same inputs give
    the same numbers."""
    if years < 0:
        raise ValueError(f"years must be 0 or more, not {years}")
    mean = sum(share * RETURNS[c][0] for c, share in asset_classes.items())
    # Classes moved together here (a simplification that overstates risk a little).
    spread = sum(share * RETURNS[c][1] for c, share in asset_classes.items())
    draws = random.Random(seed)  # noqa: S311 (a simulation, not a secret)
    finals = []
    for _ in range(paths):
        balance = savings
        for _ in range(years):
            balance = max(balance * (1 + draws.gauss(mean, spread)) + yearly_contribution, 0.0)
        finals.append(balance)
    deciles = statistics.quantiles(finals, n=10, method="inclusive")
    low, median, high = deciles[0], statistics.median(finals), deciles[-1]
    return {
        "years": years,
        "expected_return": round(mean, 4),
        "p10": round(low, -2),
        "median": round(median, -2),
        "p90": round(high, -2),
        "median_income": round(median * WITHDRAWAL_RATE, -2),
        "p10_income": round(low * WITHDRAWAL_RATE, -2),
    }
