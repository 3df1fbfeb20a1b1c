"""`make rehearse`: deploy the whole project by its guides against a local AWS emulator.

1. Copy the project into a temporary folder (the user's tree and Terraform state are
   never touched) and write an override file into every Terraform part that points the
   AWS provider at the emulator.
2. Start the emulator (`emulator.py`: moto with IAM enforced by `iam.py`), create an
   administrator, and a deploy user.
3. Check statically that the deploy group grants what every resource type needs.
4. Run the guides' shell blocks in order (`guides.py`): ``bash admin`` blocks as the
   administrator, ``bash`` blocks as the deploy user; after each part is applied, plan it
   again with its queue or stack replaced (unknown values must not break a plan).
5. Lint every IAM policy the deploy created, run the "stop paying" blocks in reverse
   order, and check that nothing is left.

It prints one table (part | plan | apply | post-deploy | destroy) with the IAM action
behind every AccessDenied, the manual steps and the emulator's gaps, and exits non-zero
unless everything passed.
"""

from __future__ import annotations

import base64
import json
import os
import re
import resource
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import iam
from .emulator import GAPS
from .guides import Block, guide_blocks

DEPLOY_USER = "rehearsal-deployer"
# What the guides ask a person to supply, as placeholders (no real secret is needed).
GUIDE_INPUTS = {
    "DEPLOY_USER": DEPLOY_USER,
    "ALERT_EMAIL": "alerts@example.com",
    "LANGFUSE_PUBLIC_KEY": "pk-lf-rehearsal",
    "LANGFUSE_SECRET_KEY": "sk-lf-rehearsal",
    "LANGFUSE_HOST": "https://cloud.langfuse.com",
    # A publishable key names its Clerk instance: the one terraform.tfvars.example names.
    "NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY": "pk_test_"
    + base64.b64encode(b"your-app.clerk.accounts.dev$").decode().rstrip("="),
}
SKIPPED = "rehearsal skipped:"
# Defined before every block: a command that would leave this machine is skipped, named
# in the report, never run (the emulator serves no API Gateway or CloudFront URL).
PRELUDE = f"""
curl() {{
  for arg in "$@"; do
    case "$arg" in
      http://127.0.0.1*|http://localhost*) ;;
      http://*|https://*) echo "{SKIPPED} curl $* (the emulator serves no API Gateway or CloudFront URL)"; return 0 ;;
    esac
  done
  command curl "$@"
}}
"""
# Resources whose replacement makes attributes other resources read unknown at plan time.
REPLANNED_TYPES = (
    "aws_sqs_queue",
    "aws_cloudformation_stack",
    "aws_opensearchserverless_collection",
)
# Services whose endpoints the override file points at the emulator.
SERVICES = [
    "apigatewayv2",
    "budgets",
    "cloudformation",
    "cloudfront",
    "cloudwatch",
    "cognitoidp",
    "dynamodb",
    "ec2",
    "events",
    "iam",
    "kms",
    "lambda",
    "logs",
    "opensearchserverless",
    "rds",
    "s3",
    "sagemaker",
    "scheduler",
    "secretsmanager",
    "sns",
    "sqs",
    "ssm",
    "sts",
    "wafv2",
]
COPY_IGNORED = shutil.ignore_patterns(
    ".git",
    ".terraform",
    "terraform.tfstate*",
    ".venv",
    "node_modules",
    ".next",
    "out",
    "__pycache__",
    ".ruff_cache",
    ".pytest_cache",
    ".local",
)


@dataclass
class PartResult:
    """One row of the report."""

    plan: str = "-"
    apply: str = "-"
    post: list[bool] = field(default_factory=list)
    destroy: str = "-"
    denied: set[str] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        # Errors count on their own: a command can fail before Terraform fills a cell
        # (a failed `terraform init` leaves plan and apply at "-").
        cells = (self.plan, self.apply, self.destroy)
        return (
            all(not c.startswith("FAIL") for c in cells)
            and all(self.post)
            and not self.denied
            and not self.errors
        )


