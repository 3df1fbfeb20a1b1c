"""make mutate: corrupts each template in turn and shows which gate notices.

Usage: mutate.py [--operators drop,rename] [--only GLOB]... [--jobs N] [--work DIR]

examples/mutate.rs makes the mutants: per template, the line in the middle of its code
deleted (`drop`) or a name on a line broken (`rename`), rendered for the configs below
until one renders a difference. Each mutant's changed files are then laid over a
generated and set-up project of that config, and the gates run cheapest first until one
fails (the mutant is caught):

  render     the template no longer renders
  setup      make setup (uv sync --locked), when a pyproject.toml changed
  files      every file parses by its kind, ruff, make -n (check_generated.py)
  guides     the guides' cited paths and make targets (check_guides.py)
  terraform  terraform fmt -check, and validate in each part it changed
  grants     the deploy group grants what the parts need (the rehearsal's static check)
  frontend   make frontend-test (type-check, lint, unit tests, static build)
  tests      make test (pytest, stops at the first failure)
  job        make job
  eval       make eval (the agents' eval cases)

With --work DIR the run can be resumed: a mutant DIR/results.jsonl already records as
caught, byte for byte the same (same template, line, operator and changed files), is
reported from there and not tried again; survivors are always tried again.

A mutant nothing catches is a survivor: it is a failure unless SURVIVORS below names
its template with the reason no gate can see it. Prints a table, writes
pkg-tests/artifacts/mutate-report.md and .json, and exits 1 on an unexplained survivor.
"""

from __future__ import annotations

import argparse
import ast
import fnmatch
import functools
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "pkg-tests"
TOOLS_PYTHON = ROOT / ".tools" / "venv" / "bin" / "python"

# The configs the expensive gates check by hand (configs.mjs), then one with the option
# values none of them has, so every template renders somewhere.
EXTRA_CONFIGS = {
    "other-values": {
        "app_name": "other-values",
        "snapstart": True,
        "vectors": "opensearch",
        "embeddings": "sagemaker",
    },
}

# Mutants no gate can catch, by template and the corrupted line (stripped; "*" for any
# line), with the reason; explained() also lets through a line of a test, of a docstring
# and a Terraform variable's simple type. A survivor not explained fails the run.
DOCS = "prose and diagrams for people: the gates check what they cite exists, not what they say"
PROMPT = "what the model reads: no offline gate can judge a prompt (make eval's judge can)"
GUIDE = "a guide's command: the deploy rehearsal runs them, too slow to run for each mutant"
GUIDES = [p.name for p in (ROOT / "templates" / "guides").iterdir()]
SURVIVORS: dict[tuple[str, str], str] = {
    ("README.md", "*"): DOCS,
    ("ARCHITECTURE.md", "*"): DOCS,
    ("CUSTOMIZATION_GUIDE.md", "*"): DOCS,
    (".github/dependabot.yml", "*"): "GitHub reads it; no gate here can run Dependabot",
    # The deploy rehearsal runs the guides' commands (make test, three configs, ~15 min
    # each): too slow to run for each mutant.
    **{(f"guides/{guide}", "*"): GUIDE for guide in GUIDES},
    ("_partials/snapstart.jinja", "*"): GUIDE,
    **{(f"backend/{folder}/templates.py", "*"): PROMPT for folder in ("__agent__", "__service__")},
    ("backend/database/migrations/001_v2_job_results.sql", "AND table_name = 'jobs'"): (
        "narrows the upgrade from 0.1's layout to the jobs table; no other table has a"
        " *_payload column, so it changes nothing today"
    ),
    **{
        (f"terraform/{part}/terraform.tfvars.example", line): (
            "an optional setting's example (its variable has a default): check_guides.py makes"
            " each example set every variable without a default"
        )
        for part, line in (
            ("1_permissions", 'deployer_user_names = ["your-iam-user"]'),
            ("4_async_service", 'schedule         = "rate(2 hours)"'),
            ("8_enterprise", "monthly_budget_usd = 50"),
        )
    },
    ("terraform/8_enterprise/main.tf", "statistic           = each.value.statistic"): (
        "Terraform's schema leaves an alarm's statistic optional (extended statistics and metric"
        " queries need none); only CloudWatch refuses the alarm, at apply"
    ),
    ("frontend/eslint.config.mjs", "...nextVitals,"): (
        "a set of lint rules: the generated code passes with or without it, so only code that"
        " breaks one of its rules would show it gone"
    ),
    ("frontend/next.config.ts", "images: { unoptimized: true },"): (
        "what a static export needs once a page uses next/image; no generated page does yet, so"
        " the build passes without it"
    ),
    ("frontend/vitest.config.mts", "plugins: [react()],"): (
        "Vite's React plugin (Fast Refresh, React's JSX runtime): Vitest compiles the tests'"
        " JSX the same without it"
    ),
    ("frontend/styles/globals.css", "*"): "how the pages look: no offline gate judges styling",
    ("frontend/pages/index.tsx", '<h2 className="mb-3 text-xl font-semibold">The agents</h2>'): (
        "a heading's words on the home page: prose for people"
    ),
    ("backend/framework/src/aws_agent_framework/pricing.py", '"meta.llama3-3-70b-instruct": (0.72, 0.72),'): (
        "one model's published price, data copied from the vendor's page on PRICES_TAKEN: without"
        " it that model's runs show tokens and no cost, which the tests allow for unknown models"
    ),
    ("scripts/terraform_parts.py", "check=False,"): (
        "subprocess.run's check is False by default: the line changes nothing"
    ),
}

