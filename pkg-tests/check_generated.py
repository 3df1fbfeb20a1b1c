"""Checks a generated project the way its own tools will read it.

Usage: check_generated.py PROJECT_DIR [--zip ARCHIVE] [--expect-text TEXT]

- parses every file by its kind: Python (ast + compile), TOML, JSON, YAML, HCL, shell
  (bash -n), and the Makefile (make -n help);
- parses the SVG diagram as XML;
- the .gitignore files (the root's and the frontend's) ignore what the project's own
  commands make (its venv, packages, builds, Terraform state and settings, secrets) and
  none of the files the generator made;
- the project's CI (.github/workflows/ci.yml) runs the gates its README promises: make
  setup, lint, test and eval, and make frontend-setup and frontend-test;
- runs ruff check and ruff format --check over the project with its own ruff.toml;
- with --zip: the archive's single root folder holds exactly the project's files, with
  the same bytes and run bits;
- with --expect-text: the config's free text reads back exactly from the Python, TOML
  and JSON files it lands in (so escaping round-trips).
Prints a JSON report; exits 1 on the first failed check with a message naming the file.
"""

import argparse
import ast
import json
import os
import stat
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from xml.etree import ElementTree
from pathlib import Path

import hcl2
import yaml


def fail(message: str) -> None:
    print(message, file=sys.stderr)
    sys.exit(1)


def project_files(root: Path) -> list[Path]:
    """The project's files, without the `.git` folder the CLI makes."""
    return sorted(p for p in root.rglob("*") if p.is_file() and ".git" not in p.relative_to(root).parts)


