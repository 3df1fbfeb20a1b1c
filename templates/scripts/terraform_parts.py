"""The Terraform parts of {{ app_name }} and how they feed each other.

Each folder terraform/<N>_<name>/ is its own root module with its own state. An output of
an earlier part feeds the variable of the same name in a later part (5_database's
aurora_cluster_arn becomes 6_agents' aurora_cluster_arn), so nothing is copied by hand.
deploy.py and destroy.py are thin commands over this module; `--plan` shows what they
would do, `--dry-run` only which commands they would run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TERRAFORM_DIR = ROOT / "terraform"
PERMISSIONS = "1_permissions"
# The Lambda packages (backend/dist/<name>.zip) each part deploys.
LAMBDA_PACKAGES = {
{% if vectors != "none" %}
    "3_vectors": ["ingest"],
{% endif %}
{% if async_service != "none" %}
    "4_async_service": ["{{ async_service }}"],
{% endif %}
    "6_agents": [
{% for agent in agents %}
        "{{ agent.name }}",
{% endfor %}
        "migrate",
    ],
    "7_frontend": ["api"],
}


@dataclass
class Part:
    """One numbered Terraform folder."""

    name: str
    path: Path
    variables: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)

    @property
    def number(self) -> int:
        return int(self.name.split("_", 1)[0])


def discover(terraform_dir: Path = TERRAFORM_DIR) -> list[Part]:
    """Every numbered part, in order, with the variables and outputs it declares."""
    parts = []
    for path in sorted(terraform_dir.iterdir(), key=lambda p: p.name):
        if not (path.is_dir() and re.match(r"^\d+_", path.name)):
            continue
        source = "\n".join(f.read_text() for f in sorted(path.glob("*.tf")))
        variables = re.findall(r'^variable "(\w+)"', source, re.MULTILINE)
        outputs = re.findall(r'^output "(\w+)"', source, re.MULTILINE)
        parts.append(Part(path.name, path, variables, outputs))
    return sorted(parts, key=lambda p: p.number)


def wiring(parts: list[Part]) -> dict[str, dict[str, str]]:
    """For each part, {variable: "<earlier part>.<output>"} for the variables fed by an output."""
    feeds: dict[str, dict[str, str]] = {}
    provided: dict[str, str] = {}
    for part in parts:
        feeds[part.name] = {v: provided[v] for v in part.variables if v in provided}
        for output in part.outputs:
            provided[output] = f"{part.name}.{output}"
    return feeds


def select(parts: list[Part], numbers: list[int] | None) -> list[Part]:
    """The parts asked for by number; by default all but 1_permissions (an admin applies it)."""
    if numbers:
        known = {p.number for p in parts}
        missing = sorted(set(numbers) - known)
        if missing:
            sys.exit(f"no part numbered {missing} in terraform/ (this app has {sorted(known)})")
        return [p for p in parts if p.number in numbers]
    return [p for p in parts if p.name != PERMISSIONS]


def terraform_binary() -> str:
    binary = os.environ.get("TERRAFORM", "terraform")
    if shutil.which(binary) is None:
        sys.exit(f"{binary!r} not found: install Terraform >= 1.5 or set TERRAFORM to its path")
    return binary


# IAM changes (a user just added to the deployers group, a role just created) take a
# while to reach every AWS endpoint: an authorization error is retried for this long.
PROPAGATION_SECONDS = float(os.environ.get("IAM_PROPAGATION_WAIT", "90"))
DENIED = re.compile(r"AccessDenied|not authorized to perform|UnauthorizedOperation")


def run(args: list[str], retry_denied: bool = False) -> None:
    """Run a command, streaming its output; on an authorization error retry while IAM
    changes may still be propagating, then exit naming the command."""
    deadline = time.monotonic() + (PROPAGATION_SECONDS if retry_denied else 0)
    while True:
        print("$ " + " ".join(args), flush=True)
        process = subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        denied = False
        for line in process.stdout or []:
            print(line, end="", flush=True)
            denied = denied or bool(DENIED.search(line))
        if process.wait() == 0:
            return
        if not (denied and time.monotonic() < deadline):
            sys.exit(f"failed ({process.returncode}): {' '.join(args[:3])}")
        print(
            "access denied: waiting 15 s for IAM permissions to propagate, then retrying",
            flush=True,
        )
        time.sleep(15)


def outputs_of(binary: str, part: Part) -> dict[str, str]:
    result = subprocess.run(
        [binary, f"-chdir={part.path}", "output", "-json"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        return {}
    return {name: value["value"] for name, value in json.loads(result.stdout or "{}").items()}


def deployed(binary: str, part: Part) -> bool:
    """Whether the part's (initialised) state holds any resource, local or remote."""
    listed = subprocess.run(
        [binary, f"-chdir={part.path}", "state", "list"],
        capture_output=True,
        text=True,
        check=False,
    )
    return bool(listed.stdout.strip())


