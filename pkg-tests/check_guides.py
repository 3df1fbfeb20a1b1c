"""Checks that a generated project's guides can be followed.

Usage: check_guides.py PROJECT_DIR

- every project path a guide cites (in `code` or a code block: backend/…, terraform/…,
  scripts/…, frontend/…, guides/…, or a root file) exists, unless it is a build output
  the project's .gitignore ignores (backend/dist/, terraform.tfvars, …);
- every `make X` names a target of the Makefile; every scripts/… command is a file;
- guides/6_agents.md has a section for each agent of .create-agent-app.json;
- a guide exists for each chosen option and none for an option not chosen;
- each Terraform part and module reads every variable it declares (else the setting
  does nothing), and each part's terraform.tfvars.example (which the guides tell you to
  copy) sets every variable it declares without a default, and names none it lacks;
- frontend/.env.example lists every NEXT_PUBLIC_* setting the frontend's code reads.
Prints a JSON report; exits 1 listing every problem.
"""

import fnmatch
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOTS = ("backend/", "terraform/", "scripts/", "frontend/", "guides/")
ROOT_FILES = {"README.md", "ARCHITECTURE.md", "CUSTOMIZATION_GUIDE.md", "Makefile", ".env.example"}


def ignored(path: str, patterns: list[str]) -> bool:
    for pattern in patterns:
        bare = pattern.strip("/")
        if fnmatch.fnmatch(path, bare) or fnmatch.fnmatch(Path(path).name, bare):
            return True
        if pattern.endswith("/") and (path + "/").startswith(bare + "/"):
            return True
    return False


def cited_code(text: str) -> list[str]:
    blocks = re.findall(r"```[^\n]*\n(.*?)```", text, re.S)
    inline = re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", text, flags=re.S))
    return blocks + inline


class Project:
    """A generated project's files, from a folder or in memory: `paths` lists them,
    `text(path)` reads one."""

    def __init__(self, paths: list[str], text: Callable[[str], str]) -> None:
        self.paths = set(paths)
        self.text = text
        self.folders: set[str] = set()
        for path in paths:
            while "/" in path:
                path = path.rsplit("/", 1)[0]
                self.folders.add(path)

    @classmethod
    def from_folder(cls, root: Path) -> "Project":
        paths = [p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()]
        return cls(paths, lambda rel: (root / rel).read_text())

    def exists(self, rel: str) -> bool:
        rel = rel.rstrip("/")
        return rel in self.paths or rel in self.folders

    def guides(self) -> list[str]:
        return sorted(p for p in self.paths if p.startswith("guides/") and p.endswith(".md"))


VARIABLE = re.compile(r'^variable "(\w+)" \{\n(.*?)^\}', re.M | re.S)
SETTING = re.compile(r"^(#\s*)?([a-z_][a-z0-9_]*)\s*=", re.M)


def terraform_settings(project: Project) -> tuple[list[str], int]:
    """(problems, variables checked): each Terraform folder (a part, a module) reads every
    variable it declares, and each part's terraform.tfvars.example sets those without a
    default and names no other."""
    problems: list[str] = []
    checked = 0
    files_of: dict[str, list[str]] = {}  # folder: its .tf files
    for path in sorted(p for p in project.paths if p.startswith("terraform/") and p.endswith(".tf")):
        files_of.setdefault(path.rsplit("/", 1)[0], []).append(path)
    for folder, files in sorted(files_of.items()):
        code = "\n".join(project.text(p) for p in files)
        declared = {name: re.search(r"^\s*default\s*=", body, re.M) is not None for name, body in VARIABLE.findall(code)}
        checked += len(declared)
        for name in sorted(n for n in declared if not re.search(rf"\bvar\.{n}\b", code)):
            problems.append(f"{folder}: declares variable {name}, which nothing there reads (var.{name})")
        example = f"{folder}/terraform.tfvars.example"
        if example not in project.paths:
            continue
        settings = SETTING.findall(project.text(example))
        set_names = {name for comment, name in settings if not comment}
        for name in sorted(n for n, has_default in declared.items() if not has_default and n not in set_names):
            problems.append(f"{example}: does not set {name}, which {folder} needs (no default)")
        for name in sorted({name for _, name in settings} - declared.keys()):
            problems.append(f"{example}: names {name}, which {folder} does not declare")
    return problems, checked


def frontend_env_example(project: Project) -> tuple[list[str], int]:
    """(problems, settings checked): the NEXT_PUBLIC_* settings the frontend reads that
    frontend/.env.example, which documents them, does not list."""
    code = (
        p
        for p in project.paths
        if p.startswith("frontend/") and "/node_modules/" not in p and p.endswith((".ts", ".tsx", ".mjs", ".mts"))
    )
    read = {name for path in code for name in re.findall(r"process\.env\.(NEXT_PUBLIC_\w+)", project.text(path))}
    listed = set(re.findall(r"^(NEXT_PUBLIC_\w+)=", project.text("frontend/.env.example"), re.M))
    return [f"frontend/.env.example: does not list {name}, which the frontend reads" for name in sorted(read - listed)], len(read)


def check(project: Project) -> tuple[list[str], dict[str, int]]:
    """(problems, counts) for one project."""
    config = json.loads(project.text(".create-agent-app.json"))["config"]
    patterns = [l for l in project.text(".gitignore").splitlines() if l and not l.startswith(("#", "!"))]
    targets = set(re.findall(r"^([a-z][a-z-]*):", project.text("Makefile"), re.M))
    problems: list[str] = []
    paths_checked = 0
    commands_checked = 0
    for guide in project.guides():
        name = guide.removeprefix("guides/")
        for code in cited_code(project.text(guide)):
            for token in re.findall(r"[\w./-]+", code):
                token = token.rstrip(".,:;")
                if not (token.startswith(ROOTS) or token in ROOT_FILES) or "<" in token:
                    continue
                paths_checked += 1
                if not project.exists(token) and not ignored(token, patterns):
                    problems.append(f"{name}: cites {token}, which does not exist")
            for target in re.findall(r"(?:^|\s)make ([a-z][a-z-]*)", code, re.M):
                commands_checked += 1
                if target not in targets:
                    problems.append(f"{name}: runs make {target}, which the Makefile lacks")
            for script in re.findall(r"(?:^|[\s=])(scripts/[\w.-]+)", code, re.M):
                commands_checked += 1
                if script not in project.paths:
                    problems.append(f"{name}: runs {script}, which does not exist")
    agents_guide = project.text("guides/6_agents.md")
    for agent in config["agents"]:
        if not re.search(rf"^#+ .*`{agent['name']}`", agents_guide, re.M):
            problems.append(f"6_agents.md: no section for agent {agent['name']}")
    expected = {
        "2_embeddings.md": config["vectors"] != "none",
        "3_vectors.md": config["vectors"] != "none",
        "4_async_service.md": config["async_service"] != "none",
    }
    for name, wanted in expected.items():
        if (f"guides/{name}" in project.paths) != wanted:
            problems.append(f"guides/{name} {'missing' if wanted else 'present'} for this config")
    terraform_problems, variables_checked = terraform_settings(project)
    env_problems, settings_checked = frontend_env_example(project)
    problems += terraform_problems + env_problems
    counts = {
        "guides": len(project.guides()),
        "paths": paths_checked,
        "commands": commands_checked,
        "terraform_variables": variables_checked,
        "frontend_settings": settings_checked,
    }
    return problems, counts


def main() -> None:
    problems, counts = check(Project.from_folder(Path(sys.argv[1])))
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(1)
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