def parse_all(root: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for path in project_files(root):
        rel = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        kind = None
        try:
            if path.suffix == ".py":
                compile(ast.parse(text, rel), rel, "exec")
                kind = "python"
            elif path.suffix == ".toml" or path.name == "uv.lock":
                tomllib.loads(text)
                kind = "toml"
            elif path.suffix == ".json":
                json.loads(text)
                kind = "json"
            elif path.suffix in (".yml", ".yaml"):
                yaml.safe_load(text)
                kind = "yaml"
            elif path.suffix in (".tf", ".tfvars") or rel.endswith(".tfvars.example"):
                hcl2.loads(text)
                kind = "hcl"
            elif path.suffix == ".svg":
                ElementTree.fromstring(text)
                kind = "svg"
            elif path.suffix == ".sh":
                subprocess.run(["bash", "-n", str(path)], check=True, capture_output=True)
                kind = "shell"
        except Exception as error:  # noqa: BLE001 - any parse failure is the finding
            fail(f"{rel} does not parse as its kind: {error}")
        if kind:
            counts[kind] = counts.get(kind, 0) + 1
    make = subprocess.run(["make", "-n", "help"], cwd=root, capture_output=True, text=True)
    if make.returncode != 0:
        fail(f"Makefile does not parse: {make.stderr}")
    counts["makefile"] = 1
    return counts


# What `make setup`, `make test`, `make package`, `make frontend-setup`, the deploy and
# local mode leave in a project: none of it belongs in git.
BUILD_OUTPUTS = [
    ".env",
    "frontend/.env.local",
    "backend/.venv/bin/python",
    "backend/api/__pycache__/main.cpython-312.pyc",
    "backend/.pytest_cache/README.md",
    ".ruff_cache/CACHEDIR.TAG",
    "backend/dist/api.zip",
    "backend/.local/postgres/PG_VERSION",
    "backend/evals/results/latest.json",
    "frontend/node_modules/next/package.json",
    "frontend/.next/build-manifest.json",
    "frontend/out/index.html",
    "frontend/next-env.d.ts",
    "frontend/tsconfig.tsbuildinfo",
    "frontend/openapi.json",
    "frontend/lib/api-types.ts",
    "terraform/6_agents/.terraform/providers/registry.terraform.io/x",
    "terraform/6_agents/terraform.tfstate",
    "terraform/6_agents/terraform.tfstate.backup",
    "terraform/6_agents/terraform.tfvars",
]


def gitignore(root: Path) -> int:
    """Every build output is ignored and no generated file is (git check-ignore)."""
    generated = [p.relative_to(root).as_posix() for p in project_files(root)]
    with tempfile.TemporaryDirectory() as repo:
        for rel in (p for p in generated if p == ".gitignore" or p.endswith("/.gitignore")):
            Path(repo, rel).parent.mkdir(parents=True, exist_ok=True)
            Path(repo, rel).write_bytes((root / rel).read_bytes())
        subprocess.run(["git", "init", "-q", repo], check=True)
        checked = subprocess.run(
            ["git", "-C", repo, "check-ignore", "--no-index", "--stdin"],
            input="\n".join(BUILD_OUTPUTS + generated),
            capture_output=True,
            text=True,
            check=False,
        )
    ignored = set(checked.stdout.splitlines())
    if missed := [p for p in BUILD_OUTPUTS if p not in ignored]:
        fail(f".gitignore does not ignore what the project's commands make: {missed}")
    if hidden := [p for p in generated if p in ignored]:
        fail(f".gitignore ignores files the generator made (git would leave them out): {hidden}")
    return len(BUILD_OUTPUTS)


# The Makefile targets the generated CI must run, in order within its job.
CI_STEPS = [["make setup", "make lint", "make test", "make eval"], ["make frontend-setup", "make frontend-test"]]


def ci_workflow(root: Path) -> int:
    """The workflow's jobs run the project's gates, each job its steps in order."""
    workflow = yaml.safe_load((root / ".github" / "workflows" / "ci.yml").read_text())
    runs = [
        [step["run"].strip() for step in job.get("steps", []) if "run" in step]
        for job in workflow["jobs"].values()
    ]
    for expected in CI_STEPS:
        if not any([r for r in job if r in expected] == expected for job in runs):
            fail(f".github/workflows/ci.yml: no job runs {' then '.join(expected)}: {runs}")
    return sum(len(steps) for steps in CI_STEPS)


def ruff(root: Path) -> None:
    ruff_bin = Path(sys.executable).with_name("ruff")
    for args in (["check", "--no-cache", "."], ["format", "--check", "--no-cache", "."]):
        result = subprocess.run([str(ruff_bin), *args], cwd=root, capture_output=True, text=True)
        if result.returncode != 0:
            fail(f"ruff {args[0]} failed:\n{result.stdout}{result.stderr}")


def compare_zip(root: Path, archive: Path) -> int:
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        roots = {n.split("/", 1)[0] for n in names}
        if len(roots) != 1:
            fail(f"archive has {len(roots)} root folders: {sorted(roots)}")
        prefix = roots.pop() + "/"
        in_zip = {n[len(prefix):]: n for n in names if not n.endswith("/")}
        on_disk = {p.relative_to(root).as_posix() for p in project_files(root)}
        if set(in_zip) != on_disk:
            fail(f"zip and folder differ: only in zip {sorted(set(in_zip) - on_disk)}, "
                 f"only on disk {sorted(on_disk - set(in_zip))}")
        for rel, name in in_zip.items():
            if zf.read(name) != (root / rel).read_bytes():
                fail(f"{rel}: bytes differ between zip and folder")
            zip_exec = bool((zf.getinfo(name).external_attr >> 16) & stat.S_IXUSR)
            disk_exec = bool(os.stat(root / rel).st_mode & stat.S_IXUSR)
            if zip_exec != disk_exec:
                fail(f"{rel}: run bit differs (zip {zip_exec}, disk {disk_exec})")
        return len(in_zip)


def read_back(root: Path, text: str) -> list[str]:
    """The files where the free text must read back exactly; returns those checked."""
    checked = []
    answers = json.loads((root / ".create-agent-app.json").read_text())
    if answers["config"]["app_description"] != text:
        fail(".create-agent-app.json: app_description does not read back")
    checked.append(".create-agent-app.json")
    backend = tomllib.loads((root / "backend/pyproject.toml").read_text())
    if backend["project"]["description"] != text:
        fail("backend/pyproject.toml: description does not read back")
    checked.append("backend/pyproject.toml")
    for path in sorted(root.glob("backend/*/templates.py")):
        module = ast.parse(path.read_text())
        values = {
            node.targets[0].id: node.value.value
            for node in module.body
            if isinstance(node, ast.Assign)
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Constant)
        }
        for name in ("APP_TITLE", "APP_DESCRIPTION", "AGENT_DESCRIPTION"):
            if values.get(name) != text:
                fail(f"{path.relative_to(root)}: {name} does not read back: {values.get(name)!r}")
        checked.append(path.relative_to(root).as_posix())
    return checked


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("project", type=Path)
    parser.add_argument("--zip", type=Path)
    parser.add_argument("--expect-text")
    args = parser.parse_args()
    report: dict[str, object] = {"parsed": parse_all(args.project)}
    report["ignored_outputs"] = gitignore(args.project)
    report["ci_steps"] = ci_workflow(args.project)
    ruff(args.project)
    report["ruff"] = "clean"
    if args.zip:
        report["zip_files"] = compare_zip(args.project, args.zip)
    if args.expect_text is not None:
        report["read_back"] = read_back(args.project, args.expect_text)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
