"""The deploy rehearsal's own pieces: which guide blocks run as whom, how deploy.py's
output becomes the report's cells, the provider override, and the emulator's IAM
decisions (moto with enforcement on, each request judged by the caller's policies)."""

import json

import boto3
import pytest
from botocore.exceptions import ClientError

from aws_agent_framework.rehearsal import emulator
from aws_agent_framework.rehearsal.guides import guide_blocks, parse
from aws_agent_framework.rehearsal.runner import Report, override

GUIDE = """# 7. Frontend
```bash
scripts/deploy.py --part 7 --yes
```
```bash admin
aws iam add-user-to-group --group-name app-deployers --user-name "$DEPLOY_USER"
```
```bash manual
# manual: needs a browser
open https://example.com
```
```hcl
terraform { backend "s3" {} }
```
```bash
scripts/destroy.py --part 7 --yes
```
"""


def test_blocks_say_who_runs_them():
    blocks = parse("7_frontend.md", GUIDE)
    assert [(b.role, b.admin) for b in blocks] == [
        ("deploy", False),
        ("admin", True),
        ("manual", False),
        ("destroy", False),
    ]
    assert blocks[2].reason == "needs a browser"
    assert {b.part for b in blocks} == {"7_frontend"}


def test_guides_run_in_numeric_order(tmp_path):
    for name in ("10_extra.md", "2_embeddings.md", "1_permissions.md"):
        (tmp_path / name).write_text(f"```bash\necho {name}\n```\n")
    assert [b.guide for b in guide_blocks(tmp_path)] == [
        "1_permissions.md",
        "2_embeddings.md",
        "10_extra.md",
    ]


DEPLOY_OUTPUT = """$ terraform -chdir=/p/terraform/5_database init -input=false
Terraform has been successfully initialized!
$ terraform -chdir=/p/terraform/5_database apply -var=x=1 -input=false -auto-approve
Terraform will perform the following actions:
Plan: 3 to add, 0 to change, 0 to destroy.
Apply complete! Resources: 3 added, 0 changed, 0 destroyed.
$ terraform -chdir=/p/terraform/6_agents init -input=false
$ terraform -chdir=/p/terraform/6_agents apply -input=false -auto-approve
Error: Invalid count argument
"""


def test_deploy_output_becomes_plan_and_apply_cells(tmp_path):
    report = Report()
    runner = type("R", (), {"report": report})()
    from aws_agent_framework.rehearsal.runner import Rehearsal

    Rehearsal.record_terraform(runner, DEPLOY_OUTPUT)
    assert (report.parts["5_database"].plan, report.parts["5_database"].apply) == ("ok", "ok")
    assert report.parts["6_agents"].plan == "FAIL"
    Rehearsal.record_terraform(
        runner, "$ terraform -chdir=t/5_database destroy\nDestroy complete!\n"
    )
    assert report.parts["5_database"].destroy == "ok"
    table = report.render()
    assert "5_database | ok   | ok    | -                 | ok" in table
    assert table.endswith("rehearsal FAILED in 0 s")


def test_a_command_that_fails_before_terraform_plans_fails_the_rehearsal():
    # `terraform init` failing leaves the part's cells at "-"; the error alone must fail it.
    report = Report()
    report.part("1_permissions").post.append(True)
    assert report.ok
    report.part("1_permissions").errors.append("Error: Failed to install provider")
    assert not report.ok
    assert report.render().endswith("rehearsal FAILED in 0 s")


def test_the_override_points_every_provider_at_the_emulator():
    text = override(["us_east_1"], "http://127.0.0.1:5000")
    assert text.count('provider "aws" {') == 2
    assert 'alias = "us_east_1"' in text
    assert 'sqs = "http://127.0.0.1:5000"' in text
    assert 'backend "local" {}' in text


@pytest.fixture
def enforcing(tmp_path, monkeypatch):
    """moto in-process with IAM enforced after the first 3 requests, decided by the
    rehearsal's evaluator; yields the decisions log."""
    from moto import mock_aws, settings
    from moto.core.authorization import ActionAuthenticatorMixin
    from moto.iam.access_control import IAMRequestBase

    for name in ("check_signature", "check_action_permitted"):
        monkeypatch.setattr(IAMRequestBase, name, getattr(IAMRequestBase, name))
    monkeypatch.setattr(settings, "INITIAL_NO_AUTH_ACTION_COUNT", 3)
    monkeypatch.setattr(ActionAuthenticatorMixin, "request_count", 0)
    for variable in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(variable, raising=False)
    decisions = tmp_path / "decisions.jsonl"
    emulator.install(decisions)
    with mock_aws():
        yield decisions