GATE_TIMEOUT = 900
MIRROR = Path("/opt/tf-plugins")


def node_print(module: str, expression: str) -> str:
    """What `expression` (over the pkg-tests module `module`, as `m`) prints in Node."""
    script = f"import('./pkg-tests/{module}').then(m => console.log({expression}))"
    return subprocess.run(
        ["node", "--input-type=module", "-e", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def configs() -> dict[str, dict]:
    return {**json.loads(node_print("configs.mjs", "JSON.stringify(m.PROJECTS)")), **EXTRA_CONFIGS}


def make_mutants(work: Path, configs: dict[str, dict], operators: str) -> list[dict]:
    config_file = work / "configs.json"
    config_file.write_text(json.dumps(configs))
    cargo = ["cargo", "run", "--quiet", "--release", "--features", "mutate", "--example", "mutate"]
    subprocess.run([*cargo, "--", str(config_file), str(work / "mutants"), operators], cwd=ROOT, check=True)
    return json.loads((work / "mutants" / "mutants.json").read_text())


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[bool, str]:
    try:
        result = subprocess.run(
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=GATE_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return False, f"timed out after {GATE_TIMEOUT} s"
    return result.returncode == 0, (result.stdout + result.stderr)[-3000:]


def made(target: str, shows: str, project: Path, env: dict[str, str]) -> tuple[bool, str]:
    """`make target`, passed only if it printed what its work prints (`shows`, a regex):
    a target whose rule went missing but is still .PHONY "succeeds" doing nothing."""
    ok, output = run(["make", target], project, env)
    if ok and not re.search(shows, output):
        return False, f"make {target} exited 0 without printing {shows!r}:\n{output}"
    return ok, output


class Lane:
    """One worker's projects, made on first use and then reused: per config a pristine
    copy as generated (what the static gates read) and one set up (what the tests run)."""

    def __init__(self, folder: Path, configs: dict[str, dict], env: dict[str, str], tarball: Path) -> None:
        self.folder = folder
        self.tarball = tarball
        self.configs = configs
        self.env = env
        self.made: dict[str, tuple[Path, Path]] = {}
        self.frontends: set[str] = set()
        self.initialised: set[Path] = set()

    def _generate(self, name: str, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        config = self.folder / f"{name}.json"
        config.write_text(json.dumps(self.configs[name]))
        command = ["npx", "--yes", f"--package={self.tarball}", "create-agent-app", name]
        command += ["--config", str(config), "--no-input", "--no-git"]
        subprocess.run(command, cwd=folder, env=self.env, check=True, capture_output=True)
        return folder / name

    def projects(self, name: str) -> tuple[Path, Path]:
        """(pristine, set up) projects of config `name`."""
        if name not in self.made:
            pristine = self._generate(name, self.folder / "pristine")
            project = self._generate(name, self.folder / "setup")
            subprocess.run(["make", "setup"], cwd=project, env=self.env, check=True, capture_output=True)
            self.made[name] = (pristine, project)
        return self.made[name]

    def frontend(self, name: str) -> Path:
        project = self.projects(name)[1]
        if name not in self.frontends:
            subprocess.run(["make", "frontend-setup"], cwd=project, env=self.env, check=True, capture_output=True)
            self.frontends.add(name)
        return project

    def terraform_init(self, part: Path) -> tuple[bool, str]:
        """terraform init, once per part while it succeeds: a mutant can make it fail
        (a provider or module block broken), which is the mutant caught."""
        if part in self.initialised:
            return True, ""
        ok, output = run(["terraform", f"-chdir={part}", "init", "-backend=false", "-input=false", "-no-color"], ROOT, self.env)
        if ok:
            self.initialised.add(part)
        return ok, output


# The rehearsal's static check of the deploy group's grants (no emulator needed).
GRANTS = """
import json, sys
from pathlib import Path
from aws_agent_framework.rehearsal.runner import deploy_grant_gaps
project = Path(sys.argv[1])
config = json.loads((project / ".create-agent-app.json").read_text())["config"]
missing, unmapped = deploy_grant_gaps(project, config["app_name"], config["aws_region"])
print(*[f"deploy group lacks {action} on {arn} ({kind})" for kind, action, arn in missing], sep="\\n")
print(*[f"no actions known for {kind}" for kind in unmapped], sep="\\n")
sys.exit(1 if missing or unmapped else 0)
"""


Gate = tuple[str, Callable[[], tuple[bool, str]]]
# The frontend reads its own files, and its types come from the API's OpenAPI.
FRONTEND_INPUTS = ("frontend/", "backend/api/", "backend/database/schemas.py")


def reads_frontend(paths: list[str]) -> bool:
    return any(p.startswith(FRONTEND_INPUTS) for p in paths)


def gates(lane: Lane, config: str, paths: list[str] | None) -> list[Gate]:
    """The gates that read `paths` (None: every gate), cheapest first."""
    pristine, project = lane.projects(config)

    def reads(prefix: str) -> bool:
        return paths is None or any(p.startswith(prefix) for p in paths)

    python = str(project / "backend" / ".venv" / "bin" / "python")
    out: list[Gate] = [
        ("files", lambda: run([str(TOOLS_PYTHON), str(TESTS / "check_generated.py"), str(pristine)], ROOT)),
        ("guides", lambda: run([str(TOOLS_PYTHON), str(TESTS / "check_guides.py"), str(pristine)], ROOT)),
    ]
    if reads("terraform/"):
        every_part = sorted(d.name for d in (project / "terraform").iterdir() if d.name[0].isdigit())
        changed = {p.split("/")[1] for p in paths or [] if p.startswith("terraform/")}
        parts = every_part if paths is None or "modules" in changed else sorted(changed & set(every_part))

        def terraform() -> tuple[bool, str]:
            ok, output = run(["terraform", "fmt", "-check", "-recursive"], pristine / "terraform", lane.env)
            for part in parts:
                if not ok:
                    break
                ok, output = lane.terraform_init(project / "terraform" / part)
                if ok:
                    ok, output = run(["terraform", "validate", "-no-color"], project / "terraform" / part, lane.env)
            return ok, output

        out.append(("terraform", terraform))
        out.append(("grants", lambda: run([python, "-c", GRANTS, str(pristine)], ROOT)))
    if paths is None or reads_frontend(paths):
        out.append(("frontend", lambda: run(["make", "frontend-test"], lane.frontend(config), lane.env)))
    # The project's tests read the backend, the scripts, the Makefile and Terraform (the
    # deploy grants' and metrics' tests); its job and evals the backend and the Makefile.
    if reads("backend/pyproject.toml") or reads("backend/framework/pyproject.toml"):
        out.append(("setup", lambda: run(["make", "setup"], project, lane.env)))
    if reads("backend/") or reads("scripts/") or reads("Makefile") or reads("terraform/"):
        tests_env = {**lane.env, "PYTEST_ADDOPTS": "-x"}  # -q twice would drop the summary
        out.append(("tests", lambda: made("test", r"\b\d+ passed\b", project, tests_env)))
    if reads("backend/") or reads("Makefile"):
        out.append(("job", lambda: made("job", r"== usage ==[\s\S]*\nJob completed\n", project, lane.env)))
        out.append(("eval", lambda: made("eval", r"100% of \d+ cases passed", project, lane.env)))
    return out


def check_baseline(lane: Lane, config: str) -> None:
    """Every gate passes on the projects as generated: else a mutant "caught" proves nothing."""
    for name, gate in gates(lane, config, None):
        ok, output = gate()
        if not ok:
            sys.exit(f"{config}: the {name} gate fails without any mutant, so mutants would prove nothing:\n{output}")


def fingerprint(mutant: dict, mutants_dir: Path) -> str:
    """What makes two runs' mutants the same: where they are, and what they change."""
    digest = hashlib.sha256(json.dumps([mutant["template"], mutant["line"], mutant["operator"], mutant["text"]]).encode())
    digest.update(json.dumps([mutant.get("config"), mutant.get("render_error"), mutant.get("removed")]).encode())
    # Not the manifest: it records every file's hash, so it changes with any template.
    for path in (p for p in mutant.get("changed", []) if p != ".create-agent-app.json"):
        digest.update(path.encode() + b"\0" + (mutants_dir / str(mutant["id"]) / path).read_bytes())
    return digest.hexdigest()


def caught_before(progress: Path) -> dict[str, dict]:
    """The caught mutants an earlier run in the same --work folder recorded, by fingerprint."""
    if not progress.exists():
        return {}
    results = [json.loads(line) for line in progress.read_text().splitlines() if line.strip()]
    return {r["fingerprint"]: r for r in results if r.get("caught_by") and "fingerprint" in r}


def try_mutant(lane: Lane, mutant: dict, mutants_dir: Path) -> dict:
    started = time.monotonic()
    if "render_error" in mutant:
        return {**mutant, "caught_by": "render", "detail": mutant["render_error"][:300]}
    if "config" not in mutant:
        return {**mutant, "caught_by": None, "detail": "no config renders a difference"}
    paths = mutant["changed"] + mutant["removed"]
    folders = lane.projects(mutant["config"])
    if reads_frontend(paths):  # installed before the mutant is laid over the project
        lane.frontend(mutant["config"])
    saved: dict[Path, bytes] = {}
    for folder in folders:
        for path in paths:
            if (folder / path).exists():
                saved[folder / path] = (folder / path).read_bytes()
    try:
        for folder in folders:
            for path in mutant["removed"]:
                (folder / path).unlink()
            for path in mutant["changed"]:
                (folder / path).parent.mkdir(parents=True, exist_ok=True)
                (folder / path).write_bytes((mutants_dir / str(mutant["id"]) / path).read_bytes())
        for name, gate in gates(lane, mutant["config"], paths):
            ok, output = gate()
            if not ok:
                seconds = round(time.monotonic() - started)
                return {**mutant, "caught_by": name, "detail": output.strip()[-300:], "seconds": seconds}
        seconds = round(time.monotonic() - started)
        return {**mutant, "caught_by": None, "detail": "every gate passed", "seconds": seconds}
    finally:
        for folder in folders:
            for path in mutant["changed"]:
                if folder / path not in saved:
                    (folder / path).unlink(missing_ok=True)
        for target, data in saved.items():
            target.write_bytes(data)


@functools.cache
def docstring_lines(template: str) -> frozenset[int]:
    """The lines of a Python template's docstrings (none where template syntax keeps it
    from parsing)."""
    path = ROOT / "templates" / template
    if path.suffix != ".py":
        return frozenset()
    try:
        tree = ast.parse(path.read_text())
    except SyntaxError:
        return frozenset()
    documented = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    docstrings = [
        node.body[0]
        for node in ast.walk(tree)
        if isinstance(node, documented) and node.body and ast.get_docstring(node, clean=False) is not None
    ]
    return frozenset(n for d in docstrings for n in range(d.lineno, (d.end_lineno or d.lineno) + 1))


def explained(result: dict) -> str | None:
    template = result["template"]
    if "/tests/" in template:
        return "a test's own line: a test made weaker still passes (the mutants are of the app)"
    if result["line"] in docstring_lines(template):
        return "a docstring's line: prose for people, as a comment is"
    if re.fullmatch(r"type\s+= (string|number|bool|(list|map|set)\(string\))", result["text"].strip()):
        return (
            "a Terraform variable's simple type: it only refuses a wrong value sooner; values"
            " of the type (the default too) work the same without it"
        )
    return SURVIVORS.get((template, result["text"].strip())) or SURVIVORS.get((template, "*"))


def report(results: list[dict], seconds: float, kept: int) -> tuple[str, list[dict]]:
    by_gate = Counter(r["caught_by"] or "survived" for r in results)
    unexplained = [r for r in results if r["caught_by"] is None and explained(r) is None]
    lines = [
        "# make mutate",
        "",
        f"{len(results)} mutants of {len({r['template'] for r in results})} templates in {seconds:.0f} s"
        + (f" ({kept} caught in an earlier run, kept)." if kept else "."),
        "",
        "| caught by | mutants |",
        "|---|---|",
        *[f"| {gate} | {count} |" for gate, count in by_gate.most_common()],
        "",
        "## Survivors",
        "",
    ]
    survivors = [r for r in results if r["caught_by"] is None]
    for r in survivors:
        reason = explained(r) or f"UNEXPLAINED: {r['detail']}"
        lines.append(f"- `{r['template']}:{r['line']}` ({r['operator']}) `{r['text'].strip()[:80]}`: {reason}")
    if not survivors:
        lines.append("None.")
    return "\n".join(lines) + "\n", unexplained


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--operators", default="drop", help="drop, rename or drop,rename")
    parser.add_argument("--only", action="append", help="only templates matching this glob (repeatable)")
    parser.add_argument("--jobs", type=int, default=2, help="mutants tried at once")
    parser.add_argument("--work", type=Path, help="keep the projects here (default: a temporary folder)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="caa-mutate-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    config = configs()
    mutants = [m for m in make_mutants(work, config, args.operators) if any(fnmatch.fnmatch(m["template"], g) for g in args.only or ["*"])]
    for mutant in mutants:
        mutant["fingerprint"] = fingerprint(mutant, work / "mutants")
    earlier = caught_before(work / "results.jsonl")
    kept = [{**earlier[m["fingerprint"]], "id": m["id"]} for m in mutants if m["fingerprint"] in earlier]
    mutants = [m for m in mutants if m["fingerprint"] not in earlier]
    if kept:
        print(f"{len(kept)} mutants caught in an earlier run in {work} are kept; {len(mutants)} to try", flush=True)
    # UV_LOCKED: uv fails on a lock that no longer fits a mutated pyproject.toml, rather
    # than rewriting the lock (which would outlive the mutant).
    env = {**os.environ, "NO_COLOR": "1", "NEXT_TELEMETRY_DISABLED": "1", "UV_LOCKED": "1", "PATH": f"{TOOLS_PYTHON.parent}:{os.environ['PATH']}"}
    if MIRROR.is_dir():
        # The AWS provider from the machine's mirror, as the rehearsal test takes it.
        (work / "terraform.rc").write_text(f'provider_installation {{\n  filesystem_mirror {{\n    path = "{MIRROR}"\n  }}\n}}\n')
        env["TF_CLI_CONFIG_FILE"] = str(work / "terraform.rc")
    if "LAMBDA_PYTHON" not in env:
        # make package's runtime Python, found as scripts/test-pkg.sh finds it.
        found = node_print("helpers.mjs", "m.findLambdaPython() ?? ''")
        if found:
            env["LAMBDA_PYTHON"] = found
    # The package as it is now: a `make build` during the run must not change the projects
    # that are made later.
    tarball = next((ROOT / "npm").glob("create-agent-app-*.tgz"))
    shutil.copy(tarball, work / tarball.name)
    lanes = []
    for index in range(args.jobs):
        shutil.rmtree(work / f"lane{index}", ignore_errors=True)  # an earlier run's projects
        (work / f"lane{index}").mkdir()
        lanes.append(Lane(work / f"lane{index}", config, env, work / tarball.name))
    used = sorted({m["config"] for m in mutants if "changed" in m})
    print(f"checking that every gate passes on {', '.join(used)} as generated", flush=True)
    with ThreadPoolExecutor(len(lanes)) as pool:
        list(pool.map(lambda i: check_baseline(lanes[i % len(lanes)], used[i]), range(len(used))))
    free = list(lanes)
    lock = threading.Lock()
    print_lock = threading.Lock()

    def one(mutant: dict) -> dict:
        with lock:
            lane = free.pop()
        try:
            result = try_mutant(lane, mutant, work / "mutants")
        finally:
            with lock:
                free.append(lane)
        with print_lock:
            with (work / "results.jsonl").open("a") as progress:  # readable while it runs
                progress.write(json.dumps(result) + "\n")
            verdict = result["caught_by"] or "SURVIVED"
            print(f"{verdict:>9}  {result['template']}:{result['line']} ({result['operator']})", flush=True)
        return result

    with ThreadPoolExecutor(args.jobs) as pool:
        results = kept + list(pool.map(one, mutants))
    text, unexplained = report(results, time.monotonic() - started, len(kept))
    artifacts = TESTS / "artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "mutate-report.md").write_text(text)
    (artifacts / "mutate-report.json").write_text(json.dumps(results, indent=2))
    print(text)
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
