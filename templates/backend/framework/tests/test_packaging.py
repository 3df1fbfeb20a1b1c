"""Lambda zips: reproducible bytes, and a clear error above Lambda's size limits.
(Building real zips for both architectures is tested on a generated project.)"""

import os
import shutil
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from aws_agent_framework import packaging
from aws_agent_framework.packaging import (
    DIRECT_UPLOAD_LIMIT,
    Package,
    PackagingError,
    check_limits,
    write_zip,
)


def test_zips_are_reproducible(tmp_path):
    source = tmp_path / "src"
    (source / "pkg").mkdir(parents=True)
    (source / "pkg" / "b.py").write_text("B = 2\n")
    (source / "pkg" / "a.py").write_text("A = 1\n")
    entries = [(source / "pkg" / n, f"pkg/{n}") for n in ("b.py", "a.py")]
    first = write_zip(tmp_path / "one" / "f.zip", entries)
    (source / "pkg" / "a.py").touch()  # a newer mtime must not change the bytes
    second = write_zip(tmp_path / "two" / "f.zip", reversed(entries))
    assert first.path.read_bytes() == second.path.read_bytes()
    with zipfile.ZipFile(first.path) as archive:
        assert archive.namelist() == ["pkg/a.py", "pkg/b.py"]
        assert archive.getinfo("pkg/a.py").date_time == (1980, 1, 1, 0, 0, 0)
    assert first.unzipped_bytes == 12


def test_a_package_over_the_direct_upload_limit_is_refused_with_its_largest_parts(tmp_path):
    (tmp_path / "litellm").mkdir()
    (tmp_path / "litellm" / "big.bin").write_bytes(b"x" * 1000)
    too_big = Package("agent", tmp_path / "agent.zip", DIRECT_UPLOAD_LIMIT + 1, 10)
    with pytest.raises(PackagingError, match=r"at most 50 MB zipped.*litellm"):
        check_limits(too_big, tmp_path)
    check_limits(Package("agent", tmp_path / "agent.zip", 1000, 1000), tmp_path)


def test_an_unchanged_function_keeps_its_zip_and_a_changed_one_is_rebuilt(tmp_path, monkeypatch):
    from aws_agent_framework import packaging

    installs = []

    def install(requirements, target, **kwargs):
        installs.append(requirements)
        (target / "dep.py").write_text("D = 1\n")

    monkeypatch.setattr(packaging, "install_dependencies", install)
    (tmp_path / "agent").mkdir()
    (tmp_path / "agent" / "agent.py").write_text("A = 1\n")
    (tmp_path / "agent" / "lambda_handler.py").write_text("def handler(e, c): ...\n")

    def build(inputs="framework-v1", bytecode=None):
        return packaging.build_package(
            "agent",
            root=tmp_path,
            code=["agent"],
            handler="agent/lambda_handler.py",
            requirements=["aws-agent-framework @ file:///tmp/one.whl"],
            out=tmp_path / "dist",
            arch="x86_64",
            python_version="3.12",
            uv="uv",
            bytecode_python=bytecode,
            inputs=inputs,
        )

    first = build()
    assert not first.reused and len(installs) == 1
    again = build()
    assert again.reused and len(installs) == 1
    assert again.path.read_bytes() == first.path.read_bytes()
    assert again.unzipped_bytes == first.unzipped_bytes
    (tmp_path / "agent" / "agent.py").write_text("A = 2\n")
    assert not build().reused and len(installs) == 2
    assert not build(inputs="framework-v2").reused and len(installs) == 3
    assert not build(inputs=None).reused and len(installs) == 4
    # Bytecode from another interpreter is another build; the zip then holds .pyc files.
    compiled = build(bytecode=sys.executable)
    assert not compiled.reused and compiled.compiled and len(installs) == 5
    with zipfile.ZipFile(compiled.path) as archive:
        assert any(name.endswith(".pyc") for name in archive.namelist())
    assert build(bytecode=sys.executable).compiled


