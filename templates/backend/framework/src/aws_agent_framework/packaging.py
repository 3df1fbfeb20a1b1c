"""Lambda zips without Docker.

Dependencies are installed for the Lambda platform with uv's cross-platform resolver
(manylinux wheels for arm64 or x86_64 and the runtime's Python) at the versions the
project's uv.lock pins, boto3 and botocore are
left out because the Lambda Python runtime ships them, and the app's packages are added
with the handler module at the root. Zips are deterministic (sorted entries, fixed
times and modes), so an unchanged function is not redeployed. A zip above the 50 MB
direct-upload limit, or 250 MB unzipped, is an error that says what is large. A zip
whose inputs (code, requirements, platform) have not changed since it was built is kept
as it is, so `make package` after a one-function edit rebuilds only that function; and
functions with the same dependencies (the agents) share one install, compile and
compression of them (DependencyLayers).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

DIRECT_UPLOAD_LIMIT = 50 * 1000 * 1000
UNZIPPED_LIMIT = 250 * 1000 * 1000
# Shipped by the Lambda Python runtime; bundling them only adds size.
RUNTIME_PROVIDED = ("boto3", "botocore", "s3transfer")
PLATFORMS = {"arm64": "aarch64-manylinux_2_28", "x86_64": "x86_64-manylinux_2_28"}
# Not code: caches, tests, uv's lock file and console scripts of the dependencies.
SKIPPED_PARTS = {"tests", ".pytest_cache", ".lock", "bin"}
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


class PackagingError(RuntimeError):
    pass


@dataclass(frozen=True)
class Package:
    name: str
    path: Path
    zipped_bytes: int
    unzipped_bytes: int
    compiled: bool = False
    reused: bool = False


def tree_digest(*paths: Path) -> str:
    """A digest of the files under `paths` (names and bytes; caches left out)."""
    digest = hashlib.sha256()
    for path in paths:
        files = [path] if path.is_file() else sorted(path.rglob("*"))
        for file in files:
            if file.is_file() and "__pycache__" not in file.parts:
                digest.update(file.as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def _existing(destination: Path, stamp: Path, inputs: str) -> Package | None:
    """The zip at `destination` when it was built from exactly `inputs`."""
    if not (destination.is_file() and stamp.is_file() and stamp.read_text() == inputs):
        return None
    with zipfile.ZipFile(destination) as archive:
        entries = archive.infolist()
    return Package(
        destination.stem,
        destination,
        destination.stat().st_size,
        sum(entry.file_size for entry in entries),
        compiled=any(entry.filename.endswith(".pyc") for entry in entries),
        reused=True,
    )


def build_framework_wheel(framework: Path, out: Path, uv: str) -> Path:
    """The framework as a wheel (pure Python), so every dependency installs from wheels."""
    command = [uv, "build", "--wheel", "--quiet", "--out-dir", str(out), str(framework)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    wheels = sorted(out.glob("aws_agent_framework-*.whl"))
    if result.returncode != 0 or not wheels:
        raise PackagingError(f"building the framework wheel failed:\n{result.stderr.strip()}")
    return wheels[-1]


def export_locked_versions(project: Path, out: Path, uv: str) -> Path:
    """The versions `project`'s uv.lock pins, as a constraints file for the zips' installs:
    Lambda gets the dependency versions `make test` ran with."""
    command = [
        uv, "export", "--frozen", "--all-extras", "--no-dev", "--no-emit-workspace",
        "--no-hashes", "--no-header", "--no-annotate", "--format", "requirements-txt",
        "--output-file", str(out),
    ]  # fmt: skip
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise PackagingError(f"reading {project / 'uv.lock'} failed:\n{result.stderr.strip()}")
    return out


def install_dependencies(
    requirements: list[str],
    target: Path,
    *,
    arch: str,
    python_version: str,
    uv: str,
    leave_out: Sequence[str] = (),
    constraints: Path | None = None,
) -> None:
    """Installs `requirements` for Lambda's platform into `target` (wheels only), at the
    versions `constraints` pins. The distributions named in `leave_out` are not
    installed even where a requirement depends on them (a uv override whose marker
    never holds)."""
    if arch not in PLATFORMS:
        raise PackagingError(f"--arch must be one of {', '.join(PLATFORMS)}, not {arch!r}")
    command = [
        uv, "pip", "install", "--quiet", "--target", str(target),
        "--python-platform", PLATFORMS[arch], "--python-version", python_version,
        "--no-build", *requirements,
    ]  # fmt: skip
    if constraints is not None:
        command += ["--constraints", str(constraints)]
    with tempfile.TemporaryDirectory(prefix="overrides-") as folder:
        if leave_out:
            overrides = Path(folder) / "overrides.txt"
            overrides.write_text(
                "".join(f'{name} ; sys_platform == "never"\n' for name in leave_out)
            )
            command += ["--overrides", str(overrides)]
        result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise PackagingError(
            f"installing {' '.join(requirements)} for {arch} failed:\n{result.stderr.strip()}"
        )
    for name in RUNTIME_PROVIDED:
        shutil.rmtree(target / name, ignore_errors=True)
        for info in target.glob(f"{name}-*.dist-info"):
            shutil.rmtree(info)


def find_lambda_python(python_version: str, uv: str) -> str:
    """The interpreter that compiles the zips' bytecode, which must be the Lambda runtime's
    version: Python ignores another version's .pyc files, and Lambda's code folder is
    read-only, so every cold start would compile every imported module again (measured:
    ~1.8 s of a 4.7 s import).

    LAMBDA_PYTHON if set (it must be that version); else the one uv finds (on PATH or
    installed by uv); else uv installs it (a standalone build from the internet)."""
    chosen = os.environ.get("LAMBDA_PYTHON")
    if chosen:
        found = _version_of(chosen)
        if found != python_version:
            raise PackagingError(
                f"LAMBDA_PYTHON={chosen} is {found or 'not a working Python'}, but the functions "
                f"run Python {python_version}: point it at a python{python_version}."
            )
        return chosen
    find = [uv, "python", "find", "--no-project", python_version]
    install = [uv, "python", "install", "--quiet", python_version]
    result = subprocess.run(find, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        installed = subprocess.run(install, capture_output=True, text=True, check=False)  # noqa: S603
        result = subprocess.run(find, capture_output=True, text=True, check=False)  # noqa: S603
        if result.returncode != 0:
            raise PackagingError(
                f"The Lambda zips need bytecode compiled by Python {python_version}, the "
                "functions' runtime, and uv neither found one nor could install it:\n"
                f"  {(installed.stderr or result.stderr).strip()}\n"
                f"Fix: `uv python install {python_version}`, or set "
                f"LAMBDA_PYTHON=/path/to/python{python_version}. (`--no-bytecode`, or `make "
                "package PACKAGE_FLAGS=--no-bytecode`, builds without it, and every cold "
                "start then compiles the code again.)"
            )
    return result.stdout.strip()


def _version_of(python: str) -> str | None:
    probe = [python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"]
    try:
        found = subprocess.run(probe, capture_output=True, text=True, check=False)  # noqa: S603
    except OSError:
        return None
    return found.stdout.strip() if found.returncode == 0 else None


def compile_bytecode(folder: Path, python: str) -> None:
    """Precompiles `folder` with `python` (find_lambda_python). Hash-checked .pyc files are
    used without comparing timestamps, and are reproducible."""
    command = [
        python,
        "-m",
        "compileall",
        "-q",
        "-j0",
        "--invalidation-mode",
        "unchecked-hash",
        str(folder),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip()
        raise PackagingError(f"compiling the bytecode with {python} failed:\n{output}")


def _files(root: Path, folder: Path) -> Iterable[tuple[Path, str]]:
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(root)
        if path.is_file() and not SKIPPED_PARTS.intersection(relative.parts):
            yield path, relative.as_posix()


def write_zip(
    destination: Path, entries: Iterable[tuple[Path, str]], base: Package | None = None
) -> Package:
    """A deterministic zip of (file, name in zip) entries, sorted by name; after the
    entries of `base` (a zip write_zip made) when given, which are copied, not compressed
    again. Entries in a module `base` has (which they would shadow or mix with) are an
    error."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    entries = sorted(entries, key=lambda entry: entry[1])
    destination.unlink(missing_ok=True)
    unzipped = 0
    if base is not None:
        with zipfile.ZipFile(base.path) as archive:
            taken = {_module_of(name) for name in archive.namelist()}
        if clashes := sorted(taken.intersection(_module_of(name) for _, name in entries)):
            raise PackagingError(
                f"{destination.name}: the app's {', '.join(clashes)} would shadow what a "
                "dependency installs under the same name: rename the app's."
            )
        shutil.copyfile(base.path, destination)
        unzipped = base.unzipped_bytes
    with zipfile.ZipFile(destination, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path, name in entries:
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            data = path.read_bytes()
            unzipped += len(data)
            archive.writestr(info, data)
    return Package(destination.stem, destination, destination.stat().st_size, unzipped)


def _module_of(name: str) -> str:
    """The top-level module a zip entry belongs to: `pkg/a.py`, `pkg.py`,
    `__pycache__/pkg.cpython-312.pyc` and `pkg.cpython-312-x86_64-linux-gnu.so` → `pkg`."""
    parts = name.split("/")
    top = parts[1] if parts[0] == "__pycache__" and len(parts) > 1 else parts[0]
    return top.split(".")[0]


class DependencyLayers:
    """Each distinct set of a function's dependencies installed, compiled and zipped once
    per `make package`, in a temporary folder: every function with that set (the agents
    share one) gets a copy of its zip with the function's own code added. Close it (or use
    it as a context manager) to remove the folder."""

    def __init__(self) -> None:
        self._work = tempfile.TemporaryDirectory(prefix="lambda-layers-")
        self._built: dict[tuple[object, ...], tuple[Path, Package]] = {}

    def __enter__(self) -> DependencyLayers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._work.cleanup()

    def layer(
        self,
        requirements: Sequence[str],
        *,
        arch: str,
        python_version: str,
        uv: str,
        bytecode_python: str | None,
        leave_out: Sequence[str] = (),
        constraints: Path | None = None,
    ) -> tuple[Path, Package]:
        """(folder, zip) of `requirements` installed for the platform (install_dependencies)
        and compiled by `bytecode_python` (None: not compiled)."""
        key = (tuple(requirements), arch, python_version, bytecode_python, tuple(leave_out))
        key += (constraints.read_text() if constraints is not None else None,)
        if key not in self._built:
            folder = Path(self._work.name) / str(len(self._built))
            site = folder / "site"
            site.mkdir(parents=True)
            install_dependencies(
                list(requirements),
                site,
                arch=arch,
                python_version=python_version,
                uv=uv,
                leave_out=leave_out,
                constraints=constraints,
            )
            if bytecode_python is not None:
                compile_bytecode(site, bytecode_python)
            self._built[key] = (site, write_zip(folder / "dependencies.zip", _files(site, site)))
        return self._built[key]


def check_limits(package: Package, site: Path) -> None:
    if package.zipped_bytes <= DIRECT_UPLOAD_LIMIT and package.unzipped_bytes <= UNZIPPED_LIMIT:
        return
    sizes = sorted(
        (
            (sum(f.stat().st_size for f in p.rglob("*") if f.is_file()), p.name)
            for p in site.iterdir()
            if p.is_dir()
        ),
        reverse=True,
    )[:5]
    largest = ", ".join(f"{name} {size / 1e6:.1f} MB" for size, name in sizes)
    raise PackagingError(
        f"{package.path.name} is {package.zipped_bytes / 1e6:.1f} MB zipped, "
        f"{package.unzipped_bytes / 1e6:.1f} MB unzipped: Lambda takes at most 50 MB zipped "
        f"by direct upload and 250 MB unzipped. Largest dependencies: {largest}. Drop what "
        "this function does not import, or upload through S3 / use a container image."
    )


def build_package(
    name: str,
    *,
    root: Path,
    code: list[str],
    handler: str | None,
    requirements: list[str],
    out: Path,
    arch: str,
    python_version: str,
    uv: str,
    bytecode_python: str | None,
    leave_out: Sequence[str] = (),
    inputs: str | None = None,
    constraints: Path | None = None,
    layers: DependencyLayers | None = None,
) -> Package:
    """Builds out/<name>.zip: dependencies, the `code` folders of `root`, and `handler`
    (a file under root) copied to lambda_handler.py at the zip's root; with no `handler`
    the function's handler is a module of the dependencies (the migrate function's).
    `bytecode_python` compiles the zip's bytecode (None: none, as `--no-bytecode` asks).
    `leave_out` names dependencies the function never imports; `constraints` pins their
    versions (export_locked_versions). `inputs` digests what the requirements resolve
    from (the framework's source and the lock): when it, the code and the
    platform are those the existing zip was built from, that zip is kept. `layers` shares
    the dependencies' install with the other functions built through it (None: this
    function's own)."""
    destination = out / f"{name}.zip"
    stamp = out / f".{name}.inputs"
    key = None
    if inputs is not None:
        sources = [root / folder for folder in code] + ([root / handler] if handler else [])
        parts = [arch, python_version, inputs, tree_digest(*sources), str(bytecode_python)]
        parts += leave_out
        parts += [requirement.split(" @ ")[0] for requirement in requirements]
        key = hashlib.sha256("\0".join(parts).encode()).hexdigest()
        if (kept := _existing(destination, stamp, key)) is not None:
            return kept
    stamp.unlink(missing_ok=True)
    with contextlib.ExitStack() as cleanup:
        if layers is None:
            layers = cleanup.enter_context(DependencyLayers())
        site, dependencies = layers.layer(
            requirements,
            arch=arch,
            python_version=python_version,
            uv=uv,
            bytecode_python=bytecode_python,
            leave_out=leave_out,
            constraints=constraints,
        )
        # The app's code is copied to a staging folder to be compiled (so stale
        # __pycache__ folders of the working tree never reach the zip).
        staging = Path(cleanup.enter_context(tempfile.TemporaryDirectory(prefix=f"{name}-")))
        for folder in code:
            shutil.copytree(
                root / folder, staging / folder, ignore=shutil.ignore_patterns("__pycache__")
            )
        if handler is not None:
            shutil.copyfile(root / handler, staging / "lambda_handler.py")
        if bytecode_python is not None:
            compile_bytecode(staging, bytecode_python)
        package = write_zip(destination, _files(staging, staging), base=dependencies)
        check_limits(package, site)
    if key is not None:
        stamp.write_text(key)
    return dataclasses.replace(package, compiled=bytecode_python is not None)
