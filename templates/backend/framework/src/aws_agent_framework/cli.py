"""`aws-agent-framework`: commands for an app built on the framework.

aws-agent-framework migrate --dir database/migrations      (local Postgres, or AURORA_* set)
aws-agent-framework migrate --function my-app-migrate       (the deployed migrate function)
aws-agent-framework package --arch arm64 --function orchestrator --function writer --api api \
    --migrations database/migrations
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aws_agent_framework.packaging import (
    PLATFORMS,
    DependencyLayers,
    PackagingError,
    build_framework_wheel,
    build_package,
    export_locked_versions,
    find_lambda_python,
    tree_digest,
)

# Seconds the migrate function may run (its timeout in terraform/6_agents is lower).
MIGRATE_READ_TIMEOUT = 900
# A function created a moment ago may act before IAM has spread its role's permissions.
PERMISSION_WAITS = (5, 10, 15, 30)


class CommandError(RuntimeError):
    pass


def _uv() -> str:
    found = os.environ.get("UV") or shutil.which("uv")
    if not found:
        raise PackagingError("packaging needs uv on PATH (pip install uv), or UV=/path/to/uv")
    return found


def package(args: argparse.Namespace) -> None:
    root = Path(args.root).resolve()
    out = (root / args.out).resolve()
    uv = _uv()
    # Each function's zip: its folder, the database package and the framework with extras,
    # less what it never imports. The API only queues jobs on Lambda: no Agents SDK and
    # none of the agents' extras (tracing, vector stores), a third of an agent's zip.
    targets: list[tuple[str, list[str], list[str]]] = [
        (name, args.extra, []) for name in args.function
    ]
    if args.api:
        targets.append((args.api, ["api"], ["openai-agents"]))
    # What the requirements resolve from; a zip built from the same is kept.
    framework = root / "framework"
    lock = root / "uv.lock"  # a missing path adds nothing to the digest
    inputs = (
        None if args.rebuild else tree_digest(framework / "src", framework / "pyproject.toml", lock)
    )
    bytecode_python = None if args.no_bytecode else find_lambda_python(args.python_version, uv)
    if bytecode_python is None:
        print(
            "WARNING: --no-bytecode: the zips hold no compiled bytecode, so every cold start "
            "compiles each imported module again (imports take ~1.8 times as long).",
            file=sys.stderr,
        )
    # The agents share one install of their dependencies (DependencyLayers).
    with (
        tempfile.TemporaryDirectory(prefix="framework-wheel-") as wheels,
        DependencyLayers() as layers,
    ):
        wheel = build_framework_wheel(root / "framework", Path(wheels), uv)
        # The versions `make test` ran with (a project without uv.lock resolves afresh).
        constraints = (
            export_locked_versions(root, Path(wheels) / "constraints.txt", uv)
            if lock.is_file()
            else None
        )
        print(f"Lambda packages for {args.arch}, Python {args.python_version}, in {out}:")
        for folder, extras, leave_out in targets:
            built = build_package(
                folder,
                root=root,
                code=[folder, "database"],
                handler=f"{folder}/lambda_handler.py",
                requirements=[f"aws-agent-framework[{','.join(extras)}] @ {wheel.as_uri()}"],
                out=out,
                arch=args.arch,
                python_version=args.python_version,
                uv=uv,
                bytecode_python=bytecode_python,
                inputs=inputs,
                constraints=constraints,
                leave_out=leave_out,
                layers=layers,
            )
            _report(built)
        if args.migrations:
            # The migrate function: the SQL files and the framework's migrate handler.
            if not (root / args.migrations).is_dir():
                raise PackagingError(f"--migrations: no folder {root / args.migrations}")
            built = build_package(
                "migrate",
                root=root,
                code=[args.migrations],
                handler=None,
                requirements=[f"aws-agent-framework @ {wheel.as_uri()}"],
                out=out,
                arch=args.arch,
                python_version=args.python_version,
                uv=uv,
                bytecode_python=bytecode_python,
                inputs=inputs,
                constraints=constraints,
                # It imports the database and settings modules only, never the Agents SDK.
                leave_out=["openai-agents"],
                layers=layers,
            )
            _report(built)


def _report(built: Any) -> None:
    bytecode = "bytecode included" if built.compiled else "NO BYTECODE"
    if built.reused:
        bytecode += "; unchanged, kept"
    print(
        f"  {built.path.name:<24} {built.zipped_bytes / 1e6:6.1f} MB zipped "
        f"{built.unzipped_bytes / 1e6:7.1f} MB unzipped  ({bytecode})"
    )


def _lambda_client(function: str, region: str | None) -> Any:
    import boto3
    from botocore.config import Config
    from botocore.exceptions import NoRegionError

    if region is None and function.startswith("arn:"):
        region = function.split(":")[3]  # arn:aws:lambda:<region>:<account>:function:<name>
    # botocore reads AWS_DEFAULT_REGION and the profile; AWS_REGION is what Lambda and
    # the app's settings use, so it is honoured too.
    region = region or os.environ.get("AWS_REGION") or None
    config = Config(
        connect_timeout=10,
        read_timeout=MIGRATE_READ_TIMEOUT,
        retries={"max_attempts": 3, "mode": "standard"},
    )
    try:
        return boto3.client("lambda", region_name=region, config=config)
    except NoRegionError as error:
        raise CommandError(f"{error}: pass --region or set AWS_REGION") from error


def _permissions_not_ready(message: str) -> bool:
    return "AccessDenied" in message or "not authorized to perform" in message


def invoke_migrate(
    function: str,
    *,
    client: Any = None,
    region: str | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> dict[str, Any]:
    """Invokes the deployed migrate function (RequestResponse) and returns its answer;
    CommandError with the function's own message when it fails. An access denial right
    after a deploy is retried a few times: IAM takes seconds to reach a new role."""
    from botocore.exceptions import BotoCoreError, ClientError

    client = client or _lambda_client(function, region)
    waits = list(PERMISSION_WAITS)
    while True:
        try:
            response = client.invoke(
                FunctionName=function, InvocationType="RequestResponse", Payload=b"{}"
            )
        except (BotoCoreError, ClientError) as error:
            raise CommandError(f"invoking {function} failed: {error}") from error
        raw = response["Payload"].read()
        try:
            body = json.loads(raw or b"null")
        except ValueError:
            body = raw.decode(errors="replace")
        if not response.get("FunctionError"):
            return body
        message = body.get("errorMessage", "") if isinstance(body, dict) else str(body)
        if waits and _permissions_not_ready(message):
            wait = waits.pop(0)
            print(
                f"{function}: access denied, waiting {wait} s for IAM permissions to spread",
                file=sys.stderr,
            )
            sleep(wait)
            continue
        kind = body.get("errorType", "") if isinstance(body, dict) else ""
        raise CommandError(
            f"{function} failed ({response['FunctionError']}{': ' + kind if kind else ''}): "
            f"{message or body}"
        )


def migrate_command(args: argparse.Namespace) -> None:
    if args.function:
        answer = invoke_migrate(args.function, region=args.region)
        if not (isinstance(answer, dict) and isinstance(answer.get("applied"), list)):
            raise CommandError(
                f"{args.function} answered {answer!r}, not the migrations it applied: "
                "is it the migrate function (terraform/6_agents output migrate_function_name)?"
            )
        applied, already = answer["applied"], answer.get("already_applied", "?")
        print(
            f"{args.function}: applied {len(applied)} migration(s): "
            f"{', '.join(applied) or 'none pending'} ({already} already applied)"
        )
        return

    from aws_agent_framework.database import connect, migrate
    from aws_agent_framework.settings import get_settings

    applied = migrate(connect(get_settings()), Path(args.dir))
    print(f"Applied {len(applied)} migration(s): {', '.join(applied) or 'none pending'}")


def rehearse_command(args: argparse.Namespace) -> int:
    from .rehearsal.runner import rehearse

    return rehearse(Path(args.project), Path(args.keep) if args.keep else None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="aws-agent-framework", description=__doc__.splitlines()[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("package", help="build Lambda zips without Docker")
    build.add_argument("--arch", choices=sorted(PLATFORMS), default="arm64")
    build.add_argument("--python-version", default="3.12", help="the Lambda runtime's Python")
    build.add_argument(
        "--function",
        action="append",
        default=[],
        help="a function's folder: an agent, ingest (repeat)",
    )
    build.add_argument("--api", help="the API folder, packaged as api.zip")
    build.add_argument(
        "--extra",
        action="append",
        default=[],
        help="a framework extra for the functions (the API takes only its own: api)",
    )
    build.add_argument(
        "--migrations",
        help="the migrations folder (e.g. database/migrations), packaged as migrate.zip",
    )
    build.add_argument("--root", default=".", help="the backend folder (default: here)")
    build.add_argument("--out", default="dist", help="where the zips go, under --root")
    build.add_argument(
        "--no-bytecode",
        action="store_true",
        help="leave out compiled bytecode (slower cold starts) when no Python of the "
        "runtime's version can be found or installed",
    )
    build.add_argument(
        "--rebuild",
        action="store_true",
        help="rebuild every zip, even those whose inputs are unchanged",
    )
    build.set_defaults(run=package)

    schema = commands.add_parser(
        "migrate",
        help="apply pending SQL migrations: here (local Postgres, or Aurora with AURORA_* set), "
        "or by invoking the deployed migrate function (--function)",
    )
    schema.add_argument("--dir", default="database/migrations")
    schema.add_argument(
        "--function",
        help="name or ARN of the deployed migrate function (terraform/6_agents output "
        "migrate_function_name): invoke it instead of connecting to the database",
    )
    schema.add_argument("--region", help="the function's region (default: AWS_REGION or its ARN)")
    schema.set_defaults(run=migrate_command)

    rehearsal = commands.add_parser(
        "rehearse",
        help="deploy every Terraform part by the guides against a local AWS emulator, as the "
        "deploy user (needs terraform and the framework's rehearsal extra)",
    )
    rehearsal.add_argument("--project", default="..", help="the project root (default: ..)")
    rehearsal.add_argument(
        "--keep", help="keep the copy, logs and emulator decisions in this folder"
    )
    rehearsal.set_defaults(run=rehearse_command)

    args = parser.parse_args(argv)
    if args.command == "rehearse":
        return int(args.run(args))
    if args.command == "package" and not (args.function or args.api or args.migrations):
        parser.error("package: name at least one --function, --api or --migrations")
    try:
        args.run(args)
    except (PackagingError, CommandError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