def test_functions_with_the_same_dependencies_share_one_install(tmp_path, monkeypatch):
    installs = []

    def install(requirements, target, **kwargs):
        installs.append((requirements, kwargs["leave_out"]))
        (target / "dep").mkdir()
        (target / "dep" / "__init__.py").write_text("D = 1\n")

    monkeypatch.setattr(packaging, "install_dependencies", install)
    for name in ("planner", "tagger", "dep"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "agent.py").write_text(f"NAME = {name!r}\n")

    def build(name, layers, requirements=("aws-agent-framework[agents]",), leave_out=()):
        return packaging.build_package(
            name,
            root=tmp_path,
            code=[name],
            handler=f"{name}/agent.py",
            requirements=list(requirements),
            out=tmp_path / "dist",
            arch="arm64",
            python_version="3.12",
            uv="uv",
            bytecode_python=sys.executable,
            leave_out=leave_out,
            layers=layers,
        )

    with packaging.DependencyLayers() as layers:
        planner, tagger = build("planner", layers), build("tagger", layers)
        assert len(installs) == 1
        for package, name in ((planner, "planner"), (tagger, "tagger")):
            with zipfile.ZipFile(package.path) as archive:
                names = archive.namelist()
                assert archive.read("lambda_handler.py") == f"NAME = {name!r}\n".encode()
                assert package.unzipped_bytes == sum(i.file_size for i in archive.infolist())
            assert {"dep/__init__.py", f"{name}/agent.py", "lambda_handler.py"} <= set(names)
            assert any(n.startswith("dep/__pycache__/") for n in names)  # compiled once, kept
            assert any(n.startswith(f"{name}/__pycache__/agent.cpython-") for n in names)
            assert len(names) == len(set(names))
        # Another set of dependencies is another install.
        (tmp_path / "api").mkdir()
        (tmp_path / "api" / "agent.py").write_text("API = 1\n")
        build("api", layers, leave_out=("openai-agents",))
        assert installs[-1] == (["aws-agent-framework[agents]"], ("openai-agents",))
        assert len(installs) == 2
        # App code in a module a dependency installs would shadow it: refused, by name.
        with pytest.raises(PackagingError, match=r"dep\.zip: the app's dep would shadow"):
            build("dep", layers)


RUNNING = f"{sys.version_info[0]}.{sys.version_info[1]}"


def fake_uv(tmp_path, find: str, install: str = "exit 1") -> str:
    """A `uv` whose `python find` and `python install` run the given shell lines."""
    script = tmp_path / "uv"
    script.write_text(
        f'#!/bin/sh\ncase "$2" in\n  find) {find} ;;\n  install) {install} ;;\nesac\n'
    )
    script.chmod(0o755)
    return str(script)


def test_lambda_python_is_the_one_set_if_it_is_the_runtimes_version(tmp_path, monkeypatch):
    monkeypatch.setenv("LAMBDA_PYTHON", sys.executable)
    uv = fake_uv(tmp_path, find="exit 1")
    assert packaging.find_lambda_python(RUNNING, uv) == sys.executable
    with pytest.raises(PackagingError, match=rf"is {RUNNING}, but the functions run Python 2\.7"):
        packaging.find_lambda_python("2.7", uv)
    monkeypatch.setenv("LAMBDA_PYTHON", str(tmp_path / "missing"))
    with pytest.raises(PackagingError, match="not a working Python"):
        packaging.find_lambda_python(RUNNING, uv)


def test_lambda_python_is_found_or_installed_by_uv(tmp_path, monkeypatch):
    monkeypatch.delenv("LAMBDA_PYTHON", raising=False)
    found = fake_uv(tmp_path, find="echo /opt/python3.12")
    assert packaging.find_lambda_python("3.12", found) == "/opt/python3.12"
    # Not found at first: uv installs it, then finds it.
    marker = tmp_path / "installed"
    installs = fake_uv(
        tmp_path, find=f"test -f {marker} && echo /uv/python3.12", install=f"touch {marker}"
    )
    assert packaging.find_lambda_python("3.12", installs) == "/uv/python3.12"


def test_without_a_lambda_python_the_error_says_how_to_get_one(tmp_path, monkeypatch):
    monkeypatch.delenv("LAMBDA_PYTHON", raising=False)
    uv = fake_uv(tmp_path, find="exit 2", install="echo 'download failed' >&2; exit 1")
    with pytest.raises(PackagingError) as error:
        packaging.find_lambda_python("3.12", uv)
    message = str(error.value)
    assert "download failed" in message
    assert "uv python install 3.12" in message and "LAMBDA_PYTHON=" in message
    assert "--no-bytecode" in message


def test_a_bytecode_compile_failure_stops_the_build(tmp_path):
    (tmp_path / "broken.py").write_text("def (:\n")
    with pytest.raises(PackagingError, match=r"compiling the bytecode .* failed"):
        packaging.compile_bytecode(tmp_path, sys.executable)


def test_zips_install_the_versions_uv_lock_pins(tmp_path, monkeypatch):
    backend = Path(__file__).resolve().parents[2]
    # `uv run` (make test) names its own binary in UV.
    uv = os.environ.get("UV") or shutil.which("uv")
    assert uv, "run the tests with uv (make test)"
    pins = packaging.export_locked_versions(backend, tmp_path / "pins.txt", uv).read_text()
    locked = {
        p["name"]: p["version"] for p in tomllib.loads((backend / "uv.lock").read_text())["package"]
    }
    for name in ("pydantic", "openai-agents", "fastapi"):
        assert f"\n{name}=={locked[name]}" in f"\n{pins}", name
    assert "aws-agent-framework" not in pins  # the workspace's own packages are built here

    commands = []
    monkeypatch.setattr(
        packaging.subprocess,
        "run",
        lambda command, **kwargs: commands.append(command) or type("R", (), {"returncode": 0})(),
    )
    packaging.install_dependencies(
        ["x"],
        tmp_path / "site",
        arch="arm64",
        python_version="3.12",
        uv=uv,
        constraints=tmp_path / "pins.txt",
    )
    assert commands[0][-2:] == ["--constraints", str(tmp_path / "pins.txt")]