def test_the_emulator_judges_each_request_by_the_callers_policies(enforcing):
    iam = boto3.client(
        "iam", region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b"
    )
    iam.create_user(UserName="deployer")
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "sqs:*", "Resource": "arn:aws:sqs:*:*:app-*"},
            {"Effect": "Allow", "Action": "lambda:CreateFunction", "Resource": "*"},
        ],
    }
    iam.put_user_policy(UserName="deployer", PolicyName="deploy", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName="deployer")["AccessKey"]
    session = boto3.Session(
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"],
        region_name="us-east-1",
    )
    session.client("sqs").create_queue(QueueName="app-jobs")
    # S3 says only "Access Denied", as AWS does; the decisions log names the action.
    with pytest.raises(ClientError, match="AccessDenied"):
        session.client("s3").create_bucket(Bucket="app-site")
    # Passing a role to Lambda is a check of its own: iam:PassRole, not granted here.
    with pytest.raises(ClientError, match="iam:PassRole"):
        session.client("lambda").create_function(
            FunctionName="app-agent",
            Role="arn:aws:iam::123456789012:role/app-agent",
            Runtime="python3.12",
            Handler="lambda_handler.handler",
            Code={"ZipFile": b"PK\x05\x06" + b"\x00" * 18},
        )
    logged = [json.loads(line) for line in enforcing.read_text().splitlines()]
    verdicts = {(entry["action"], entry["decision"]) for entry in logged}
    assert ("sqs:CreateQueue", "allow") in verdicts
    assert ("s3:CreateBucket", "implicit-deny") in verdicts
    assert ("iam:PassRole", "implicit-deny") in verdicts
    assert all(entry["principal"].endswith("user/deployer") for entry in logged)


@pytest.fixture
def snapstart_lambda(monkeypatch):
    """moto in-process with the emulator's SnapStart fixes, undone after the test; the
    function app-agent is published as version 1 with SnapStart, and its alias live."""
    from moto import mock_aws
    from moto.awslambda.models import LambdaBackend, LambdaFunction

    for name in ("__init__", "update_configuration", "get_configuration"):
        monkeypatch.setattr(LambdaFunction, name, getattr(LambdaFunction, name))
    for name in ("create_event_source_mapping", "update_event_source_mapping"):
        monkeypatch.setattr(LambdaBackend, name, getattr(LambdaBackend, name))
    emulator.install_lambda_snapstart()
    emulator.install_event_source_mapping_aliases()
    with mock_aws(config={"lambda": {"use_docker": False}}):
        client = boto3.client("lambda", region_name="us-east-1")
        role = boto3.client("iam", region_name="us-east-1").create_role(
            RoleName="app-agent", AssumeRolePolicyDocument="{}"
        )["Role"]["Arn"]
        client.create_function(
            FunctionName="app-agent",
            Role=role,
            Runtime="python3.12",
            Handler="lambda_handler.handler",
            Code={"ZipFile": b"PK\x05\x06" + b"\x00" * 18},
            SnapStart={"ApplyOn": "PublishedVersions"},
            Publish=True,
        )
        client.create_alias(FunctionName="app-agent", Name="live", FunctionVersion="1")
        yield client


def test_the_emulator_keeps_snapstart_and_reports_it_per_version(snapstart_lambda):
    client = snapstart_lambda
    # What terraform/modules/lambda_function makes, as guides/6_agents.md checks it.
    live = client.get_function(FunctionName="app-agent", Qualifier="live")["Configuration"]
    assert live["Version"] == "1"
    assert live["SnapStart"] == {"ApplyOn": "PublishedVersions", "OptimizationStatus": "On"}
    latest = client.get_function(FunctionName="app-agent")["Configuration"]
    assert latest["SnapStart"] == {"ApplyOn": "PublishedVersions", "OptimizationStatus": "Off"}
    client.update_function_configuration(FunctionName="app-agent", SnapStart={"ApplyOn": "None"})
    latest = client.get_function_configuration(FunctionName="app-agent")
    assert latest["SnapStart"] == {"ApplyOn": "None", "OptimizationStatus": "Off"}
    # A version keeps the setting it was published with, as on Lambda.
    live = client.get_function_configuration(FunctionName="app-agent", Qualifier="live")
    assert live["SnapStart"]["OptimizationStatus"] == "On"


