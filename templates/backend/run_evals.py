"""Runs every agent's eval cases (`<agent>/evals/cases.toml`) locally: `make eval`
(`AGENT=name` for one agent), or `make eval-compare A=<result.json> B=<result.json>`.

Each case runs through the agent's production path (see aws_agent_framework.evals), on
the model MODEL names (the offline model when unset) against the local database, as
the evals' own user. Prints a table per agent and case, writes a JSON result and a
markdown report to evals/results/, and exits non-zero when fewer than THRESHOLD of
the cases pass. With EVAL_JUDGE_MODEL set (e.g. bedrock/<model id>), a judge model
scores each case's rubric too; without one, that check is skipped and says so.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from pathlib import Path

from aws_agent_framework.agents import resolve_model
from aws_agent_framework.database import connect, migrate
from aws_agent_framework.evals import (
    CasesError,
    Check,
    judge,
    load_cases,
    pass_rate,
    run_case,
    table,
    write_report,
)
from aws_agent_framework.evals import compare as compare_results
from aws_agent_framework.settings import get_settings
from database.models import AGENTS, MIGRATIONS

BACKEND = Path(__file__).parent
RESULTS = BACKEND / "evals" / "results"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agent", choices=AGENTS, help="only this agent's cases")
    parser.add_argument(
        "--threshold", type=float, default=1.0, help="the share of cases that must pass, 0 to 1"
    )
    parser.add_argument("--compare", nargs=2, metavar=("A", "B"), help="compare two results")
    args = parser.parse_args(argv)
    if args.compare:
        before, after = (json.loads(Path(p).read_text(encoding="utf-8")) for p in args.compare)
        print(compare_results(before, after))
        return 0

    settings = get_settings()
    if not settings.local_mode:
        parser.error("run_evals.py runs locally: unset AURORA_CLUSTER_ARN first")
    chosen = [args.agent] if args.agent else list(AGENTS)
    try:
        cases = {agent: load_cases(BACKEND / agent / "evals" / "cases.toml") for agent in chosen}
    except CasesError as error:
        parser.error(str(error))
    judge_spec = os.environ.get("EVAL_JUDGE_MODEL", "")
    judge_model = resolve_model(judge_spec, agent_name="judge") if judge_spec else None
    db = connect(settings)
    migrate(db, MIGRATIONS)

    results = []
    for agent, agent_cases in cases.items():
        for case in agent_cases:
            result = run_case(db, agent, AGENTS[0], case)
            if case.expect.rubric:
                result.checks.append(
                    Check(name="judge", passed=None, detail="no EVAL_JUDGE_MODEL is set")
                    if judge_model is None
                    else asyncio.run(judge(judge_model, case, result.output))
                )
            results.append(result)
    print(table(results))
    label = {"model": settings.model or "offline", "judge": judge_spec or "none"}
    report = write_report(results, RESULTS, label)
    rate = pass_rate(results)
    print(f"\n{rate:.0%} of {len(results)} cases passed (threshold {args.threshold:.0%}).")
    print(f"Results: {report.relative_to(BACKEND)} (and the .md report beside it)")
    return 0 if rate >= args.threshold else 1


if __name__ == "__main__":
    sys.exit(main())
