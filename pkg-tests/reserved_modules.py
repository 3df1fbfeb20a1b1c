#!/usr/bin/env python3
"""Keeps src/reserved_modules.txt in step with what a generated backend installs.

An agent (or the async service) is a top-level package of the generated backend, so an
agent named after any importable module of the backend's environment would hide it
(`typing_extensions`, `anyio`, `pydantic_core`…). The generator refuses every name in
src/reserved_modules.txt; this script lists the names the environment really has.

    python pkg-tests/reserved_modules.py <project>           # check: exit 1 on drift
    python pkg-tests/reserved_modules.py --write <project>…  # add the projects' names

<project> is a generated project after `make setup` (it reads backend/.venv). The names
are the top-level modules of every installed distribution (top_level.txt, else the files
its RECORD lists, following .pth path entries of editable installs) plus the standard
library of the venv's Python, kept only when they are valid agent names (snake_case,
starting with a letter, at most 30 characters). --write merges into the file, so running
it over the default project and an every-option project covers every option set.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_FILE = ROOT / "src" / "reserved_modules.txt"
AGENT_NAME = re.compile(r"^[a-z][a-z0-9_]{0,29}$")

HEADER = """\
# Top-level Python modules of a generated backend's environment (every option set):
# an agent or async service named like one would hide it from the backend.
# Derived, not written by hand: `python pkg-tests/reserved_modules.py --write <project>`
# after `make setup` in a generated project (see that script). One name per line.
"""

# Runs inside the project's venv: prints every top-level module name it can import from
# an installed distribution, and the standard library's.
PROBE = r"""
import importlib.metadata as md, json, os, sys

names = set(getattr(sys, "stdlib_module_names", ()))

def from_path_entry(folder):
    try:
        entries = os.listdir(folder)
    except OSError:
        return
    for entry in entries:
        full = os.path.join(folder, entry)
        if os.path.isdir(full) and os.path.exists(os.path.join(full, "__init__.py")):
            names.add(entry)
        elif entry.endswith(".py"):
            names.add(entry[:-3])

for dist in md.distributions():
    top = dist.read_text("top_level.txt")
    if top:
        names.update(line.strip() for line in top.splitlines() if line.strip())
        continue
    for file in dist.files or ():
        parts = file.parts
        if not parts or parts[0] in ("..", "__pycache__"):
            continue
        first = parts[0]
        if first.endswith((".dist-info", ".data", ".egg-info")):
            continue
        if len(parts) > 1:
            names.add(first)
        elif first.endswith(".pth"):
            try:
                text = file.locate().read_text()
            except OSError:
                continue
            for line in text.splitlines():
                line = line.strip()
                if line and not line.startswith(("#", "import ")):
                    from_path_entry(line)
        elif first.endswith((".py", ".so", ".pyd")):
            names.add(first.split(".")[0])
print(json.dumps(sorted(names)))
"""


def agent_name(name: str) -> bool:
    return bool(AGENT_NAME.match(name)) and not name.endswith("_")


def project_modules(project: Path) -> set[str]:
    python = project / "backend" / ".venv" / "bin" / "python"
    if not python.exists():
        sys.exit(f"{python} does not exist: run `make setup` in {project} first")
    out = subprocess.run([str(python), "-c", PROBE], check=True, capture_output=True, text=True)
    return {n for n in json.loads(out.stdout) if agent_name(n)}


def read_list() -> set[str]:
    if not DATA_FILE.exists():
        return set()
    lines = DATA_FILE.read_text().splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("projects", nargs="+", type=Path, help="generated projects after make setup")
    parser.add_argument("--write", action="store_true", help="merge the projects' names into the list")
    args = parser.parse_args()
    found: set[str] = set()
    for project in args.projects:
        found |= project_modules(project)
    listed = read_list()
    if args.write:
        names = sorted(listed | found)
        DATA_FILE.write_text(HEADER + "".join(f"{n}\n" for n in names))
        print(f"{DATA_FILE.relative_to(ROOT)}: {len(names)} names ({len(names) - len(listed)} new)")
        return 0
    missing = sorted(found - listed)
    if missing:
        print(
            f"{len(missing)} importable module(s) of the generated backend are not reserved in "
            f"{DATA_FILE.relative_to(ROOT)}: {', '.join(missing)}\n"
            "An agent with one of these names would hide the module. Regenerate the list with\n"
            f"  python pkg-tests/reserved_modules.py --write {' '.join(map(str, args.projects))}\n"
            "and rebuild the generator.",
            file=sys.stderr,
        )
        return 1
    print(f"ok: the {len(found)} module names of the backend are all reserved ({len(listed)} listed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
