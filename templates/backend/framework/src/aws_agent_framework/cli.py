"""`aws-agent-framework`: commands for an app built on the framework.

aws-agent-framework migrate --dir database/migrations
aws-agent-framework package --arch arm64 --function orchestrator --function writer --api api
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from aws_agent_framework.packaging import (
    PLATFORMS,
    PackagingError,
    build_framework_wheel,
    build_package,
)


def _uv() -> str:
    found = os.environ.get("UV") or shutil.which("uv")
    if not found:
        raise PackagingError("packaging needs uv on PATH (pip install uv), or UV=/path/to/uv")
    return found


def package(args: argparse.Namespace) -> None:
    root = Path(args.root).resolve()
    out = (root / args.out).resolve()
    uv = _uv()
    # Each function's zip: its folder, the database package and the framework with extras.
    targets = [(name, args.extra) for name in args.function]
    if args.api:
        targets.append((args.api, ["api", *args.extra]))
    with tempfile.TemporaryDirectory(prefix="framework-wheel-") as wheels:
        wheel = build_framework_wheel(root / "framework", Path(wheels), uv)
        print(f"Lambda packages for {args.arch}, Python {args.python_version}, in {out}:")
        for folder, extras in targets:
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
            )
            bytecode = (
                "bytecode included"
                if built.compiled
                else f"no bytecode: set LAMBDA_PYTHON to a python{args.python_version}"
            )
            print(
                f"  {built.path.name:<24} {built.zipped_bytes / 1e6:6.1f} MB zipped "
                f"{built.unzipped_bytes / 1e6:7.1f} MB unzipped  ({bytecode})"
            )


def migrate_command(args: argparse.Namespace) -> None:
    from aws_agent_framework.database import connect, migrate
    from aws_agent_framework.settings import get_settings

    applied = migrate(connect(get_settings()), Path(args.dir))
    print(f"Applied {len(applied)} migration(s): {', '.join(applied) or 'none pending'}")


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
    build.add_argument("--extra", action="append", default=[], help="a framework extra to include")
    build.add_argument("--root", default=".", help="the backend folder (default: here)")
    build.add_argument("--out", default="dist", help="where the zips go, under --root")
    build.set_defaults(run=package)

    schema = commands.add_parser("migrate", help="apply pending SQL migrations to the database")
    schema.add_argument("--dir", default="database/migrations")
    schema.set_defaults(run=migrate_command)

    args = parser.parse_args(argv)
    if args.command == "package" and not (args.function or args.api):
        parser.error("package: name at least one --function or --api")
    try:
        args.run(args)
    except PackagingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
