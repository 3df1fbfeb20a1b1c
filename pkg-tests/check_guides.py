"""Checks that a generated project's guides can be followed.

Usage: check_guides.py PROJECT_DIR

- every project path a guide cites (in `code` or a code block: backend/…, terraform/…,
  scripts/…, frontend/…, guides/…, or a root file) exists, unless it is a build output
  the project's .gitignore ignores (backend/dist/, terraform.tfvars, …);
- every `make X` names a target of the Makefile; every scripts/… command is a file;
- guides/6_agents.md has a section for each agent of .create-agent-app.json;
- a guide exists for each chosen option and none for an option not chosen.
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
    counts = {"guides": len(project.guides()), "paths": paths_checked, "commands": commands_checked}
    return problems, counts


def main() -> None:
    problems, counts = check(Project.from_folder(Path(sys.argv[1])))
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(1)
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