@dataclass
class Report:
    parts: dict[str, PartResult] = field(default_factory=dict)
    manual: list[Block] = field(default_factory=list)
    missing_grants: list[tuple[str, str, str]] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    findings: list[iam.Finding] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return all(p.ok for p in self.parts.values()) and not (
            self.missing_grants or self.unmapped or self.findings or self.leftovers
        )

    def part(self, name: str) -> PartResult:
        return self.parts.setdefault(name, PartResult())

    def render(self) -> str:
        rows = [("part", "plan", "apply", "post-deploy steps", "destroy")]
        for name, r in sorted(self.parts.items(), key=lambda kv: int(kv[0].split("_")[0])):
            post = f"{sum(r.post)}/{len(r.post)} ok" if r.post else "-"
            if r.post and not all(r.post):
                post = "FAIL " + post
            rows.append((name, r.plan, r.apply, post, r.destroy))
        widths = [max(len(row[i]) for row in rows) for i in range(5)]
        lines = [
            " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
            for row in rows
        ]
        lines.insert(1, "-+-".join("-" * w for w in widths))
        for name, r in self.parts.items():
            for action in sorted(r.denied):
                lines.append(f"AccessDenied in {name}: {action}")
            for error in r.errors[:5]:
                lines.append(f"error in {name}: {error}")
        for kind, action, arn in self.missing_grants:
            lines.append(f"deploy group lacks {action} on {arn} (needed for {kind})")
        for kind in self.unmapped:
            lines.append(f"no IAM needs known for {kind}: add it to rehearsal.iam.REQUIRED_ACTIONS")
        for finding in self.findings:
            lines.append(
                f"IAM lint {finding.policy}: {finding.severity} {finding.issue} {finding.detail}"
            )
        for leftover in self.leftovers:
            lines.append(f"left after destroy: {leftover}")
        if self.skipped:
            lines.append("commands skipped (they would leave this machine):")
            lines += [f"  {command}" for command in self.skipped]
        if self.manual:
            lines.append("manual steps (not rehearsed):")
            lines += [f"  {b.guide}: {b.reason}" for b in self.manual]
        lines.append("emulator gaps (the emulator cannot do these; what is checked instead):")
        lines += [f"  {api}: {reason}" for api, reason in GAPS.items()]
        verdict = "PASSED" if self.ok else "FAILED"
        lines.append(f"rehearsal {verdict} in {self.seconds:.0f} s")
        return "\n".join(lines)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def emulator(workdir: Path) -> Iterator[tuple[str, Path]]:
    """A running emulator: (endpoint URL, decisions log)."""
    port = _free_port()
    decisions = workdir / "decisions.jsonl"
    decisions.touch()
    log = (workdir / "emulator.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aws_agent_framework.rehearsal.emulator",
            "--port",
            str(port),
            "--decisions",
            str(decisions),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        # Importing moto takes seconds, and minutes on a busy machine (CI runs two
        # rehearsals side by side).
        deadline = time.monotonic() + 180
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"the emulator did not start: see {workdir / 'emulator.log'}"
                    ) from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}", decisions
    finally:
        process.terminate()
        process.wait(10)
        log.close()


def override(aliases: list[str], url: str) -> str:
    """A Terraform override file pointing the AWS provider (and its aliases) at `url`."""
    endpoints = "\n".join(f"    {service} = {json.dumps(url)}" for service in SERVICES)
    blocks = []
    for alias in [None, *aliases]:
        alias_line = f'  alias = "{alias}"\n' if alias else ""
        blocks.append(
            f'provider "aws" {{\n{alias_line}'
            "  skip_credentials_validation = true\n"
            "  skip_metadata_api_check     = true\n"
            "  s3_use_path_style           = true\n"
            "  # An API the emulator lacks fails at once instead of retrying for minutes.\n"
            "  max_retries = 2\n"
            f"  endpoints {{\n{endpoints}\n  }}\n}}\n"
        )
    # A remote backend the user configured is replaced by local state in the copy.
    return 'terraform {\n  backend "local" {}\n}\n\n' + "\n".join(blocks)


