"""database/news2.py: NEWS2 band by band against the Royal College of Physicians' chart,
its risk thresholds, and the red flags that raise the urgency."""

import pytest

from database import news2
from database.schemas import Vitals

NORMAL = {
    "respiration_rate": 16,
    "spo2": 98,
    "on_oxygen": False,
    "systolic_bp": 120,
    "pulse": 70,
    "consciousness": "alert",
    "temperature": 37.0,
}
REASONS = {"chest pain": "possible acute coronary syndrome", "seizure": "seizure"}


def vitals(**changes):
    return Vitals.model_validate({**NORMAL, **changes})


@pytest.mark.parametrize(
    ("parameter", "readings"),
    [
        ("respiration_rate", {8: 3, 9: 1, 11: 1, 12: 0, 20: 0, 21: 2, 24: 2, 25: 3}),
        ("spo2", {91: 3, 92: 2, 93: 2, 94: 1, 95: 1, 96: 0}),
        ("systolic_bp", {90: 3, 91: 2, 100: 2, 101: 1, 110: 1, 111: 0, 219: 0, 220: 3}),
        ("pulse", {40: 3, 41: 1, 50: 1, 51: 0, 90: 0, 91: 1, 110: 1, 111: 2, 130: 2, 131: 3}),
        ("temperature", {35.0: 3, 35.1: 1, 36.0: 1, 36.1: 0, 38.0: 0, 38.1: 1, 39.0: 1, 39.1: 2}),
    ],
)
def test_each_band_edge_scores_as_the_chart_says(parameter, readings):
    for reading, points in readings.items():
        assert news2.score(vitals(**{parameter: reading})).parameters[parameter] == points, reading


def test_oxygen_and_consciousness():
    assert news2.score(vitals(on_oxygen=True)).parameters["air_or_oxygen"] == 2
    for level in ("confusion", "voice", "pain", "unresponsive"):
        assert news2.score(vitals(consciousness=level)).parameters["consciousness"] == 3


def test_the_risk_thresholds():
    assert news2.score(vitals()).risk == news2.Risk.LOW  # 0
    assert news2.score(vitals(pulse=120, spo2=94)).risk == news2.Risk.LOW  # 2 + 1
    # A single parameter at 3 is low-medium, whatever the total.
    assert news2.score(vitals(consciousness="confusion")).risk == news2.Risk.LOW_MEDIUM
    assert news2.score(vitals(pulse=120, spo2=93, temperature=38.5)).risk == news2.Risk.MEDIUM
    unwell = news2.score(vitals(respiration_rate=26, on_oxygen=True, consciousness="voice"))
    assert (unwell.total, unwell.risk) == (8, news2.Risk.HIGH)


def test_red_flags_are_whole_phrases_in_the_complaint_s_order():
    complaint = "A seizure this morning, then Chest pain. No chest painkillers taken."
    assert news2.red_flags(complaint, REASONS) == {
        "seizure": "seizure",
        "chest pain": "possible acute coronary syndrome",
    }
    assert news2.red_flags("Sprained ankle", REASONS) == {}


def test_a_red_flag_raises_a_low_score_to_medium_and_never_lowers_one():
    raised = news2.assess(vitals(), "Chest pain since this morning", REASONS)
    assert (raised.total, raised.risk, raised.urgency) == (0, news2.Risk.LOW, news2.Risk.MEDIUM)
    assert raised.reason == (
        "NEWS2 0: low risk, raised to medium by red flags: "
        "chest pain (possible acute coronary syndrome)"
    )
    assert raised.response == news2.RESPONSE[news2.Risk.MEDIUM]
    unwell = vitals(respiration_rate=26, on_oxygen=True, consciousness="voice")
    kept = news2.assess(unwell, "Chest pain", REASONS)
    assert kept.urgency == news2.Risk.HIGH
    assert kept.reason == "NEWS2 8: high risk"
