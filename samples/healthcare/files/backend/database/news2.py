"""The urgency every agent of Triage Desk reports: NEWS2 (the Royal College of
Physicians' National Early Warning Score 2, 2017, SpO2 scale 1) over the intake's vital
signs, raised by the red flags of its complaint. Plain functions over plain data, so the
score comes from code and the model only writes the words around it. (It lives in
`database/` because that package is in every agent's Lambda zip.)

Decision support for a synthetic sample: a clinician makes the triage decision.
"""

from __future__ import annotations

import math
import re
from enum import StrEnum

from pydantic import BaseModel, Field

from aws_agent_framework.database import Database
from database.models import RedFlags
from database.schemas import Consciousness, JobRequest, Vitals

INF = math.inf
# Each parameter's bands, lowest first: (highest value in the band, points).
RESPIRATION_RATE = ((8, 3), (11, 1), (20, 0), (24, 2), (INF, 3))
SPO2_SCALE_1 = ((91, 3), (93, 2), (95, 1), (INF, 0))
SYSTOLIC_BP = ((90, 3), (100, 2), (110, 1), (219, 0), (INF, 3))
PULSE = ((40, 3), (50, 1), (90, 0), (110, 1), (130, 2), (INF, 3))
TEMPERATURE = ((35.0, 3), (36.0, 1), (38.0, 0), (39.0, 1), (INF, 2))
SUPPLEMENTAL_OXYGEN = 2
NOT_ALERT = 3


class Risk(StrEnum):
    LOW = "low"
    LOW_MEDIUM = "low_medium"
    MEDIUM = "medium"
    HIGH = "high"


ORDER = list(Risk)
# The clinical response each risk calls for, after the NEWS2 chart's thresholds.
RESPONSE = {
    Risk.LOW: "Assessment by a registered nurse, who decides how often to observe.",
    Risk.LOW_MEDIUM: "Urgent review by a clinician, who decides whether to escalate.",
    Risk.MEDIUM: "Urgent review by a clinician with competence in acute illness.",
    Risk.HIGH: "Emergency assessment by a team with critical-care competence.",
}


class Score(BaseModel):
    """NEWS2 over one set of observations."""

    parameters: dict[str, int] = Field(description="Points per parameter, 0 to 3")
    total: int = Field(description="NEWS2, 0 to 20")
    risk: Risk = Field(description="The clinical risk the total (or a single 3) means")


class Assessment(Score):
    """The score, and the urgency once the complaint's red flags are counted."""

    red_flags: dict[str, str] = Field(description="Red-flag phrase -> why it is one")
    urgency: Risk
    reason: str = Field(description="Why the urgency is what it is")
    response: str = Field(description="What the urgency calls for")


def points(value: float, bands: tuple[tuple[float, int], ...]) -> int:
    return next(points for highest, points in bands if value <= highest)


def score(vitals: Vitals) -> Score:
    parameters = {
        "respiration_rate": points(vitals.respiration_rate, RESPIRATION_RATE),
        "spo2": points(vitals.spo2, SPO2_SCALE_1),
        "air_or_oxygen": SUPPLEMENTAL_OXYGEN if vitals.on_oxygen else 0,
        "systolic_bp": points(vitals.systolic_bp, SYSTOLIC_BP),
        "pulse": points(vitals.pulse, PULSE),
        "consciousness": 0 if vitals.consciousness == Consciousness.ALERT else NOT_ALERT,
        "temperature": points(round(vitals.temperature, 1), TEMPERATURE),
    }
    total = sum(parameters.values())
    if total >= 7:
        risk = Risk.HIGH
    elif total >= 5:
        risk = Risk.MEDIUM
    elif 3 in parameters.values():
        risk = Risk.LOW_MEDIUM
    else:
        risk = Risk.LOW
    return Score(parameters=parameters, total=total, risk=risk)


def red_flags(complaint: str, reasons: dict[str, str]) -> dict[str, str]:
    """The red-flag phrases of `reasons` the complaint holds as whole words, in its order."""
    text = complaint.lower()
    found = {
        phrase: match.start()
        for phrase in reasons
        if (match := re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text))
    }
    return {phrase: reasons[phrase] for phrase in sorted(found, key=found.__getitem__)}


def assess(vitals: Vitals, complaint: str, reasons: dict[str, str]) -> Assessment:
    """NEWS2, raised to at least medium by any red flag in the complaint."""
    scored = score(vitals)
    flags = red_flags(complaint, reasons)
    urgency, reason = scored.risk, f"NEWS2 {scored.total}: {scored.risk} risk"
    if flags and ORDER.index(urgency) < ORDER.index(Risk.MEDIUM):
        urgency = Risk.MEDIUM
        named = "; ".join(f"{phrase} ({why})" for phrase, why in flags.items())
        reason = f"{reason}, raised to medium by red flags: {named}"
    return Assessment(
        **scored.model_dump(),
        red_flags=flags,
        urgency=urgency,
        reason=reason,
        response=RESPONSE[urgency],
    )


def assess_request(db: Database, request: JobRequest) -> Assessment:
    """The assessment of a job's intake, with the red flags of the red_flags table."""
    return assess(request.vitals, request.chief_complaint, RedFlags(db).reasons())
