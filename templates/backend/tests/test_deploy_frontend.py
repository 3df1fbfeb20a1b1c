"""scripts/deploy_frontend.py (`make deploy-frontend`): the build settings it derives from
part 7's outputs, and its upload, clean-up and invalidation against moto — in process,
and through a moto server at AWS_ENDPOINT_URL as a local emulator would be."""

{% if auth_provider == "clerk" %}
import base64
{% endif %}
import importlib.util
import json
import os
import sys
from pathlib import Path

import boto3
import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "deploy_frontend.py"
API_URL = "https://abc123.execute-api.{{ aws_region }}.amazonaws.com"
BUCKET = "{{ app_name }}-site-000000000000"
{% if auth_provider == "clerk" %}
ISSUER = "https://example.clerk.accounts.dev"
# A publishable key encodes its Clerk instance's Frontend API host.
PUBLISHABLE_KEY = "pk_test_" + base64.b64encode(b"example.clerk.accounts.dev$").decode()
{% endif %}


def load_script():
    spec = importlib.util.spec_from_file_location("deploy_frontend", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


deploy_frontend = load_script()


def outputs(bucket=BUCKET, distribution="E2EXAMPLE"):
    return {
        "site_url": "https://d111111abcdef8.cloudfront.net",
        "site_bucket": bucket,
        "distribution_id": distribution,
        "api_url": API_URL + "/",
{% if auth_provider == "clerk" %}
        "clerk_issuer": ISSUER,
{% else %}
        "cognito_user_pool_id": "{{ aws_region }}_AbC123",
        "cognito_app_client_id": "client123",
        "cognito_authority": "https://cognito-idp.{{ aws_region }}.amazonaws.com/{{ aws_region }}_AbC123",
{% endif %}
    }


def environ():
{% if auth_provider == "clerk" %}
    return {"NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY": PUBLISHABLE_KEY}
{% else %}
    return {}
{% endif %}


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.fixture
def frontend(tmp_path):
    """A frontend folder with a built site (as `next build` leaves frontend/out/)."""
    out = tmp_path / "frontend" / "out"
    write(out / "index.html", "<html>home</html>")
    write(out / "dashboard" / "index.html", "<html>dashboard</html>")
    write(out / "404.html", "<html>not found</html>")
    write(out / "_next" / "static" / "chunks" / "app-3f2a.js", f'fetch("{API_URL}/jobs")')
    write(out / "_next" / "static" / "css" / "9c1d.css", "body{}")
    write(out / "favicon.svg", "<svg/>")
    return tmp_path / "frontend"


# --- Settings ---------------------------------------------------------------------------


def test_the_build_names_the_deployed_api_and_{{ auth_provider }}_sign_in(frontend):
    settings = deploy_frontend.build_settings(outputs(), environ(), frontend)
    assert settings["NEXT_PUBLIC_API_URL"] == API_URL
    assert settings["NEXT_PUBLIC_AUTH_MODE"] == "{{ auth_provider }}"
{% if auth_provider == "clerk" %}
    assert settings["NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY"] == PUBLISHABLE_KEY


def test_a_missing_publishable_key_is_named_with_where_to_get_it(frontend):
    with pytest.raises(deploy_frontend.DeployError) as error:
        deploy_frontend.build_settings(outputs(), {}, frontend)
    assert "NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY is not set" in str(error.value)
    assert "Clerk dashboard" in str(error.value)


def test_the_publishable_key_may_come_from_env_production_local(frontend):
    write(
        frontend / ".env.production.local", f"NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY={PUBLISHABLE_KEY}\n"
    )
    settings = deploy_frontend.build_settings(outputs(), {}, frontend)
    assert settings["NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY"] == PUBLISHABLE_KEY


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("sk_test_abc", "secret key"),
        ("pk_test_###", "not a Clerk publishable key"),
        (
            "pk_live_" + base64.b64encode(b"clerk.other.example$").decode(),
            "belongs to the Clerk instance clerk.other.example",
        ),
    ],
)
def test_wrong_keys_are_refused(frontend, key, message):
    with pytest.raises(deploy_frontend.DeployError, match=message):
        deploy_frontend.build_settings(
            outputs(), {"NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY": key}, frontend
        )
{% else %}
    assert settings["NEXT_PUBLIC_COGNITO_CLIENT_ID"] == "client123"
    assert settings["NEXT_PUBLIC_COGNITO_AUTHORITY"] == (
        "https://cognito-idp.{{ aws_region }}.amazonaws.com/{{ aws_region }}_AbC123"
    )


