#!/usr/bin/env python3
"""Deploys {{ app_name }}'s site after Terraform part 7 (guides/7_frontend.md):

1. reads part 7's outputs (`terraform -chdir=terraform/7_frontend output -json`);
2. builds frontend/ for production with the deployed API's URL and {{ "Clerk" if auth_provider == "clerk" else "Cognito" }} sign-in
   (never the local development sign-in);
3. uploads frontend/out/ to the site bucket with each file's Content-Type and
   Cache-Control (hashed _next/static/ files cached for a year, everything else
   revalidated), then deletes what the build no longer has;
4. invalidates the CloudFront cache and prints the site's URL.

Run it as `make deploy-frontend` (boto3 comes from the backend's environment).
`--skip-build` uploads the frontend/out/ already built; `--dry-run` shows the settings,
uploads and deletions and changes nothing. AWS_ENDPOINT_URL points it at another
endpoint, such as a local AWS emulator.

The build settings reach `next build` through its environment. Next.js takes a variable
from a file (frontend/.env.production.local, .env.local, .env.production, .env) only when
the environment does not already define it, so a development .env.local cannot turn the
site back to local sign-in or to a local API; the script lists what such files set and
checks the built site carries the deployed API's URL.
"""

from __future__ import annotations

import argparse
{% if auth_provider == "clerk" %}
import base64
import binascii
{% endif %}
import json
import mimetypes
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

try:
    import boto3
    from botocore.config import Config
    from botocore.exceptions import BotoCoreError, ClientError
except ModuleNotFoundError:
    sys.exit("deploy_frontend.py needs boto3: run it as `make deploy-frontend`")

ROOT = Path(__file__).resolve().parent.parent
FRONTEND = ROOT / "frontend"
PART = ROOT / "terraform" / "7_frontend"
AUTH_PROVIDER = "{{ auth_provider }}"
# Region of the site's bucket when the AWS profile, AWS_DEFAULT_REGION and AWS_REGION do not
# name one.
DEFAULT_REGION = "{{ aws_region }}"

# Files under _next/static/ carry a content hash in their path: a new build gets new names.
IMMUTABLE = "public, max-age=31536000, immutable"
# Pages and files with fixed names (favicon, public/): browsers and CloudFront revalidate.
REVALIDATE = "no-cache"
# The .env files `next build` reads, highest precedence first (after the environment).
NEXT_ENV_FILES = (".env.production.local", ".env.local", ".env.production", ".env")
# Part 7's outputs this script needs.
REQUIRED_OUTPUTS = (
    "site_url",
    "site_bucket",
    "distribution_id",
    "api_url",
{% if auth_provider == "cognito" %}
    "cognito_user_pool_id",
    "cognito_app_client_id",
{% endif %}
)
{% if auth_provider == "clerk" %}
CLERK_KEY = "NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY"
{% endif %}

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml",
    ".webmanifest": "application/manifest+json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".pdf": "application/pdf",
}


class DeployError(Exception):
    """A problem the person deploying can fix; the message says how."""


@dataclass(frozen=True)
class Upload:
    """One file of the build and how it is stored."""

    path: Path
    key: str
    content_type: str
    cache_control: str


# --- Settings ---------------------------------------------------------------------------


