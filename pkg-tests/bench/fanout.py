"""Worker fan-out, as `make bench` reports it: runs one local job (run_job.py, as
`make job` does) and reads back when each agent started and finished.

Run in a generated project's backend/ with its Python and MODEL=offline/<seconds>, so
every model turn takes as long as a real one would and the workers' overlap shows.
Prints JSON: the job's wall seconds, the workers' summed run time, and the span from the
first worker's start to the last one's finish (summed / span is the fan-out speedup:
N for N workers fully side by side, 1 for one after another).
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path.cwd()))

import run_job
from aws_agent_framework.database import connect
from aws_agent_framework.settings import get_settings
from database.models import AGENTS, Jobs


def main() -> None:
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        status = run_job.main([])
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit("the job did not complete")
    job = Jobs(connect(get_settings())).page_for_user("local-user", 1, 0)[0]
    workers = [r for r in job.results if r.agent in AGENTS[1:]]
    if len(workers) != len(AGENTS) - 1 or any(r.finished_at is None for r in workers):
        raise SystemExit(f"not every worker finished: {job.results}")
    summed = sum((r.finished_at - r.started_at).total_seconds() for r in workers)
    span = (
        max(r.finished_at for r in workers) - min(r.started_at for r in workers)
    ).total_seconds()
    print(json.dumps({"wall": wall, "workers": len(workers), "summed": summed, "span": span}))


if __name__ == "__main__":
    main()
