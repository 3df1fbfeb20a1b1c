"""Evals: cases files, the deterministic checks, the judge (a scripted judge model: a
valid verdict, an unparsable one, a score out of range), the table and the comparison."""

import asyncio
import datetime as dt

import pytest
from agents.testing import ModelStep, ScriptedModel, assistant_message

from aws_agent_framework.evals import (
    CaseResult,
    CasesError,
    Check,
    EvalCase,
    check_case,
    compare,
    judge,
    load_cases,
    table,
)

CASES = """
[[cases]]
name = "overview"
request = { question = "Why?" }

[cases.expect]
tools_called = ["read_job_request"]
tools_not_called = ["delete_everything"]
max_requests = 2
max_tokens = 100
rubric = "Answers why."

[cases.expect.fields.summary]
min_length = 5
contains = "because"

[cases.expect.fields.score]
min = 0
max = 10
"""

# The checks of the case in CASES, in order.
EVERY_CHECK = [
    "completed",
    "field summary",
    "field score",
    "calls read_job_request",
    "never calls delete_everything",
    "requests <= 2",
    "tokens <= 100",
]

T0 = dt.datetime(2026, 1, 2, tzinfo=dt.UTC)


def row(**overrides):
    base = {
        "status": "completed",
        "payload": {"summary": "It is so because of X.", "score": 7},
        "requests": 2,
        "input_tokens": 60,
        "output_tokens": 30,
        "started_at": T0,
        "finished_at": T0 + dt.timedelta(seconds=3),
        "error": None,
    }
    return base | overrides


def test_cases_load_and_a_bad_field_is_named_with_its_file(tmp_path):
    good = tmp_path / "cases.toml"
    good.write_text(CASES)
    [case] = load_cases(good)
    assert case.expect.fields["summary"].contains == "because"

    bad = tmp_path / "bad.toml"
    bad.write_text('[[cases]]\nname = "x"\nrequest = {}\n[cases.expect]\nmax_tokenz = 3\n')
    with pytest.raises(CasesError, match=r"bad\.toml: case 1: expect\.max_tokenz: Extra inputs"):
        load_cases(bad)
    (tmp_path / "empty.toml").write_text("")
    with pytest.raises(CasesError, match="no \\[\\[cases\\]\\]"):
        load_cases(tmp_path / "empty.toml")


def test_a_run_that_meets_every_expectation_passes_every_check(tmp_path):
    (tmp_path / "c.toml").write_text(CASES)
    [case] = load_cases(tmp_path / "c.toml")
    checks = check_case(case, row(), ["read_job_request", "read_earlier_results"])
    assert all(c.passed for c in checks), checks
    assert [c.name for c in checks] == EVERY_CHECK


def test_each_broken_expectation_fails_its_own_check(tmp_path):
    (tmp_path / "c.toml").write_text(CASES)
    [case] = load_cases(tmp_path / "c.toml")
    broken = row(payload={"summary": "No.", "score": 11}, requests=3, input_tokens=90)
    failed = {
        c.name: c.detail for c in check_case(case, broken, ["delete_everything"]) if not c.passed
    }
    # Everything but the run itself, which completed.
    assert set(failed) == set(EVERY_CHECK) - {"completed"}
    assert (
        "shorter than 5" in failed["field summary"]
        and "does not contain" in failed["field summary"]
    )
    assert failed["tokens <= 100"] == "used 120"
    # A failed run (its output never had the declared type) fails, and its fields are missing.
    checks = check_case(case, row(status="failed", payload=None, error="The agent failed."), [])
    assert checks[0] == Check(name="completed", passed=False, detail="The agent failed.")
    assert "missing from the output" in checks[1].detail


def judged(*answers):
    """A scripted judge model giving `answers` as its turns."""
    return ScriptedModel([ModelStep(output=[assistant_message(a)]) for a in answers])


def run_judge(model):
    case = EvalCase(name="c", request={"question": "Why?"}, expect={"rubric": "Answers why."})
    return asyncio.run(judge(model, case, {"summary": "Because."}))


def test_the_judge_scores_the_rubric_and_a_bad_verdict_fails_the_check_with_why():
    good = run_judge(judged('{"score": 0.9, "reason": "It answers why."}'))
    assert good.passed and good.detail == "score 0.90 (needs 0.70): It answers why."
    low = run_judge(judged('{"score": 0.2, "reason": "Off topic."}'))
    assert low.passed is False and low.detail.startswith("score 0.20")
    for answer in ("I think it is fine", '{"score": 3, "reason": "great"}', '{"score": 0.5}'):
        bad = run_judge(judged(answer, answer))
        assert bad.passed is False
        assert bad.detail.startswith("the judge gave no valid verdict"), bad.detail


def result(case, passed, tokens):
    check = Check(name="field summary", passed=passed, detail="" if passed else "too short")
    return CaseResult(
        agent="writer", case=case, status="completed", checks=[check], input_tokens=tokens
    )


def test_the_table_names_failed_checks_and_compare_shows_each_cases_change():
    before = [result("a", True, 100), result("b", True, 50)]
    after = [result("a", False, 80), result("b", True, 50)]
    text = table(after)
    assert "writer  a     FAIL    0/1" in text
    assert "writer/a: field summary FAILED: too short" in text

    def as_json(results):
        return {
            "pass_rate": sum(r.passed for r in results) / 2,
            "results": [r.model_dump(mode="json") for r in results],
        }

    diff = compare(as_json(before), as_json(after)).splitlines()
    assert diff[0] == "pass rate 100% -> 50%"
    assert diff[1] == "writer/a: PASS -> FAIL; tokens 100 -> 80; field summary: True -> False"
    assert diff[2] == "writer/b: PASS -> PASS; tokens 50 -> 50"