def terraform_outputs(part: Path = PART) -> dict[str, Any]:
    """Part 7's outputs, checked for the ones this script needs."""
    binary = os.environ.get("TERRAFORM", "terraform")
    terraform = shutil.which(binary)
    if terraform is None:
        raise DeployError(f"{binary!r} not found: install Terraform or set TERRAFORM to its path")
    result = subprocess.run(
        [terraform, f"-chdir={part}", "output", "-json"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise DeployError(
            f"terraform output failed in terraform/{part.name}:\n{result.stderr.strip()}"
        )
    outputs = {name: value["value"] for name, value in json.loads(result.stdout or "{}").items()}
    missing = [name for name in REQUIRED_OUTPUTS if not outputs.get(name)]
    if missing:
        raise DeployError(
            f"terraform/{part.name} has no output {', '.join(missing)}: deploy it first "
            f"(scripts/deploy.py --part {part.name.split('_', 1)[0]})"
        )
    return outputs


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=value lines of a .env file (comments, blank lines and `export ` skipped)."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for line in path.read_text().splitlines():
        match = re.match(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$", line)
        if not match or line.lstrip().startswith("#"):
            continue
        name, value = match.groups()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        elif " #" in value:
            value = value.split(" #", 1)[0].rstrip()
        values[name] = value
    return values
{% if auth_provider == "clerk" %}


def clerk_frontend_api(key: str) -> str | None:
    """The Clerk instance a publishable key belongs to (its Frontend API host), if readable."""
    encoded = key.split("_", 2)[-1]
    try:
        decoded = base64.b64decode(encoded + "=" * (-len(encoded) % 4), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    return decoded.rstrip("$") or None


def clerk_publishable_key(
    environ: Mapping[str, str], frontend: Path, issuer: str | None = None
) -> str:
    """The Clerk publishable key: from the environment, else frontend/.env.production.local.

    It is not a Terraform output: it comes from the Clerk dashboard. When part 7 says which
    Clerk instance the API trusts (`clerk_issuer`), the key must belong to that instance.
    """
    key = environ.get(CLERK_KEY) or read_env_file(frontend / ".env.production.local").get(
        CLERK_KEY, ""
    )
    if not key:
        raise DeployError(
            f"{CLERK_KEY} is not set. Copy the publishable key from the Clerk dashboard "
            "(Configure → API keys; pk_live_… for production, pk_test_… for a development "
            f"instance), then `export {CLERK_KEY}=pk_...` or add the line "
            f"{CLERK_KEY}=pk_... to .env (the project's) or frontend/.env.production.local"
        )
    if key.startswith("sk_"):
        raise DeployError(
            f"{CLERK_KEY} holds a Clerk secret key (sk_…): never build it into the site; "
            "use the publishable key (pk_…) and rotate the secret key if it was shared"
        )
    host = clerk_frontend_api(key) if re.fullmatch(r"pk_(test|live)_[A-Za-z0-9+/=]+", key) else None
    if host is None:
        raise DeployError(f"{CLERK_KEY} is not a Clerk publishable key (pk_test_… or pk_live_…)")
    if issuer and host != re.sub(r"^https://|/+$", "", issuer):
        raise DeployError(
            f"{CLERK_KEY} belongs to the Clerk instance {host}, but the API accepts tokens "
            f"from {issuer} (clerk_issuer in terraform/7_frontend/terraform.tfvars): use the "
            "key and issuer of the same Clerk instance"
        )
    return key
{% else %}


def cognito_authority(outputs: Mapping[str, Any]) -> str:
    """The user pool's OpenID Connect issuer (a pool id starts with its region)."""
    if outputs.get("cognito_authority"):
        return str(outputs["cognito_authority"])
    pool = str(outputs["cognito_user_pool_id"])
    return f"https://cognito-idp.{pool.split('_', 1)[0]}.amazonaws.com/{pool}"
{% endif %}


def build_settings(
    outputs: Mapping[str, Any], environ: Mapping[str, str], frontend: Path = FRONTEND
) -> dict[str, str]:
    """The NEXT_PUBLIC_* values the production build gets (all public by design)."""
    settings = {
        "NEXT_PUBLIC_API_URL": str(outputs["api_url"]).rstrip("/"),
        "NEXT_PUBLIC_AUTH_MODE": AUTH_PROVIDER,
    }
{% if auth_provider == "clerk" %}
    settings[CLERK_KEY] = clerk_publishable_key(environ, frontend, outputs.get("clerk_issuer"))
{% else %}
    # The sign-in redirect is the site's own /dashboard/ (part 7 registers it with Cognito).
    settings["NEXT_PUBLIC_COGNITO_AUTHORITY"] = cognito_authority(outputs)
    settings["NEXT_PUBLIC_COGNITO_CLIENT_ID"] = str(outputs["cognito_app_client_id"])
{% endif %}
    return settings


def env_file_notes(frontend: Path, settings: Mapping[str, str]) -> list[str]:
    """What frontend/.env* files set for the build: ignored when the build sets it too."""
    notes = []
    for name in NEXT_ENV_FILES:
        for key, value in read_env_file(frontend / name).items():
            if not key.startswith("NEXT_PUBLIC_"):
                continue
            if key in settings:
                if value != settings[key]:
                    notes.append(f"frontend/{name}: {key}={value} is ignored (the deploy sets it)")
            else:
                notes.append(f"frontend/{name}: {key} goes into the site as written there")
    return notes


# --- Build ------------------------------------------------------------------------------


def build(frontend: Path, settings: Mapping[str, str], environ: Mapping[str, str]) -> None:
    """`next build` with `settings` in its environment, into a fresh frontend/out/."""
    if not (frontend / "node_modules").is_dir() or not (frontend / "lib" / "api-types.ts").exists():
        raise DeployError("the frontend is not set up: run `make frontend-setup` first")
    npm = shutil.which("npm")
    if npm is None:
        raise DeployError("npm not found: install Node.js >= 20.9")
    env = {**environ, **settings, "NEXT_TELEMETRY_DISABLED": "1"}
    # next build sets NODE_ENV=production itself; NODE_ENV=test would select .env.test files.
    env.pop("NODE_ENV", None)
    shutil.rmtree(frontend / "out", ignore_errors=True)
    print("$ npm run build  (in frontend/, with the settings above)", flush=True)
    if subprocess.run([npm, "run", "build"], cwd=frontend, env=env, check=False).returncode:
        raise DeployError("the frontend build failed (see above)")
    check_build(frontend / "out", settings["NEXT_PUBLIC_API_URL"])


def check_build(out: Path, api_url: str) -> None:
    """Refuse to upload a build that does not call the deployed API."""
    if not (out / "index.html").is_file():
        raise DeployError("frontend/out/index.html is missing: build the site first")
    scripts = (out / "_next" / "static").rglob("*.js")
    if not any(api_url in path.read_text(errors="replace") for path in scripts):
        raise DeployError(
            f"frontend/out/ does not contain the API URL {api_url}: it was built with other "
            "settings (an `env` entry in frontend/next.config.ts?); rebuild without --skip-build"
        )


# --- Upload -----------------------------------------------------------------------------


def content_type(path: Path) -> str:
    return (
        CONTENT_TYPES.get(path.suffix.lower())
        or mimetypes.guess_type(path.name)[0]
        or "application/octet-stream"
    )


def cache_control(key: str) -> str:
    return IMMUTABLE if key.startswith("_next/static/") else REVALIDATE


def plan_uploads(out: Path) -> list[Upload]:
    """Every file of the build, pages last (so no page names an asset not uploaded yet)."""
    if not out.is_dir():
        raise DeployError(f"{out} does not exist: build the site (drop --skip-build)")
    uploads = [
        Upload(path, key, content_type(path), cache_control(key))
        for path in sorted(out.rglob("*"))
        if path.is_file()
        for key in [path.relative_to(out).as_posix()]
    ]
    return sorted(uploads, key=lambda upload: (upload.key.endswith(".html"), upload.key))


def existing_keys(s3: Any, bucket: str) -> set[str]:
    keys: set[str] = set()
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        keys.update(item["Key"] for item in page.get("Contents", []))
    return keys


def stale_keys(existing: Iterable[str], uploads: Iterable[Upload]) -> list[str]:
    """Objects in the bucket that the build no longer has."""
    return sorted(set(existing) - {upload.key for upload in uploads})


def upload_all(s3: Any, bucket: str, uploads: list[Upload], workers: int = 8) -> None:
    def put(upload: Upload) -> None:
        s3.put_object(
            Bucket=bucket,
            Key=upload.key,
            Body=upload.path.read_bytes(),
            ContentType=upload.content_type,
            CacheControl=upload.cache_control,
        )

    assets = [upload for upload in uploads if not upload.key.endswith(".html")]
    pages = [upload for upload in uploads if upload.key.endswith(".html")]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for batch in (assets, pages):
            list(pool.map(put, batch))


def delete_all(s3: Any, bucket: str, keys: list[str]) -> None:
    for start in range(0, len(keys), 1000):
        answer = s3.delete_objects(
            Bucket=bucket,
            Delete={"Objects": [{"Key": key} for key in keys[start : start + 1000]], "Quiet": True},
        )
        if answer.get("Errors"):
            failed = ", ".join(f"{e['Key']} ({e.get('Code')})" for e in answer["Errors"][:5])
            raise DeployError(f"could not delete old files from s3://{bucket}: {failed}")


def invalidate(cloudfront: Any, distribution_id: str) -> str:
    answer = cloudfront.create_invalidation(
        DistributionId=distribution_id,
        InvalidationBatch={
            "Paths": {"Quantity": 1, "Items": ["/*"]},
            "CallerReference": f"deploy-frontend-{time.time_ns()}",
        },
    )
    return answer["Invalidation"]["Id"]


def aws_clients(environ: Mapping[str, str]) -> tuple[Any, Any]:
    """S3 and CloudFront clients; path-style S3 addresses when AWS_ENDPOINT_URL is set
    (local emulators), the default virtual-hosted style on AWS."""
    session = boto3.Session()
    # boto3 reads AWS_DEFAULT_REGION and the profile, not AWS_REGION.
    region = session.region_name or environ.get("AWS_REGION") or DEFAULT_REGION
    custom = environ.get("AWS_ENDPOINT_URL_S3") or environ.get("AWS_ENDPOINT_URL")
    config = Config(s3={"addressing_style": "path"}) if custom else None
    return (
        session.client("s3", region_name=region, config=config),
        session.client("cloudfront", region_name=region),
    )


# --- Main -------------------------------------------------------------------------------


def deploy(
    outputs: Mapping[str, Any],
    *,
    skip_build: bool = False,
    dry_run: bool = False,
    environ: Mapping[str, str] | None = None,
    frontend: Path = FRONTEND,
    clients: Callable[[Mapping[str, str]], tuple[Any, Any]] = aws_clients,
) -> None:
    environ = dict(os.environ if environ is None else environ)
    bucket, distribution = str(outputs["site_bucket"]), str(outputs["distribution_id"])
    settings = build_settings(outputs, environ, frontend)
    print("Build settings (public; built into the site):")
    for key, value in settings.items():
        print(f"  {key}={value}")
    for note in env_file_notes(frontend, settings):
        print(f"  note: {note}")

    out = frontend / "out"
    if dry_run:
        print("dry run: nothing is built; the upload plan is of the frontend/out/ there now")
        if not out.is_dir():
            print("dry run: frontend/out/ does not exist yet, so nothing to upload")
            return
    elif skip_build:
        check_build(out, settings["NEXT_PUBLIC_API_URL"])
    else:
        build(frontend, settings, environ)

    uploads = plan_uploads(out)
    s3, cloudfront = clients(environ)
    stale = stale_keys(existing_keys(s3, bucket), uploads)
    immutable = sum(upload.cache_control == IMMUTABLE for upload in uploads)
    print(
        f"s3://{bucket}: {len(uploads)} files ({immutable} hashed, cached a year; "
        f"{len(uploads) - immutable} revalidated), {len(stale)} old files to delete"
    )
    if dry_run:
        for upload in uploads:
            print(f"  put {upload.key}  [{upload.content_type}; {upload.cache_control}]")
        for key in stale:
            print(f"  delete {key}")
        print(f"dry run: nothing uploaded or deleted; would invalidate {distribution} (/*)")
        return

    upload_all(s3, bucket, uploads)
    delete_all(s3, bucket, stale)
    invalidation = invalidate(cloudfront, distribution)
    print(f"Invalidated CloudFront {distribution} ({invalidation}; takes a minute or two).")
    print(f"Site: {outputs['site_url']}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Build the site for AWS, upload it to part 7's bucket and invalidate CloudFront."
    )
    parser.add_argument(
        "--skip-build", action="store_true", help="upload the frontend/out/ already built"
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="show settings, uploads and deletions; change nothing",
    )
    args = parser.parse_args(argv)
    try:
        deploy(terraform_outputs(), skip_build=args.skip_build, dry_run=args.dry_run)
    except DeployError as error:
        sys.exit(f"deploy-frontend: {error}")
    except (BotoCoreError, ClientError) as error:
        sys.exit(f"deploy-frontend: AWS refused: {error}")


if __name__ == "__main__":
    main()
