"""Evals: an agent's example cases run through the production path, then scored.

Each agent keeps its cases in `<agent>/evals/cases.toml` (see `EvalCase`). `run_case`
creates a job with the case's request and runs the agent on it exactly as on Lambda,
in-process: the orchestrator through an SQS event to its handler (calling the workers
as it does in production), a worker through the invoker's direct call on the running
job. Its row of job_results, its usage and its tool calls (job_tool_calls) are then
checked against the case's expectations:

- deterministic checks: the run completed (so its output had the declared type), each
  listed field meets its condition, the required tools were called and the forbidden
  ones not, and requests, tokens and seconds stayed within budget;
- the judge, when a judge model is given: an LLM reads the rubric, the request and the
  output and answers a score from 0 to 1 with a reason; the case needs `judge_min`. A
  judge answer that is not a valid verdict fails that check, naming what was wrong.
  With the offline model there is no judge: the check is skipped and says so.

`write_report` saves the results as JSON (for `compare`) and a markdown report.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import tomllib
import uuid
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from aws_agent_framework.database import Database


class FieldCheck(BaseModel):
    """Conditions on one field of the agent's output; every one given must hold."""

    model_config = ConfigDict(extra="forbid")

    equals: Any = None
    contains: str | None = None
    min_length: int | None = Field(default=None, description="Characters of a string")
    min_items: int | None = Field(default=None, description="Items of a list")
    min: float | None = None
    max: float | None = None


class Expectations(BaseModel):
    model_config = ConfigDict(extra="forbid")

    fields: dict[str, FieldCheck] = Field(default_factory=dict)
    tools_called: list[str] = Field(default_factory=list)
    tools_not_called: list[str] = Field(default_factory=list)
    max_requests: int | None = None
    max_tokens: int | None = Field(default=None, description="Input and output tokens")
    max_seconds: float | None = None
    rubric: str | None = Field(default=None, description="What a good answer does, in words")
    judge_min: float = Field(default=0.7, ge=0, le=1)


class EvalCase(BaseModel):
    """One example: the job request, what the orchestrator asks (workers), expectations."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    request: dict[str, Any]
    task: str = ""
    expect: Expectations = Field(default_factory=Expectations)


class Check(BaseModel):
    name: str
    # None: skipped (e.g. no judge model), counted neither way.
    passed: bool | None
    detail: str = ""


class CaseResult(BaseModel):
    agent: str
    case: str
    status: str
    checks: list[Check]
    output: Any = None
    requests: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float | None = None
    seconds: float | None = None

    @property
    def passed(self) -> bool:
        return all(check.passed is not False for check in self.checks)


class Verdict(BaseModel):
    """The judge's answer."""

    score: float = Field(ge=0, le=1, description="0 (fails the rubric) to 1 (meets it fully)")
    reason: str = Field(min_length=1, description="Why, in one or two sentences")


class CasesError(ValueError):
    """A cases file that cannot be used; the message names the file and the field."""


def load_cases(path: Path) -> list[EvalCase]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise CasesError(f"{path}: {error}") from error
    cases = []
    for index, raw in enumerate(data.get("cases", [])):
        try:
            cases.append(EvalCase.model_validate(raw))
        except ValidationError as error:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or 'case'}: {e['msg']}"
                for e in error.errors()
            )
            raise CasesError(f"{path}: case {index + 1}: {problems}") from error
    if not cases:
        raise CasesError(f"{path}: no [[cases]]: add at least one")
    return cases


def _field_problems(name: str, value: Any, check: FieldCheck) -> list[str]:
    problems = []
    if check.equals is not None and value != check.equals:
        problems.append(f"{name} is {value!r}, not {check.equals!r}")
    if check.contains is not None and check.contains.lower() not in str(value).lower():
        problems.append(f"{name} does not contain {check.contains!r}")
    if check.min_length is not None and len(str(value or "")) < check.min_length:
        problems.append(f"{name} is shorter than {check.min_length} characters")
    if check.min_items is not None and len(value or []) < check.min_items:
        problems.append(f"{name} has fewer than {check.min_items} items")
    for bound, fails in (("min", lambda v, b: v < b), ("max", lambda v, b: v > b)):
        limit = getattr(check, bound)
        if limit is not None and (not isinstance(value, int | float) or fails(value, limit)):
            problems.append(f"{name} is {value!r}, outside {bound} {limit}")
    return problems