def test_a_queue_trigger_keeps_the_alias_it_names(snapstart_lambda):
    client = snapstart_lambda
    queue = boto3.client("sqs", region_name="us-east-1").create_queue(QueueName="app-jobs")
    queue_arn = "arn:aws:sqs:us-east-1:123456789012:app-jobs"
    assert queue["QueueUrl"].endswith("/app-jobs")
    function = "arn:aws:lambda:us-east-1:123456789012:function:app-agent"
    mapping = client.create_event_source_mapping(
        EventSourceArn=queue_arn, FunctionName=f"{function}:live"
    )
    # As Lambda reports it, so the AWS provider sees no drift (moto alone says ":1").
    assert client.get_event_source_mapping(UUID=mapping["UUID"])["FunctionArn"] == (
        f"{function}:live"
    )
    client.update_event_source_mapping(UUID=mapping["UUID"], FunctionName=function)
    assert client.get_event_source_mapping(UUID=mapping["UUID"])["FunctionArn"] == function


@pytest.fixture
def bedrock(monkeypatch):
    """moto in-process with the emulator's Bedrock guardrails, undone after the test."""
    from moto import mock_aws
    from moto.bedrock import urls
    from moto.bedrock.models import BedrockBackend
    from moto.bedrock.responses import BedrockResponse

    monkeypatch.setattr(BedrockBackend, "_list_arns", BedrockBackend._list_arns)
    for name in (
        "create_guardrail",
        "get_guardrail",
        "update_guardrail",
        "create_guardrail_version",
        "delete_guardrail",
    ):
        monkeypatch.setattr(BedrockResponse, name, None, raising=False)
    monkeypatch.setattr(urls, "url_paths", dict(urls.url_paths))
    emulator.install_bedrock_guardrails()
    with mock_aws():
        yield boto3.client("bedrock", region_name="us-west-2")


def test_the_emulator_keeps_guardrails_their_versions_and_tags(bedrock):
    def configured(message):
        return {
            "name": "app-guardrail",
            "blockedInputMessaging": message,
            "blockedOutputsMessaging": "Withheld.",
            "contentPolicyConfig": {
                "filtersConfig": [
                    {"type": "VIOLENCE", "inputStrength": "HIGH", "outputStrength": "HIGH"}
                ]
            },
        }

    created = bedrock.create_guardrail(
        **configured("No."), tags=[{"key": "Application", "value": "app"}]
    )
    guardrail, arn = created["guardrailId"], created["guardrailArn"]
    assert arn == f"arn:aws:bedrock:us-west-2:123456789012:guardrail/{guardrail}"
    draft = bedrock.get_guardrail(guardrailIdentifier=guardrail)
    assert (draft["status"], draft["version"]) == ("READY", "DRAFT")
    assert draft["contentPolicy"]["filters"][0]["type"] == "VIOLENCE"
    assert bedrock.list_tags_for_resource(resourceARN=arn)["tags"] == [
        {"key": "Application", "value": "app"}
    ]
    assert bedrock.create_guardrail_version(guardrailIdentifier=arn)["version"] == "1"
    bedrock.update_guardrail(guardrailIdentifier=guardrail, **configured("Changed."))
    # A version keeps what it was published with; the draft changes.
    published = bedrock.get_guardrail(guardrailIdentifier=guardrail, guardrailVersion="1")
    assert published["blockedInputMessaging"] == "No."
    draft = bedrock.get_guardrail(guardrailIdentifier=guardrail)
    assert draft["blockedInputMessaging"] == "Changed."
    bedrock.delete_guardrail(guardrailIdentifier=guardrail, guardrailVersion="1")
    with pytest.raises(ClientError, match="ResourceNotFound"):
        bedrock.get_guardrail(guardrailIdentifier=guardrail, guardrailVersion="1")
    bedrock.delete_guardrail(guardrailIdentifier=guardrail)
    with pytest.raises(ClientError, match="ResourceNotFound"):
        bedrock.get_guardrail(guardrailIdentifier=guardrail)
