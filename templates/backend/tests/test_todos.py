"""scripts/todos.sh (`make todos`): lists every TODO(domain) marker left as file:line
and fails while any remain, so CI can require a finished app; passes once none are."""

import itertools
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "todos.sh"
# Spelled in two pieces, or this file would hold a marker itself.
MARKER = "TODO(domain)" + ":"
# Installed packages, build outputs and caches: the script skips the same folders.
SKIPPED = {".git", "node_modules", ".venv", ".next", "dist", "out", ".terraform"}
SKIPPED |= {"__pycache__", ".pytest_cache", ".ruff_cache"}


def markers(root: Path) -> list[tuple[str, int]]:
    """(file, line) of every marker under `root`, found without the script."""
    found = []
    for path in root.rglob("*"):
        relative = path.relative_to(root)
        if not path.is_file() or SKIPPED & set(relative.parts) or path.name == "todos.sh":
            continue
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (UnicodeDecodeError, OSError):
            continue
        found += [(relative.as_posix(), n) for n, line in enumerate(lines, 1) if MARKER in line]
    return found


def todos(root: Path) -> subprocess.CompletedProcess[str]:
    bash = shutil.which("bash") or "/bin/bash"
    return subprocess.run(
        [bash, str(root / "scripts" / "todos.sh")], capture_output=True, text=True, check=False
    )


def listed(stdout: str) -> list[tuple[str, int]]:
    entries = [line.split(":", 2) for line in stdout.splitlines()]
    return [(file, int(line)) for file, line, _ in entries]


def test_it_lists_every_marker_in_this_project_by_file_and_line():
    result = todos(ROOT)
    expected = markers(ROOT)
    if expected:
        assert result.returncode == 1, result.stderr
        found = listed(result.stdout)
        assert sorted(found) == sorted(expected)
        # Grouped by file, in line order within each.
        for (file, line), (next_file, next_line) in itertools.pairwise(found):
            assert file != next_file or line < next_line
        files = len({file for file, _ in expected})
        assert f"{len(expected)} TODO(domain) marker(s) left in {files} file(s)." in result.stderr
    else:
        assert result.returncode == 0, result.stdout
        assert "No TODO(domain) markers left." in result.stdout


def test_it_fails_while_a_marker_remains_and_passes_once_it_is_resolved(tmp_path):
    (tmp_path / "scripts").mkdir()
    shutil.copy(SCRIPT, tmp_path / "scripts" / "todos.sh")
    agent = tmp_path / "backend" / "agent.py"
    agent.parent.mkdir()
    agent.write_text("INSTRUCTIONS = ''\n# " + MARKER + " write the instructions\n")
    installed = tmp_path / "frontend" / "node_modules" / "package" / "index.js"
    installed.parent.mkdir(parents=True)
    installed.write_text("// " + MARKER + " not yours: installed packages are skipped\n")

    result = todos(tmp_path)
    assert result.returncode == 1
    assert listed(result.stdout) == [("backend/agent.py", 2)]

    agent.write_text("INSTRUCTIONS = 'Plan the job.'\n")
    result = todos(tmp_path)
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == "No TODO(domain) markers left."
