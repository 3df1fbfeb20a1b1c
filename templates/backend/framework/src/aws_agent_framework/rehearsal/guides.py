"""The shell blocks of a project's guides, as the rehearsal runs them.

A guide's fenced blocks say who runs them by their info string:

- ```` ```bash ```` — the deploy user, from the project root;
- ```` ```bash admin ```` — an administrator (applying part 1, adding the deploy user);
- ```` ```bash manual ```` — a person (a console, a browser); its first line is a ``#``
  comment saying why, and the rehearsal lists it instead of running it.

A block that runs ``scripts/destroy.py`` is a "stop paying" step: it runs last, after
every guide's other blocks, in reverse guide order.

>>> text = "# 6. Agents\\n```bash\\nmake package\\n```\\n```bash manual\\n# manual: a browser\\nopen x\\n```\\n"
>>> [(b.role, b.code) for b in parse("6_agents.md", text)]
[('deploy', 'make package'), ('manual', '# manual: a browser\\nopen x')]
>>> parse("6_agents.md", text)[1].reason
'a browser'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Role = Literal["deploy", "admin", "manual", "destroy"]

_FENCE = re.compile(
    r"^```bash(?:[ \t]+(admin|manual))?[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL
)


@dataclass(frozen=True)
class Block:
    """One runnable (or manual) shell block of a guide."""

    guide: str  # file name, e.g. "6_agents.md"
    role: Role
    code: str
    admin: bool = False  # run with the administrator's credentials

    @property
    def part(self) -> str:
        """The Terraform part the guide deploys: "6_agents" for guides/6_agents.md."""
        return self.guide.removesuffix(".md")

    @property
    def reason(self) -> str:
        """Why a manual block is not run: its first comment line, without "manual:"."""
        first = self.code.splitlines()[0] if self.code else ""
        return re.sub(r"^#\s*(manual:\s*)?", "", first).strip()


def parse(guide: str, text: str) -> list[Block]:
    """The bash blocks of one guide's text, in order."""
    blocks = []
    for match in _FENCE.finditer(text):
        tag, code = match.group(1), match.group(2).rstrip("\n")
        if tag == "manual":
            role: Role = "manual"
        elif "scripts/destroy.py" in code:
            role = "destroy"
        else:
            role = "admin" if tag == "admin" else "deploy"
        blocks.append(Block(guide, role, code, admin=tag == "admin"))
    return blocks


def guide_blocks(guides_dir: Path) -> list[Block]:
    """Every guide's blocks, guides in numeric order."""
    paths = sorted(guides_dir.glob("[0-9]*_*.md"), key=lambda p: int(p.name.split("_", 1)[0]))
    return [block for path in paths for block in parse(path.name, path.read_text(encoding="utf-8"))]