def check_case(case: EvalCase, row: dict[str, Any], tools: list[str]) -> list[Check]:
    """The deterministic checks of one run: its row of job_results and its tool names."""
    expect = case.expect
    completed = row.get("status") == "completed"
    checks = [Check(name="completed", passed=completed, detail=row.get("error") or "")]
    payload = row.get("payload") if isinstance(row.get("payload"), dict) else {}
    for name, field_check in expect.fields.items():
        if name not in payload:
            problems = [f"{name} is missing from the output"]
        else:
            problems = _field_problems(name, payload[name], field_check)
        checks.append(Check(name=f"field {name}", passed=not problems, detail="; ".join(problems)))
    for tool in expect.tools_called:
        checks.append(Check(name=f"calls {tool}", passed=tool in tools))
    for tool in expect.tools_not_called:
        checks.append(Check(name=f"never calls {tool}", passed=tool not in tools))
    tokens = (row.get("input_tokens") or 0) + (row.get("output_tokens") or 0)
    seconds = _seconds(row)
    for name, used, limit in (
        ("requests", row.get("requests") or 0, expect.max_requests),
        ("tokens", tokens, expect.max_tokens),
        ("seconds", seconds, expect.max_seconds),
    ):
        if limit is not None:
            within = used is not None and used <= limit
            checks.append(Check(name=f"{name} <= {limit}", passed=within, detail=f"used {used}"))
    return checks


def _seconds(row: dict[str, Any]) -> float | None:
    start, end = row.get("started_at"), row.get("finished_at")
    return round((end - start).total_seconds(), 2) if start and end else None


JUDGE_INSTRUCTIONS = (
    "You grade one answer of an AI agent against a rubric. Read the rubric, the request "
    "and the answer; give a score from 0 (fails the rubric) to 1 (meets it fully) and a "
    "short reason. Judge only what the rubric asks."
)


async def score(model: Any, rubric: str, request: Any, output: Any) -> Verdict:
    """A judge model's (an Agents SDK Model's) verdict on `output` for `request` against
    `rubric`; raises when its answer is not a valid verdict. The evals' judge and the
    online judge of real jobs (agents/handler.py) both ask it."""
    from agents import Agent, Runner

    prompt = json.dumps({"rubric": rubric, "request": request, "answer": output}, default=str)
    agent = Agent(name="judge", instructions=JUDGE_INSTRUCTIONS, model=model, output_type=Verdict)
    result = await Runner.run(agent, prompt, max_turns=2)
    return result.final_output_as(Verdict, raise_if_incorrect_type=True)


async def judge(model: Any, case: EvalCase, output: Any) -> Check:
    """The rubric's check by a judge model (an Agents SDK Model)."""
    try:
        verdict = await score(model, case.expect.rubric, case.request, output)
    except Exception as error:  # a judge's bad answer fails the check, not the run
        return Check(name="judge", passed=False, detail=f"the judge gave no valid verdict: {error}")
    passed = verdict.score >= case.expect.judge_min
    return Check(
        name="judge",
        passed=passed,
        detail=f"score {verdict.score:.2f} (needs {case.expect.judge_min:.2f}): {verdict.reason}",
    )


def new_job(db: Database, request: dict[str, Any], user_id: str = "eval") -> uuid.UUID:
    """A pending job of the evals' own user, with `request` as its payload."""
    db.execute(
        "INSERT INTO users (user_id, display_name) VALUES (:id, 'Evals') "
        "ON CONFLICT (user_id) DO NOTHING",
        {"id": user_id},
    )
    rows = db.execute(
        "INSERT INTO jobs (user_id, request_payload) VALUES (:user, CAST(:request AS jsonb)) "
        "RETURNING id",
        {"user": user_id, "request": request},
    )
    return rows[0]["id"]


def run_case(db: Database, agent: str, orchestrator: str, case: EvalCase) -> CaseResult:
    """Runs `case` on `agent` through its production path and returns its result,
    deterministic checks included."""
    from aws_agent_framework.agents import AgentInvoker, InProcessTransport, JobStore
    from aws_agent_framework.events import LambdaContext, sqs_event, sqs_record

    store = JobStore(db)
    job_id = new_job(db, case.request)
    transport = InProcessTransport()
    if agent == orchestrator:
        event = sqs_event(sqs_record({"job_id": str(job_id)}))
        transport.handler(agent)(event, LambdaContext(function_name=agent))
    else:
        store.claim(job_id)
        invoker = AgentInvoker(transport)
        # A failure is in the agent's row, which the checks read.
        with contextlib.suppress(Exception):
            asyncio.run(invoker.invoke(agent, job_id, case.task or json.dumps(case.request)))
        # Only this worker ran on the job: end it, so it does not look like a live one.
        store.fail(job_id, f"Eval case {case.name!r}: only {agent} ran on this job.")
    rows = {row["agent"]: row for row in store.results(job_id)}
    row = rows.get(agent, {"status": "not started", "error": "the agent never started"})
    tools = [call["tool"] for call in store.tool_calls(job_id) if call["agent"] == agent]
    return CaseResult(
        agent=agent,
        case=case.name,
        status=row["status"],
        checks=check_case(case, row, tools),
        output=row.get("payload"),
        requests=row.get("requests") or 0,
        input_tokens=row.get("input_tokens") or 0,
        output_tokens=row.get("output_tokens") or 0,
        cost_usd=row.get("cost_usd"),
        seconds=_seconds(row),
    )


