"""What check_matrix.py and check_matrix_iam.py share: reading the matrix test's
manifest, and ending with a report or the problems found."""

import json
import sys
from pathlib import Path

# Most problems printed; the rest are counted.
SHOWN = 40


def read(out: Path) -> tuple[list[dict], set[str]]:
    """(combinations, executable paths) from DIR/manifest.json."""
    written = json.loads((out / "manifest.json").read_text())
    return written["combinations"], set(written["executable"])


def finish(problems: list[str], report: dict) -> None:
    """Prints the report as JSON, or the problems (exit 1)."""
    if problems:
        print("\n".join(problems[:SHOWN]), file=sys.stderr)
        if len(problems) > SHOWN:
            print(f"… and {len(problems) - SHOWN} more", file=sys.stderr)
        sys.exit(1)
    print(json.dumps(report))
