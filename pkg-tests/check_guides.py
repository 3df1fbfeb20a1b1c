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


def main() -> None:
    root = Path(sys.argv[1])
    config = json.loads((root / ".create-agent-app.json").read_text())["config"]
    patterns = [l for l in (root / ".gitignore").read_text().splitlines() if l and not l.startswith(("#", "!"))]
    targets = set(re.findall(r"^([a-z][a-z-]*):", (root / "Makefile").read_text(), re.M))
    problems: list[str] = []
    paths_checked = 0
    commands_checked = 0
    for guide in sorted((root / "guides").glob("*.md")):
        for code in cited_code(guide.read_text()):
            for token in re.findall(r"[\w./-]+", code):
                token = token.rstrip(".,:;")
                if not (token.startswith(ROOTS) or token in ROOT_FILES) or "<" in token:
                    continue
                paths_checked += 1
                if not (root / token).exists() and not ignored(token, patterns):
                    problems.append(f"{guide.name}: cites {token}, which does not exist")
            for target in re.findall(r"(?:^|\s)make ([a-z][a-z-]*)", code, re.M):
                commands_checked += 1
                if target not in targets:
                    problems.append(f"{guide.name}: runs make {target}, which the Makefile lacks")
            for script in re.findall(r"(?:^|[\s=])(scripts/[\w.-]+)", code, re.M):
                commands_checked += 1
                if not (root / script).is_file():
                    problems.append(f"{guide.name}: runs {script}, which does not exist")
    agents_guide = (root / "guides" / "6_agents.md").read_text()
    for agent in config["agents"]:
        if not re.search(rf"^#+ .*`{agent['name']}`", agents_guide, re.M):
            problems.append(f"6_agents.md: no section for agent {agent['name']}")
    expected = {
        "2_embeddings.md": config["vectors"] != "none",
        "3_vectors.md": config["vectors"] != "none",
        "4_async_service.md": config["async_service"] != "none",
    }
    for name, wanted in expected.items():
        if (root / "guides" / name).exists() != wanted:
            problems.append(f"guides/{name} {'missing' if wanted else 'present'} for this config")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(1)
    print(json.dumps({"guides": len(list((root / "guides").glob("*.md"))), "paths": paths_checked, "commands": commands_checked}))


if __name__ == "__main__":
    main()