def resolve(feeds: dict[str, str], known: dict[str, dict[str, str]], part: Part) -> dict[str, str]:
    values = {}
    for variable, source in feeds.items():
        source_part, output = source.split(".", 1)
        value = known.get(source_part, {}).get(output)
        if value is None:
            sys.exit(
                f"{part.name} needs {variable} from {source_part}, which has no output {output}: apply {source_part} first"
            )
        values[variable] = value
    return values


def check_packages(part: Part) -> None:
    """A part that deploys Lambda functions needs their zips built first."""
    dist = ROOT / "backend" / "dist"
    absent = [
        f"{name}.zip"
        for name in LAMBDA_PACKAGES.get(part.name, [])
        if not (dist / f"{name}.zip").exists()
    ]
    if absent:
        sys.exit(
            f"{part.name} deploys Lambda packages not built yet: {', '.join(absent)} in "
            "backend/dist/ — run `make package` first"
        )


def migrate(function_arn: str) -> None:
    """Apply the database migrations on AWS through the migrate function part 6 deploys
    (so nobody needs database access to change the schema)."""
    uv = os.environ.get("UV", "uv")
    run(
        [
            uv,
            "run",
            "--directory",
            str(ROOT / "backend"),
            "aws-agent-framework",
            "migrate",
            "--function",
            function_arn,
        ],
        retry_denied=True,
    )


def main(action: str) -> None:
    parser = argparse.ArgumentParser(
        description=f"{action.capitalize()} the Terraform parts in order, wiring outputs to variables."
    )
    parser.add_argument(
        "--part", type=int, action="append", help="only this part (repeatable), e.g. --part 5"
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="print the plan and the variables passed; change nothing",
    )
    parser.add_argument("--yes", action="store_true", help="do not ask terraform for confirmation")
    parser.add_argument(
        "--plan",
        action="store_true",
        help="run terraform plan with the wired variables; change nothing",
    )
    parser.add_argument(
        "terraform_args",
        nargs="*",
        help="after --: more terraform arguments, e.g. -- -replace=ADDRESS",
    )
    args = parser.parse_args()

    parts = discover()
    feeds = wiring(parts)
    chosen = select(parts, args.part)
    if action == "destroy":
        chosen = list(reversed(chosen))

    if args.dry_run:
        print(f"{action} plan for {ROOT.name} ({len(chosen)} parts):")
        for step, part in enumerate(chosen, 1):
            print(f"{step}. terraform -chdir=terraform/{part.name} {action}")
            for variable, source in feeds[part.name].items():
                print(
                    f"     -var {variable}=<output {source.split('.', 1)[1]} of {source.split('.', 1)[0]}>"
                )
        if not args.part:
            print(
                f"({PERMISSIONS} is applied once by an administrator: scripts/deploy.py --part 1)"
            )
        return

    binary = terraform_binary()
    # Only the parts that feed a chosen one: each `terraform output` takes a while.
    feeding = {source.split(".", 1)[0] for part in chosen for source in feeds[part.name].values()}
    known = {part.name: outputs_of(binary, part) for part in parts if part.name in feeding}
    for part in chosen:
        if action == "apply":
            check_packages(part)
        run([binary, f"-chdir={part.path}", "init", "-input=false"])
        if action == "destroy" and not deployed(binary, part):
            print(f"{part.name}: nothing deployed, nothing to destroy", flush=True)
            continue
        variables = resolve(feeds[part.name], known, part)
        command = [binary, f"-chdir={part.path}", "plan" if args.plan else action]
        if args.plan and action == "destroy":
            command.append("-destroy")
        command += [f"-var={k}={v}" for k, v in variables.items()] + args.terraform_args
        if args.yes and not args.plan:
            # Without --yes terraform asks before changing anything (-input=false would
            # make it refuse instead).
            command += ["-input=false", "-auto-approve"]
        run(command, retry_denied=True)
        if args.plan:
            continue
        known[part.name] = outputs_of(binary, part) if action == "apply" else {}
        if action == "apply" and "migrate_function_arn" in known[part.name]:
            migrate(known[part.name]["migrate_function_arn"])
