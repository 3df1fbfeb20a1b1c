"""Every Terraform part deploys to the region the app was made for: its AWS provider takes
the region from var.aws_region, whose default is the answers' aws_region. (A provider
without a region would follow whatever AWS_REGION the shell happens to have.)"""

import json
from pathlib import Path

import hcl2
import pytest

ROOT = Path(__file__).resolve().parents[2]
ANSWERS = json.loads((ROOT / ".create-agent-app.json").read_text())["config"]
PARTS = sorted(p for p in (ROOT / "terraform").iterdir() if p.name[0].isdigit())


def blocks(part: Path, kind: str) -> dict[str, list[dict]]:
    """The part's `kind` blocks (provider, variable) by label, quotes taken off."""
    found: dict[str, list[dict]] = {}
    for file in sorted(part.glob("*.tf")):
        for block in hcl2.loads(file.read_text()).get(kind, []):
            for label, body in block.items():
                found.setdefault(label.strip('"'), []).append(body)
    return found


def text(value: object) -> str:
    return str(value).strip('"')


@pytest.mark.parametrize("part", PARTS, ids=lambda p: p.name)
def test_each_part_deploys_to_the_apps_region(part):
    providers = blocks(part, "provider").get("aws", [])
    default = [provider for provider in providers if "alias" not in provider]
    assert len(default) == 1, f"{part.name}: one AWS provider without an alias"
    assert text(default[0].get("region")) == "${var.aws_region}", part.name
    (region,) = blocks(part, "variable")["aws_region"]
    assert text(region["default"]) == ANSWERS["aws_region"], part.name
