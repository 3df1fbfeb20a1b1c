"""Builds a cookiecutter template and a copier template that render the same tree as
create-agent-app does for one config, so `make bench` can time the three engines on
identical output.

Usage: make_templates.py --package DIR [--config JSON] --out DIR

- asks the npm package at --package (through `node`) for the files `files(config)`
  makes and for the normalised config;
- writes OUT/cookiecutter (cookiecutter.json + `{{cookiecutter.app_name}}/…`) and
  OUT/copier (copier.yml + template/…), whose files are those contents with the app
  name, its snake_case form and the app title put back as each engine's variables, and
  every other `{`/`}` kept literal in raw blocks; run bits are kept;
- prints the answers as JSON ({"app_name": …, "app_title": …}).

Rendering either template with its defaults reproduces the generator's tree byte for
byte (pkg-tests/bench-parity.test.mjs checks it). What the engines are then timed on is
rendering and writing the same tree, not the generator's template logic: the agent
folders, the options and the manifest stay in create-agent-app.
"""

import argparse
import base64
import json
import re
import subprocess
import sys
from pathlib import Path

# Prints {"config": normalize(config), "files": [{path, executable, contents(base64)}]}.
DUMP = """
const api = require(process.argv[1]);
const config = JSON.parse(process.argv[2]);
const files = api.files(config).map((f) => ({
  path: f.path,
  executable: f.executable,
  contents: Buffer.from(f.contents).toString('base64'),
}));
process.stdout.write(JSON.stringify({ config: api.normalize(config), files }));
"""


def generated(package: Path, config: str) -> tuple[dict, list[dict]]:
    """The normalised config and the files the package generates for `config`."""
    out = subprocess.run(
        ["node", "-e", DUMP, str(package.resolve()), config],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    data = json.loads(out)
    for f in data["files"]:
        f["contents"] = base64.b64decode(f["contents"])
    return data["config"], data["files"]


class Converter:
    """Turns literal text into one engine's template text: each known value becomes its
    variable expression, everything else is kept verbatim."""

    def __init__(self, variables: dict[str, str]):
        # value → Jinja expression; the longest value wins where two overlap.
        self.variables = variables
        values = sorted((v for v in variables if v), key=len, reverse=True)
        self.pattern = re.compile("|".join(re.escape(v) for v in values))

    @staticmethod
    def literal(text: str) -> str:
        """`text` as template text that renders to itself. Anything with a brace goes in
        a raw block; a literal `endraw` is split between two blocks (the block ends at the
        first `{% endraw %}`-like tag, so neither half closes it early)."""
        if not text or ("{" not in text and "}" not in text):
            return text
        parts = text.split("endraw")
        pieces = [parts[0]] + ["raw" + p for p in parts[1:]]
        pieces = [p + "end" for p in pieces[:-1]] + [pieces[-1]]
        return "".join(f"{{% raw %}}{p}{{% endraw %}}" for p in pieces if p)

    def convert(self, text: str) -> str:
        out, last = [], 0
        for match in self.pattern.finditer(text):
            out.append(self.literal(text[last : match.start()]))
            out.append("{{ " + self.variables[match.group(0)] + " }}")
            last = match.end()
        out.append(self.literal(text[last:]))
        return "".join(out)

    def convert_path(self, path: str) -> str:
        if "{" in path or "}" in path:
            sys.exit(f"make_templates: a generated path has a brace, which both engines would render: {path}")
        return self.convert(path)


def write_tree(root: Path, files: list[dict], converter: Converter) -> None:
    for f in files:
        text = f["contents"].decode("utf-8")  # every generated file is UTF-8 text
        if "\r" in text:
            sys.exit(f"make_templates: {f['path']} has a carriage return, which Jinja would rewrite")
        dest = root / converter.convert_path(f["path"])
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(converter.convert(text), encoding="utf-8", newline="")
        dest.chmod(0o755 if f["executable"] else 0o644)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--package", type=Path, required=True, help="the create-agent-app npm package's folder")
    parser.add_argument("--config", default="{}", help="the config as JSON (default: {})")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()

    config, files = generated(args.package, args.config)
    answers = {"app_name": config["app_name"], "app_title": config["app_title"]}
    snake = config["app_name"].replace("-", "_")

    def variables(name: str, title: str) -> dict[str, str]:
        # Insertion order: a later value equal to an earlier one keeps the earlier variable.
        found: dict[str, str] = {}
        for value, expr in (
            (answers["app_title"], title),
            (answers["app_name"], name),
            (snake, name + "|replace('-', '_')"),
        ):
            found.setdefault(value, expr)
        return found

    cookiecutter = args.out / "cookiecutter"
    cookiecutter.mkdir(parents=True)
    (cookiecutter / "cookiecutter.json").write_text(json.dumps(answers, indent=2) + "\n")
    write_tree(
        cookiecutter / "{{cookiecutter.app_name}}",
        files,
        Converter(variables("cookiecutter.app_name", "cookiecutter.app_title")),
    )

    copier = args.out / "copier"
    copier.mkdir(parents=True)
    spec = {
        # Every file of template/ is a template (no suffix), none excluded by default.
        "_subdirectory": "template",
        "_templates_suffix": "",
        "_envops": {"keep_trailing_newline": True},
        **{key: {"type": "str", "default": value} for key, value in answers.items()},
    }
    (copier / "copier.yml").write_text(json.dumps(spec, indent=2) + "\n")  # JSON is YAML
    write_tree(copier / "template", files, Converter(variables("app_name", "app_title")))

    print(json.dumps(answers))


if __name__ == "__main__":
    main()