class Rehearsal:
    def __init__(self, project: Path, workdir: Path, url: str, decisions: Path) -> None:
        answers = json.loads((project / ".create-agent-app.json").read_text())
        config = answers.get("config", answers)
        self.app = config["app_name"]
        self.region = config.get("aws_region", "us-east-1")
        self.workdir = workdir
        self.project = workdir / "project"
        self.url = url
        self.decisions = decisions
        self.logs = workdir / "logs"
        self.logs.mkdir()
        self.report = Report()
        self._copy(project)

    # --- setup ------------------------------------------------------------------------

    def _copy(self, source: Path) -> None:
        shutil.copytree(source, self.project, ignore=COPY_IGNORED, symlinks=True)
        modules = source / "frontend" / "node_modules"
        if modules.is_dir():  # reuse an installed frontend rather than install it again
            (self.project / "frontend" / "node_modules").symlink_to(modules)
        for part in self.terraform_parts():
            text = "\n".join(p.read_text() for p in part.glob("*.tf"))
            aliases = re.findall(r'alias\s*=\s*"(\w+)"', text)
            (part / "zz_rehearsal_override.tf").write_text(override(aliases, self.url))

    def terraform_parts(self) -> list[Path]:
        return terraform_parts(self.project)

    def client(self, service: str, credentials: dict[str, str]) -> Any:
        import boto3

        return boto3.client(
            service,
            endpoint_url=self.url,
            region_name=self.region,
            aws_access_key_id=credentials["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=credentials["AWS_SECRET_ACCESS_KEY"],
        )

    def bootstrap(self) -> None:
        """The administrator (in the emulator's unauthenticated first requests) and the
        deploy user (created by the administrator; part 1 adds it to the group)."""
        anonymous = {"AWS_ACCESS_KEY_ID": "bootstrap", "AWS_SECRET_ACCESS_KEY": "bootstrap"}
        admin_iam = self.client("iam", anonymous)
        admin_iam.create_user(UserName="rehearsal-admin")
        everything = {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
        }
        admin_iam.put_user_policy(
            UserName="rehearsal-admin",
            PolicyName="administrator",
            PolicyDocument=json.dumps(everything),
        )
        self.admin = self._key("rehearsal-admin", admin_iam)
        admin_iam = self.client("iam", self.admin)
        admin_iam.create_user(UserName=DEPLOY_USER)
        self.deployer = self._key(DEPLOY_USER, admin_iam)

    @staticmethod
    def _key(user: str, client: Any) -> dict[str, str]:
        key = client.create_access_key(UserName=user)["AccessKey"]
        return {
            "AWS_ACCESS_KEY_ID": key["AccessKeyId"],
            "AWS_SECRET_ACCESS_KEY": key["SecretAccessKey"],
        }

    def environment(self, credentials: dict[str, str]) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update(GUIDE_INPUTS)
        env.update(credentials)
        env.update(
            AWS_ENDPOINT_URL=self.url,
            AWS_REGION=self.region,
            AWS_DEFAULT_REGION=self.region,
            AWS_EC2_METADATA_DISABLED="true",
            TF_IN_AUTOMATION="1",
            # The guides' deploy commands ask before applying: the rehearsal says yes.
            TF_INPUT="0",
            TF_CLI_ARGS_apply="-auto-approve",
            TF_CLI_ARGS_destroy="-auto-approve",
            IAM_PROPAGATION_WAIT="0",  # the emulator applies IAM changes at once
            # The AWS provider starts afresh for every Terraform command, and most of its
            # start-up is collecting the garbage of building its schema: with the
            # collector less eager and on one thread, a third less CPU (measured: 3.7 ->
            # 2.4 CPU-s per `terraform validate`) for ~50 MB more memory.
            GOGC="400",
            GOMAXPROCS="1",
            PATH=os.pathsep.join(
                [str(self.workdir / "bin"), str(Path(sys.executable).parent), env.get("PATH", "")]
            ),
        )
        env.pop("VIRTUAL_ENV", None)
        return env

    # --- checks -----------------------------------------------------------------------

    def static_iam(self) -> None:
        self.report.missing_grants, self.report.unmapped = deploy_grant_gaps(
            self.project, self.app, self.region
        )

    def _denials(self, offset: int) -> tuple[set[str], int]:
        with self.decisions.open() as log:
            log.seek(offset)
            lines = log.readlines()
            end = log.tell()
        denied = set()
        for line in lines:
            entry = json.loads(line)
            if entry["decision"] != "allow":
                who = entry["principal"].rsplit("/", 1)[-1]
                denied.add(f"{entry['action']} on {entry['resource']} ({who})")
        return denied, end

    def run_block(self, block: Block, offset: int, label: str) -> tuple[bool, str, int]:
        credentials = self.admin if block.admin else self.deployer
        log_path = self.logs / f"{label}.log"
        started = time.monotonic()
        cpu = _children_cpu()
        result = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", PRELUDE + block.code],
            cwd=self.project,
            env=self.environment(credentials),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            check=False,
        )
        output = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
        log_path.write_text(
            f"$ {block.code}\n{output}\n(exit {result.returncode} after"
            f" {time.monotonic() - started:.0f} s, {_children_cpu() - cpu:.0f} CPU-s)\n"
        )
        denied, offset = self._denials(offset)
        self.report.skipped += [
            line.removeprefix(SKIPPED).strip()
            for line in output.splitlines()
            if line.startswith(SKIPPED)
        ]
        part = self.report.part(block.part)
        part.denied |= denied
        if result.returncode != 0:
            errors = [
                line.strip("│ ").strip()
                for line in output.splitlines()
                if "Error:" in line or line.startswith("failed")
            ]
            part.errors += errors or [
                f"{block.code.splitlines()[0]!r} exited {result.returncode}: see {log_path}"
            ]
        return result.returncode == 0, output, offset

    def record_terraform(self, output: str) -> None:
        """Plan/apply/destroy cells from deploy.py's or destroy.py's output, part by part."""
        segments = re.split(r"^\$ (?=\S*terraform )", output, flags=re.MULTILINE)
        for segment in segments[1:]:
            match = re.match(r"\S*terraform -chdir=\S*?/?(\d+_\w+) (apply|destroy)\b", segment)
            if not match:
                continue
            name, action = match.groups()
            part = self.report.part(name)
            planned = bool(re.search(r"Terraform will perform|No changes\.|Plan: ", segment))
            if action == "destroy":
                part.destroy = "ok" if "Destroy complete!" in segment else "FAIL"
            else:
                part.plan = "ok" if planned else "FAIL"
                part.apply = "ok" if "Apply complete!" in segment else ("FAIL" if planned else "-")

    def replan(self, part_dir: Path) -> None:
        """Plan the part again as if its queue or stack were replaced: every value that
        depends on them is then unknown, as on a first deploy or a settings change."""
        env = self.environment(self.deployer)
        listed = subprocess.run(
            ["terraform", f"-chdir={part_dir}", "state", "list"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        replanned = re.compile(r"(^|\.)(" + "|".join(REPLANNED_TYPES) + r")\.")
        targets = [address for address in listed.stdout.split() if replanned.search(address)]
        if not targets:
            return
        result = subprocess.run(
            [
                sys.executable,
                "scripts/deploy.py",
                "--part",
                part_dir.name.split("_")[0],
                "--plan",
                "--",
                *(f"-replace={t}" for t in targets),
            ],
            cwd=self.project,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        (self.logs / f"replan-{part_dir.name}.log").write_text(result.stdout + result.stderr)
        part = self.report.part(part_dir.name)
        if result.returncode == 0:
            part.plan += f", replan ok ({len(targets)} replaced)"
        else:
            part.plan = "FAIL replan"
            part.errors += [
                line.strip("│ ").strip() for line in result.stdout.splitlines() if "Error:" in line
            ]

    def lint_deployed_policies(self) -> None:
        """Every policy the deploy created: the deploy group's and each role's."""
        client = self.client("iam", self.admin)
        documents: dict[str, Any] = {}
        for policy in client.list_policies(Scope="Local")["Policies"]:
            if policy["PolicyName"].startswith(self.app):
                version = client.get_policy_version(
                    PolicyArn=policy["Arn"], VersionId=policy["DefaultVersionId"]
                )
                documents[policy["PolicyName"]] = _document(version["PolicyVersion"]["Document"])
        for role in client.list_roles()["Roles"]:
            if role["RoleName"].startswith(self.app):
                for name in client.list_role_policies(RoleName=role["RoleName"])["PolicyNames"]:
                    policy = client.get_role_policy(RoleName=role["RoleName"], PolicyName=name)
                    documents[f"{role['RoleName']}/{name}"] = _document(policy["PolicyDocument"])
        self.report.findings = iam.lint(documents)
        self.linted = len(documents)

    def leftovers(self) -> None:
        """Whatever still carries the app's name after every destroy."""
        listings = {
            "lambda": ("list_functions", "Functions", "FunctionName"),
            "sqs": ("list_queues", "QueueUrls", None),
            "s3": ("list_buckets", "Buckets", "Name"),
            "logs": ("describe_log_groups", "logGroups", "logGroupName"),
            "rds": ("describe_db_clusters", "DBClusters", "DBClusterIdentifier"),
            "secretsmanager": ("list_secrets", "SecretList", "Name"),
            "apigatewayv2": ("get_apis", "Items", "Name"),
            "cloudwatch": ("describe_alarms", "MetricAlarms", "AlarmName"),
            "sns": ("list_topics", "Topics", "TopicArn"),
            "dynamodb": ("list_tables", "TableNames", None),
            "cloudformation": ("list_stacks", "StackSummaries", "StackName"),
            "cognito-idp": ("list_user_pools", "UserPools", "Name"),
        }
        found = []
        for service, (method, key, name_key) in listings.items():
            client = self.client(service, self.admin)
            kwargs = {"MaxResults": 60} if service == "cognito-idp" else {}
            items = getattr(client, method)(**kwargs).get(key, [])
            for item in items:
                name = item if name_key is None else item[name_key]
                if service == "cloudformation" and item.get("StackStatus") == "DELETE_COMPLETE":
                    continue
                if self.app in name:
                    found.append(f"{service}: {name}")
        client = self.client("iam", self.admin)
        found += [
            f"iam role: {r['RoleName']}"
            for r in client.list_roles()["Roles"]
            if r["RoleName"].startswith(self.app)
        ]
        found += [
            f"iam policy: {p['PolicyName']}"
            for p in client.list_policies(Scope="Local")["Policies"]
            if p["PolicyName"].startswith(self.app)
        ]
        self.report.leftovers = found

    # --- the whole run ----------------------------------------------------------------

    def run(self) -> Report:
        started = time.monotonic()
        self.bootstrap()
        self.static_iam()
        blocks = guide_blocks(self.project / "guides")
        self.report.manual = [b for b in blocks if b.role == "manual"]
        offset = 0
        failed = False
        applied = []
        for index, block in enumerate(b for b in blocks if b.role in ("deploy", "admin")):
            ok, output, offset = self.run_block(block, offset, f"{index:02d}-{block.part}")
            deploying = "scripts/deploy.py" in block.code
            if deploying:
                self.record_terraform(output)
                applied += [
                    p
                    for p in self.terraform_parts()
                    if self.report.part(p.name).apply == "ok" and p not in applied
                ]
            else:
                self.report.part(block.part).post.append(ok)
            if not ok:
                failed = True
                break
        if not failed:
            for part in applied:
                self.replan(part)
        self.lint_deployed_policies()
        destroys = [b for b in blocks if b.role == "destroy"]
        for index, block in enumerate(reversed(destroys)):
            ok, output, offset = self.run_block(block, offset, f"destroy-{index:02d}-{block.part}")
            self.record_terraform(output)
        self.leftovers()
        self.report.seconds = time.monotonic() - started
        return self.report


def terraform_parts(project: Path) -> list[Path]:
    """The numbered folders under terraform/, in order."""
    return sorted(
        (p for p in (project / "terraform").iterdir() if re.match(r"^\d+_", p.name)),
        key=lambda p: int(p.name.split("_")[0]),
    )


def deploy_grant_gaps(
    project: Path, app: str, region: str
) -> tuple[list[tuple[str, str, str]], list[str]]:
    """What the deploy group terraform/1_permissions creates lacks for the other parts:
    (missing grants as (resource type, action, ARN), resource types with no known
    actions), read from the files alone."""
    parts = terraform_parts(project)
    documents = iam.policy_documents_from_hcl(parts[0] / "main.tf", app, "123456789012", region)
    # Part 1 is the administrator's; the deploy user needs the rest.
    kinds = iam.terraform_resource_types(*parts[1:], project / "terraform" / "modules")
    missing = iam.missing_grants(
        kinds, list(documents.values()), app_name=app, account="123456789012", region=region
    )
    return missing, iam.unmapped(kinds)


def _children_cpu() -> float:
    """CPU seconds used so far by this process's finished children and theirs."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _document(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def aws_cli_v2() -> Path | None:
    """The first `aws` on PATH that is AWS CLI v2 (the guides' commands need v2)."""
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        candidate = Path(folder) / "aws"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            version = subprocess.run(
                [candidate, "--version"], capture_output=True, text=True, check=False
            )
            if (version.stdout + version.stderr).startswith("aws-cli/2."):
                return candidate
    return None


def rehearse(project: Path, keep: Path | None = None) -> int:
    """Rehearse `project`'s deploy; print the report; 0 when everything passed."""
    if shutil.which("terraform") is None:
        print(
            "terraform not found: install Terraform >= 1.5 (guides/1_permissions.md)",
            file=sys.stderr,
        )
        return 2
    aws = aws_cli_v2()
    if aws is None:
        print("AWS CLI v2 not found on PATH: install it (guides/1_permissions.md)", file=sys.stderr)
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="rehearsal-")) if keep is None else keep
    workdir.mkdir(parents=True, exist_ok=True)
    # The guides' `aws`: v2 even where an older one comes first on PATH, and always at
    # the emulator (older v2 releases ignore AWS_ENDPOINT_URL; every one takes the flag).
    (workdir / "bin").mkdir(exist_ok=True)
    wrapper = workdir / "bin" / "aws"
    wrapper.write_text(
        f'#!/bin/sh\nexec {shlex.quote(str(aws))} --endpoint-url "$AWS_ENDPOINT_URL" "$@"\n'
    )
    wrapper.chmod(0o755)
    try:
        with emulator(workdir) as (url, decisions):
            report = Rehearsal(project.resolve(), workdir, url, decisions).run()
        print(report.render())
        if not report.ok:
            print(f"logs: {workdir / 'logs'}")
        return 0 if report.ok else 1
    finally:
        if keep is None and "report" in locals() and report.ok:
            shutil.rmtree(workdir, ignore_errors=True)