def table(results: list[CaseResult]) -> str:
    """One line per case: agent, case, PASS/FAIL, checks passed, tokens, seconds; then
    each failed or skipped check."""
    header = ("agent", "case", "result", "checks", "tokens", "seconds")
    rows = [header]
    notes = []
    for r in results:
        done = [c for c in r.checks if c.passed is not None]
        passed = sum(1 for c in done if c.passed)
        seconds = "-" if r.seconds is None else f"{r.seconds:.1f}"
        tokens = f"{r.input_tokens + r.output_tokens:,}"
        rows.append(
            (
                r.agent,
                r.case,
                "PASS" if r.passed else "FAIL",
                f"{passed}/{len(done)}",
                tokens,
                seconds,
            )
        )
        for c in r.checks:
            if c.passed is not True:
                state = "skipped" if c.passed is None else "FAILED"
                notes.append(
                    f"  {r.agent}/{r.case}: {c.name} {state}{': ' + c.detail if c.detail else ''}"
                )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(lines + notes)


def pass_rate(results: list[CaseResult]) -> float:
    return sum(r.passed for r in results) / len(results) if results else 0.0


def write_report(results: list[CaseResult], out_dir: Path, label: dict[str, Any]) -> Path:
    """Saves `<time>.json` (for compare) and `<time>.md` in `out_dir`; the JSON's path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    data = {
        "run": label,
        "pass_rate": pass_rate(results),
        "results": [r.model_dump(mode="json") for r in results],
    }
    json_path = out_dir / f"{stamp}.json"
    json_path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    agents = sorted({r.agent for r in results})
    chart = []
    for agent in agents:
        mine = [r for r in results if r.agent == agent]
        rate = pass_rate(mine)
        chart.append(f"{agent:<20} {'█' * round(rate * 20):<20} {rate:.0%} of {len(mine)} cases")
    details = "\n".join(f"- **{k}**: {v}" for k, v in label.items())
    (out_dir / f"{stamp}.md").write_text(
        f"# Eval report {stamp}\n\n{details}\n\n"
        f"Pass rate: **{pass_rate(results):.0%}**\n\n```\n" + "\n".join(chart) + "\n```\n\n"
        f"```\n{table(results)}\n```\n",
        encoding="utf-8",
    )
    return json_path


def compare(before: dict[str, Any], after: dict[str, Any]) -> str:
    """Case by case, what changed between two JSON results (e.g. two models or two
    instruction versions): the verdict, checks, tokens and seconds."""

    def by_case(data: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
        return {(r["agent"], r["case"]): r for r in data["results"]}

    a, b = by_case(before), by_case(after)
    lines = [f"pass rate {before['pass_rate']:.0%} -> {after['pass_rate']:.0%}"]
    for key in sorted(a.keys() | b.keys()):
        name = "/".join(key)
        if key not in a or key not in b:
            lines.append(f"{name}: only in {'B' if key not in a else 'A'}")
            continue
        ra, rb = a[key], b[key]
        ok_a, ok_b = (all(c["passed"] is not False for c in r["checks"]) for r in (ra, rb))
        verdict = f"{'PASS' if ok_a else 'FAIL'} -> {'PASS' if ok_b else 'FAIL'}"
        tokens_a = ra["input_tokens"] + ra["output_tokens"]
        tokens_b = rb["input_tokens"] + rb["output_tokens"]
        changes = [f"tokens {tokens_a:,} -> {tokens_b:,}"]
        if ra.get("seconds") is not None and rb.get("seconds") is not None:
            changes.append(f"seconds {ra['seconds']:.1f} -> {rb['seconds']:.1f}")
        checks_a = {c["name"]: c["passed"] for c in ra["checks"]}
        for check in rb["checks"]:
            if checks_a.get(check["name"]) != check["passed"]:
                changes.append(
                    f"{check['name']}: {checks_a.get(check['name'])} -> {check['passed']}"
                )
        lines.append(f"{name}: {verdict}; " + "; ".join(changes))
    return "\n".join(lines)
