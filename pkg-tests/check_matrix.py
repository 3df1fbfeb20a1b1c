"""The cheap gates over every option combination at once (pkg-tests/matrix.test.mjs).

Usage: check_matrix.py DIR

DIR holds what the test wrote: blobs/<sha> (each distinct file content once) and
manifest.json ({"executable": [path…], "combinations": [{"label": …, "files": {path:
sha}}, one per combination]}). Most
files are the same in most combinations, so each gate looks at each distinct content
once, except the guides check, which reads each combination's own files:

- parse: every distinct content by the kinds of the paths it lands at: Python (ast +
  compile), TOML, JSON, YAML, HCL;
- ruff check and ruff format --check, with the project's ruff.toml, and terraform fmt
  -check: over "layers", complete project trees in which layer i holds each path's i-th
  distinct content (the last one again where a path has fewer), so every distinct
  content is checked once at its own path, beside the files ruff needs to sort imports;
- guides: check_guides.py's checks for every combination.
Prints a JSON report; exits 1 listing every problem (at most 40).
"""

import ast
import json
import subprocess
import sys
import time
import tomllib
from collections import defaultdict
from pathlib import Path

import hcl2
import yaml

sys.path.insert(0, str(Path(__file__).parent))
from check_guides import Project, check  # noqa: E402
from matrix_manifest import finish, read  # noqa: E402
from check_terraform import terraform  # noqa: E402

PARSERS = {
    ".py": lambda text, rel: compile(ast.parse(text, rel), rel, "exec"),
    ".toml": lambda text, rel: tomllib.loads(text),
    ".lock": lambda text, rel: tomllib.loads(text),
    ".json": lambda text, rel: json.loads(text),
    ".yml": lambda text, rel: yaml.safe_load(text),
    ".yaml": lambda text, rel: yaml.safe_load(text),
    ".tf": lambda text, rel: hcl2.loads(text),
    ".tfvars": lambda text, rel: hcl2.loads(text),
}
# What a layer holds besides the files it checks: the settings ruff reads.
RUFF_SETTINGS = ("ruff.toml",)


def kind(rel: str) -> str:
    return ".tfvars" if rel.endswith(".tfvars.example") else Path(rel).suffix


def write_layers(
    root: Path, blobs: Path, variants: dict[str, list[str]], suffixes: tuple[str, ...], executable: set[str]
) -> int:
    """Layers of the paths ending in `suffixes` (and ruff's settings), with their run
    bits; their count."""
    paths = [p for p in variants if p.endswith(suffixes) or p in RUFF_SETTINGS]
    count = max(len(variants[p]) for p in paths if p not in RUFF_SETTINGS)
    for layer in range(count):
        for rel in paths:
            shas = variants[rel]
            target = root / str(layer) / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes((blobs / shas[min(layer, len(shas) - 1)]).read_bytes())
            if rel in executable:
                target.chmod(0o755)
    return count


def main() -> None:
    out = Path(sys.argv[1])
    blobs = out / "blobs"
    manifest, executable = read(out)
    problems: list[str] = []
    report: dict[str, object] = {"combinations": len(manifest)}
    seconds: dict[str, float] = {}

    variants: dict[str, list[str]] = defaultdict(list)
    where: dict[str, str] = {}  # a path each distinct content lands at
    for combination in manifest:
        for rel, sha in combination["files"].items():
            if sha not in variants[rel]:
                variants[rel].append(sha)
            where.setdefault(sha, rel)
    report["paths"] = len(variants)
    report["distinct_files"] = len(where)

    started = time.monotonic()
    parsed = 0
    for rel, shas in variants.items():
        parse = PARSERS.get(kind(rel))
        if parse is None and rel.endswith("uv.lock"):
            parse = PARSERS[".lock"]
        if parse is None:
            continue
        for sha in shas:
            try:
                parse((blobs / sha).read_text(encoding="utf-8"), rel)
                parsed += 1
            except Exception as error:  # any parser's error is the finding
                problems.append(f"{rel} ({sha[:12]}) does not parse: {error}")
    report["parsed"] = parsed
    seconds["parse"] = time.monotonic() - started

    started = time.monotonic()
    python = out / "layers" / "python"
    report["python_layers"] = write_layers(python, blobs, variants, (".py",), executable)
    ruff = str(Path(sys.executable).with_name("ruff"))
    for args in (["check", "--no-cache", "--quiet"], ["format", "--check", "--no-cache", "--quiet"]):
        result = subprocess.run([ruff, *args, str(python)], capture_output=True, text=True)
        if result.returncode != 0:
            problems.append(f"ruff {args[0]}:\n{result.stdout[-3000:]}{result.stderr[-1000:]}")
    seconds["ruff"] = time.monotonic() - started

    started = time.monotonic()
    tf = out / "layers" / "terraform"
    report["terraform_layers"] = write_layers(tf, blobs, variants, (".tf",), set())
    fmt = terraform(tf, "fmt")
    if fmt.returncode != 0:
        problems.append(f"terraform fmt -check: these files need formatting:\n{fmt.stdout}{fmt.stderr}")
    seconds["terraform_fmt"] = time.monotonic() - started

    started = time.monotonic()
    texts: dict[str, str] = {}

    def text_of(files: dict[str, str]):
        def text(rel: str) -> str:
            sha = files[rel]
            if sha not in texts:
                texts[sha] = (blobs / sha).read_text(encoding="utf-8")
            return texts[sha]

        return text

    cited = 0
    for combination in manifest:
        found, counts = check(Project(list(combination["files"]), text_of(combination["files"])))
        cited += counts["paths"] + counts["commands"]
        problems += [f"{combination['label']}: {problem}" for problem in found]
    report["guide_citations"] = cited
    seconds["guides"] = time.monotonic() - started

    report["seconds"] = {gate: round(value, 1) for gate, value in seconds.items()}
    finish(problems, report)

if __name__ == "__main__":
    main()