def test_the_authority_follows_from_the_pool_id_before_part_7_outputs_it(frontend):
    older = {k: v for k, v in outputs().items() if k != "cognito_authority"}
    older["cognito_user_pool_id"] = "eu-west-1_XyZ"
    settings = deploy_frontend.build_settings(older, {}, frontend)
    assert settings["NEXT_PUBLIC_COGNITO_AUTHORITY"] == (
        "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_XyZ"
    )
{% endif %}


def test_a_development_env_local_is_reported_and_loses_to_the_build_settings(frontend):
    write(
        frontend / ".env.local",
        "# development\nNEXT_PUBLIC_AUTH_MODE=local\nexport NEXT_PUBLIC_API_URL='http://localhost:8000'\n"
        "NEXT_PUBLIC_EXTRA=yes # a comment\nOTHER=1\n",
    )
    settings = deploy_frontend.build_settings(outputs(), environ(), frontend)
    assert deploy_frontend.env_file_notes(frontend, settings) == [
        "frontend/.env.local: NEXT_PUBLIC_AUTH_MODE=local is ignored (the deploy sets it)",
        "frontend/.env.local: NEXT_PUBLIC_API_URL=http://localhost:8000 is ignored (the deploy sets it)",
        "frontend/.env.local: NEXT_PUBLIC_EXTRA goes into the site as written there",
    ]


def test_outputs_come_from_terraform_and_missing_ones_say_deploy_part_7(tmp_path, monkeypatch):
    fake = tmp_path / "terraform"
    answer = tmp_path / "answer.json"
    fake.write_text(f"#!/bin/sh\ncat {answer}\n")
    fake.chmod(0o755)
    monkeypatch.setenv("TERRAFORM", str(fake))
    answer.write_text(json.dumps({name: {"value": value} for name, value in outputs().items()}))
    assert deploy_frontend.terraform_outputs(tmp_path)["site_bucket"] == BUCKET
    answer.write_text("{}")
    with pytest.raises(deploy_frontend.DeployError, match=r"has no output site_url.*--part"):
        deploy_frontend.terraform_outputs(tmp_path)


# --- The build's files ------------------------------------------------------------------


def test_each_file_gets_its_type_and_cache_policy_and_pages_go_last(frontend):
    uploads = deploy_frontend.plan_uploads(frontend / "out")
    by_key = {u.key: (u.content_type, u.cache_control) for u in uploads}
    year = "public, max-age=31536000, immutable"
    assert by_key == {
        "_next/static/chunks/app-3f2a.js": ("text/javascript; charset=utf-8", year),
        "_next/static/css/9c1d.css": ("text/css; charset=utf-8", year),
        "favicon.svg": ("image/svg+xml", "no-cache"),
        "404.html": ("text/html; charset=utf-8", "no-cache"),
        "dashboard/index.html": ("text/html; charset=utf-8", "no-cache"),
        "index.html": ("text/html; charset=utf-8", "no-cache"),
    }
    assert [u.key for u in uploads][-3:] == ["404.html", "dashboard/index.html", "index.html"]
    assert deploy_frontend.stale_keys(["index.html", "_next/static/old.js"], uploads) == [
        "_next/static/old.js"
    ]


def test_a_build_without_the_deployed_api_url_is_not_uploaded(frontend):
    with pytest.raises(deploy_frontend.DeployError, match="does not contain the API URL"):
        deploy_frontend.check_build(frontend / "out", "https://other.example")


# --- Upload, clean-up, invalidation -------------------------------------------------------


