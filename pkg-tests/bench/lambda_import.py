"""Import time of a generated agent Lambda against the source app's stack, as `make bench`
reports it. Runs with a generated project's own Python (`backend/.venv/bin/python`), so
the source app's stack is installed by the same packager code, for the same platform, at
the versions the project's uv.lock pins.

    lambda_import.py --zip backend/dist/orchestrator.zip --lambda-python PY --uv UV --runs 5

Prints JSON: per stack and bytecode mode, the median import seconds and the median peak
RSS in MiB of fresh processes of the runtime's Python with only boto3 beside the code
(as the Lambda runtime provides it), never writing bytecode (Lambda's code folder is
read-only).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import zipfile
from pathlib import Path

from aws_agent_framework.packaging import (
    compile_bytecode,
    export_locked_versions,
    install_dependencies,
)

# The source app's agent dependencies (ed-donner/alex backend/planner/pyproject.toml,
# boto3 aside: the runtime has it) and what its handler imports at cold start.
SOURCE_REQUIREMENTS = ["openai-agents[litellm]", "langfuse", "pydantic", "tenacity"]
SOURCE_IMPORTS = (
    "from agents import Agent, Runner, trace\n"
    "from agents.extensions.models.litellm_model import LitellmModel\n"
    "from litellm.exceptions import RateLimitError\n"
    "import langfuse, pydantic, tenacity\n"
)
OURS_IMPORTS = "import lambda_handler\n"

TIMER = """
import resource, sys, time
start = time.perf_counter()
exec(compile(sys.argv[1], "<imports>", "exec"))
took = time.perf_counter() - start
print(took, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def measure(python: str, folder: Path, imports: str, runs: int) -> dict[str, float]:
    env = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": str(folder),
        "PYTHONDONTWRITEBYTECODE": "1",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    seconds, mib = [], []
    for _ in range(runs):
        out = subprocess.run(  # noqa: S603
            [python, "-c", TIMER, imports],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        seconds.append(float(out[0]))
        mib.append(float(out[1]))
    return {"seconds": statistics.median(seconds), "mib": statistics.median(mib)}


def without_bytecode(folder: Path, into: Path) -> Path:
    shutil.copytree(folder, into, ignore=shutil.ignore_patterns("__pycache__"))
    return into


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zip", required=True, help="a generated agent's x86_64 Lambda zip")
    parser.add_argument("--backend", required=True, help="the generated project's backend/")
    parser.add_argument("--lambda-python", required=True, help="a Python 3.12")
    parser.add_argument("--uv", required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-lambda-") as work:
        root = Path(work)
        runtime = root / "runtime"
        # The Lambda runtime: its Python with boto3, compiled as the runtime ships it.
        subprocess.run([args.uv, "venv", "-q", "-p", args.lambda_python, str(runtime)], check=True)  # noqa: S603
        python = str(runtime / "bin" / "python")
        install = [args.uv, "pip", "install", "-q", "--compile-bytecode", "-p", python, "boto3"]
        subprocess.run(install, check=True)  # noqa: S603

        ours = root / "ours"
        with zipfile.ZipFile(args.zip) as archive:
            archive.extractall(ours)
        source = root / "source"
        pins = export_locked_versions(Path(args.backend), root / "pins.txt", args.uv)
        install_dependencies(
            SOURCE_REQUIREMENTS,
            source,
            arch="x86_64",
            python_version="3.12",
            uv=args.uv,
            constraints=pins,
        )
        compile_bytecode(source, args.lambda_python)

        results = {}
        for name, folder, imports in (
            ("ours", ours, OURS_IMPORTS),
            ("source", source, SOURCE_IMPORTS),
        ):
            results[name] = {
                "bytecode": measure(python, folder, imports, args.runs),
                "none": measure(
                    python, without_bytecode(folder, root / f"{name}-plain"), imports, args.runs
                ),
                "mb": sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6,
            }
        print(json.dumps(results))


if __name__ == "__main__":
    main()