def distribution(cloudfront, bucket):
    origin = f"{bucket}.s3.{{ aws_region }}.amazonaws.com"
    config = {
        "CallerReference": bucket,
        "Comment": "site",
        "Enabled": True,
        "DefaultRootObject": "index.html",
        "Origins": {
            "Quantity": 1,
            "Items": [
                {"Id": "site", "DomainName": origin, "S3OriginConfig": {"OriginAccessIdentity": ""}}
            ],
        },
        "DefaultCacheBehavior": {
            "TargetOriginId": "site",
            "ViewerProtocolPolicy": "redirect-to-https",
            "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
        },
    }
    return cloudfront.create_distribution(DistributionConfig=config)["Distribution"]["Id"]


def bucket_with_an_old_build(s3, bucket):
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="_next/static/chunks/app-old.js", Body=b"old")
    s3.put_object(Bucket=bucket, Key="index.html", Body=b"<html>old</html>")


def assert_deployed(s3, cloudfront, bucket, distribution_id):
    keys = {o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]}
    assert "_next/static/chunks/app-old.js" not in keys
    assert len(keys) == 6
    page = s3.get_object(Bucket=bucket, Key="index.html")
    assert page["Body"].read() == b"<html>home</html>"
    assert page["ContentType"] == "text/html; charset=utf-8"
    assert page["CacheControl"] == "no-cache"
    script = s3.head_object(Bucket=bucket, Key="_next/static/chunks/app-3f2a.js")
    assert script["CacheControl"] == "public, max-age=31536000, immutable"
    invalidations = cloudfront.list_invalidations(DistributionId=distribution_id)
    assert invalidations["InvalidationList"]["Quantity"] == 1


def test_upload_replaces_the_old_build_and_invalidates(aws, frontend, capsys):
    s3, cloudfront = boto3.client("s3"), boto3.client("cloudfront")
    bucket_with_an_old_build(s3, BUCKET)
    distribution_id = distribution(cloudfront, BUCKET)

    deploy_frontend.deploy(
        outputs(BUCKET, distribution_id), skip_build=True, environ=environ(), frontend=frontend
    )

    assert_deployed(s3, cloudfront, BUCKET, distribution_id)
    assert "Site: https://d111111abcdef8.cloudfront.net" in capsys.readouterr().out


def test_a_dry_run_changes_nothing(aws, frontend, capsys):
    s3, cloudfront = boto3.client("s3"), boto3.client("cloudfront")
    bucket_with_an_old_build(s3, BUCKET)
    distribution_id = distribution(cloudfront, BUCKET)

    deploy_frontend.deploy(
        outputs(BUCKET, distribution_id), dry_run=True, environ=environ(), frontend=frontend
    )

    keys = {o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert keys == {"_next/static/chunks/app-old.js", "index.html"}
    assert s3.get_object(Bucket=BUCKET, Key="index.html")["Body"].read() == b"<html>old</html>"
    invalidations = cloudfront.list_invalidations(DistributionId=distribution_id)
    assert invalidations["InvalidationList"]["Quantity"] == 0
    printed = capsys.readouterr().out
    assert "delete _next/static/chunks/app-old.js" in printed
    assert "NEXT_PUBLIC_AUTH_MODE={{ auth_provider }}" in printed


@pytest.fixture
def emulator(monkeypatch):
    """A moto server on 127.0.0.1 reached through AWS_ENDPOINT_URL, as in a rehearsal."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    for name, value in {
        "AWS_ENDPOINT_URL": f"http://{host}:{port}",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_REGION": "{{ aws_region }}",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    yield
    server.stop()


def test_upload_through_an_endpoint_url_uses_path_style_addresses(emulator, frontend):
    s3, cloudfront = deploy_frontend.aws_clients(os.environ)
    assert s3.meta.config.s3 == {"addressing_style": "path"}
    bucket = BUCKET.replace("site", "emulated")
    bucket_with_an_old_build(s3, bucket)
    distribution_id = distribution(cloudfront, bucket)

    deploy_frontend.deploy(
        outputs(bucket, distribution_id), skip_build=True, environ=environ(), frontend=frontend
    )

    assert_deployed(s3, cloudfront, bucket, distribution_id)


def test_real_aws_keeps_the_default_addressing_style(monkeypatch):
    for name in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"):
        monkeypatch.delenv(name, raising=False)
    s3, _ = deploy_frontend.aws_clients({"AWS_REGION": "{{ aws_region }}"})
    assert not (s3.meta.config.s3 or {}).get("addressing_style")
