"""A local AWS for deploy rehearsals: moto's server, with every request's IAM decision
made by :mod:`aws_agent_framework.rehearsal.iam` and written to a log.

Moto checks most actions against the resource ``*`` and turns an Allow whose condition it
cannot evaluate into a Deny, so its own enforcement would deny every statement scoped to
the app's prefix. Here the action is judged by the caller's real policies (the resource
too where moto knows it); ARN scoping and ``iam:PassRole`` conditions are judged
statically by ``iam.missing_grants``. Run as a process of its own::

    python -m aws_agent_framework.rehearsal.emulator --port 5000 --decisions decisions.jsonl

The first ``--anonymous-requests`` requests are not authenticated: the rehearsal uses
them to create an administrator, whose key signs everything after.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
import zipfile
from pathlib import Path
from typing import Any

from . import iam

# What the emulator cannot do, and what is checked instead. The rehearsal prints this
# list with every report, so nothing is skipped silently.
GAPS = {
    "SigV4 signatures": "not verified (moto 5.2 recomputes GET signatures with headers as "
    "query parameters); the access key still identifies the caller",
    "IAM resource ARNs and iam:PassRole conditions": "moto names the resource of few "
    "requests, so requests are judged by action; every resource type's ARNs and PassRole "
    "targets are checked against the deploy group by rehearsal.iam.missing_grants",
    "Lambda code": "runs only for the framework's own handlers (the migrate function, "
    "with its role's credentials); other invocations get the emulator's echo, and make "
    "test runs every handler on the offline model and real Postgres",
    "RDS Data API": "answers every statement with an empty result and accepts "
    "transactions and batches without running SQL (moto 5.2 has ExecuteStatement only): "
    "migrations reach it with the migrate function's IAM checked; make test runs them "
    "on Postgres",
    "CloudFormation AWS::S3Vectors::*": "moto's CloudFormation lacks the types: the "
    "emulator creates the bucket and index in its S3 Vectors service directly",
    "CloudFront functions and response headers policies": "moto 5.2 lacks them: the "
    "emulator stores them (create, read, publish, update, delete) without running them",
    "Budgets tags and subscribers": "moto 5.2 drops a budget's tags and cannot list a "
    "notification's subscribers: the emulator keeps and lists them",
    "S3 bucket policies": "judged by rehearsal.iam for every caller, with "
    "aws:SecureTransport true (the emulator's plain HTTP stands for AWS's HTTPS); moto "
    "turns a Deny whose condition does not hold into a denial",
    "SQS RedriveAllowPolicy": "moto 5.2 drops the attribute (the AWS provider then waits "
    "for it forever): the emulator stores and returns it",
    "OpenSearch Serverless data access policies": "moto 5.2 lacks them and the deletion "
    "of security policies, and trips on a collection under an AWS-owned key: the emulator "
    "keeps the policies (create, read, update, delete) without enforcing them",
    "S3 delete markers": "moto 5.2 fails to delete a versioned object's delete marker (the "
    "AWS provider does when it empties the site bucket): the emulator deletes it",
    "Lambda SnapStart": "moto 5.2 drops a function's SnapStart setting: the emulator keeps "
    "it and reports it as Lambda does (optimised on published versions); no snapshot is "
    "taken or restored, so make test covers the runtime hooks with a fake runtime module",
    "Bedrock guardrails": "moto 5.2 lacks them: the emulator stores them (create, read, "
    "update, version, delete, tags) without screening anything; make test shows the "
    "guardrail on every Converse call with botocore's Stubber",
    "Lambda aliases as queue triggers": "moto 5.2 records the version an alias points at "
    "as an event source mapping's function (the AWS provider would then replace the "
    "mapping on every apply): the emulator keeps the alias, as Lambda does",
}
_MODELS: list[type] = []
# Handlers the emulator runs for real: pure Python from this framework, importable here.
FRAMEWORK_HANDLERS = "aws_agent_framework."


def _request_parameters(request: Any) -> dict[str, Any]:
    """The request's parameters: a JSON body, else the query/form fields."""
    body = request._body
    if body:
        try:
            parsed = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            parsed = None
        if isinstance(parsed, dict):
            return parsed
    return {
        key: value[0] if isinstance(value, list) and len(value) == 1 else value
        for key, value in (request._data or {}).items()
        if isinstance(key, str)
    }


def install(decisions: Path) -> None:
    """Replace moto's permission check with one that asks ``iam`` and logs each decision."""
    from moto.iam import access_control

    lock = threading.Lock()
    log = decisions.open("a", encoding="utf-8")

    def record(entry: dict[str, Any]) -> None:
        with lock:
            log.write(json.dumps(entry) + "\n")
            log.flush()

    def check_signature(self: Any) -> None:
        return None

    def check_action_permitted(self: Any, resource: str) -> None:
        service, _, operation = self._action.partition(":")
        action = iam.iam_action(service, operation, self._method)
        if action == "sts:GetCallerIdentity":  # AWS answers it whatever the policies say
            return
        documents = [
            access_control.IAMPolicy(policy)._policy_json
            for policy in self._access_key.collect_policies()
        ]
        checks = [(action, resource, {})]
        checks += iam.implied_checks(action, _request_parameters(self))
        for checked_action, checked_resource, context in checks:
            decision = iam.evaluate(documents, checked_action, checked_resource, context)
            record(
                {
                    "principal": self._access_key.arn,
                    "action": checked_action,
                    "resource": checked_resource,
                    "context": context,
                    "decision": decision,
                }
            )
            if decision != "allow":
                self._action = checked_action  # moto's error message names this action
                self._raise_access_denied()

    access_control.IAMRequestBase.check_signature = check_signature
    access_control.IAMRequestBase.check_action_permitted = check_action_permitted


def run_function(function: Any, payload: bytes, endpoint: str) -> tuple[bytes, bool]:
    """Run a framework handler from the function's zip in a process of its own, with the
    function's environment and its role's credentials; (answer, failed)."""
    from moto.sts.models import sts_backends

    region = function.region
    role = sts_backends[function.account_id]["aws"].assume_role(
        region_name=region,
        role_session_name=function.function_name,
        role_arn=function.role,
        policy="",
        duration=900,
        external_id="",
    )
    module, _, name = function.handler.rpartition(".")
    with tempfile.TemporaryDirectory() as root:
        zipfile.ZipFile(io.BytesIO(function.code_bytes)).extractall(root)
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("AWS_")},
            **function.environment_vars,
            "LAMBDA_TASK_ROOT": root,
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_REGION": region,
            "AWS_DEFAULT_REGION": region,
            "AWS_ACCESS_KEY_ID": role.access_key_id,
            "AWS_SECRET_ACCESS_KEY": role.secret_access_key,
            "AWS_SESSION_TOKEN": role.session_token,
            "AWS_LAMBDA_FUNCTION_NAME": function.function_name,
        }
        # The zip's files come after this interpreter's packages: its compiled wheels are
        # built for Lambda's Python and CPU, the framework here is the same source.
        script = (
            "import importlib, json, sys\n"
            f"sys.path = [p for p in sys.path if p not in ('', {root!r})] + [{root!r}]\n"
            f"handler = getattr(importlib.import_module({module!r}), {name!r})\n"
            "print(json.dumps(handler(json.loads(sys.stdin.read() or '{}'), None), default=str))"
        )
        result = subprocess.run(
            [sys.executable, "-c", script],
            input=payload,
            cwd=root,
            env=env,
            capture_output=True,
            timeout=function.timeout,
            check=False,
        )
    if result.returncode == 0:
        return result.stdout.strip().splitlines()[-1], False
    message = result.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["failed"]
    return json.dumps({"errorMessage": message[0], "errorType": "Unhandled"}).encode(), True


def install_lambda_runner(endpoint: str) -> None:
    """Invocations of framework handlers run them; the rest keep moto's echo."""
    from moto.awslambda_simple.models import LambdaSimpleBackend

    echo = LambdaSimpleBackend.invoke

    def invoke(
        self: Any,
        function_name: str,
        qualifier: Any,
        body: Any,
        headers: Any,
        response_headers: Any,
    ) -> Any:
        function = self.get_function(function_name, qualifier)
        if not (function.handler or "").startswith(FRAMEWORK_HANDLERS):
            return echo(self, function_name, qualifier, body, headers, response_headers)
        payload = body if isinstance(body, bytes) else (body or "").encode()
        answer, failed = run_function(function, payload, endpoint)
        if failed:
            response_headers["x-amz-function-error"] = "Unhandled"
        return answer

    LambdaSimpleBackend.invoke = invoke


def install_lambda_snapstart() -> None:
    """Keep a function's SnapStart setting (terraform/modules/lambda_function with
    snap_start), which moto 5.2 drops, answering ApplyOn "None" whatever was asked: the
    AWS provider would then see drift, and the guides' check of the alias would fail.
    As on Lambda, published versions report it "On" and $LATEST "Off"."""
    from moto.awslambda.models import LambdaFunction

    init = LambdaFunction.__init__
    update_configuration = LambdaFunction.update_configuration
    get_configuration = LambdaFunction.get_configuration

    def apply_on(spec: dict[str, Any]) -> str:
        return str((spec.get("SnapStart") or {}).get("ApplyOn") or "None")

    def __init__(
        self: Any, account_id: str, spec: dict[str, Any], *args: Any, **kwargs: Any
    ) -> None:
        init(self, account_id, spec, *args, **kwargs)
        self.snap_start = apply_on(spec)

    def update(self: Any, config_updates: dict[str, Any]) -> dict[str, Any]:
        if "SnapStart" in config_updates:  # set first: moto answers with the configuration
            self.snap_start = apply_on(config_updates)
        return update_configuration(self, config_updates)

    def configuration(self: Any, on_create: bool = False) -> dict[str, Any]:
        config = get_configuration(self, on_create)
        applied = getattr(self, "snap_start", "None")
        published = str(self.version) != "$LATEST"
        status = "On" if applied == "PublishedVersions" and published else "Off"
        config["SnapStart"] = {"ApplyOn": applied, "OptimizationStatus": status}
        return config

    LambdaFunction.__init__ = __init__
    LambdaFunction.update_configuration = update
    LambdaFunction.get_configuration = configuration


def _as_named(function_name: str, resolved_arn: str) -> str:
    """The function ARN Lambda reports for a mapping to `function_name`: the alias ARN when
    the name is qualified by an alias, else what moto resolved (a version or the function).

    >>> _as_named("app-lead:live", "arn:aws:lambda:us-east-1:1:function:app-lead:3")
    'arn:aws:lambda:us-east-1:1:function:app-lead:live'
    >>> _as_named("app-lead", "arn:aws:lambda:us-east-1:1:function:app-lead")
    'arn:aws:lambda:us-east-1:1:function:app-lead'
    """
    name = function_name.split(":function:")[-1]
    qualifier = name.partition(":")[2]
    if not qualifier or qualifier.isdigit() or qualifier == "$LATEST":
        return resolved_arn
    prefix, _, resolved = resolved_arn.partition(":function:")
    return f"{prefix}:function:{resolved.partition(':')[0]}:{qualifier}"


def install_event_source_mapping_aliases() -> None:
    """An event source mapping keeps the alias it names (terraform/6_agents' queue trigger
    with SnapStart) instead of the version moto resolves it to, as Lambda does."""
    from moto.awslambda.models import LambdaBackend

    create = LambdaBackend.create_event_source_mapping
    update = LambdaBackend.update_event_source_mapping

    def create_event_source_mapping(self: Any, spec: dict[str, Any]) -> Any:
        mapping = create(self, spec)
        mapping.function_arn = _as_named(str(spec["FunctionName"]), mapping.function_arn)
        return mapping

    def update_event_source_mapping(self: Any, uuid: str, spec: dict[str, Any]) -> Any:
        mapping = update(self, uuid, spec)
        if mapping is not None and spec.get("FunctionName"):
            mapping.function_arn = _as_named(str(spec["FunctionName"]), mapping.function_arn)
        return mapping

    LambdaBackend.create_event_source_mapping = create_event_source_mapping
    LambdaBackend.update_event_source_mapping = update_event_source_mapping


def install_s3_vectors_types() -> None:
    """CloudFormation resource types moto lacks (terraform/3_vectors makes its S3 Vectors
    bucket and index through a stack): created in moto's own S3 Vectors service, so the
    guides' `aws s3vectors` checks and the ingest code find them."""
    from moto.core.common_models import CloudFormationModel
    from moto.s3vectors.models import s3vectors_backends

    class S3VectorsResource:
        attribute = ""

        def __init__(
            self, arn: str, properties: dict[str, Any], account_id: str, region: str
        ) -> None:
            self.arn, self.properties = arn, properties
            self.backend = s3vectors_backends[account_id]["aws"]  # one per partition

        @property
        def physical_resource_id(self) -> str:
            return self.arn

        @staticmethod
        def cloudformation_name_type() -> str:
            return ""

        @classmethod
        def has_cfn_attr(cls, attr: str) -> bool:
            return attr == cls.attribute

        def get_cfn_attribute(self, attribute_name: str) -> str:
            return self.arn

        @classmethod
        def create_from_cloudformation_json(
            cls,
            resource_name: str,
            cloudformation_json: Any,
            account_id: str,
            region_name: str,
            **kwargs: Any,
        ) -> Any:
            p = cloudformation_json["Properties"]
            bucket = p["VectorBucketName"]
            resource = cls(
                f"arn:aws:s3vectors:{region_name}:{account_id}:bucket/{bucket}",
                p,
                account_id,
                region_name,
            )
            if "IndexName" in p:
                resource.arn += f"/index/{p['IndexName']}"
                resource.backend.create_index(
                    bucket,
                    "",
                    p["IndexName"],
                    p.get("DataType", "float32"),
                    int(p["Dimension"]),
                    p.get("DistanceMetric", "cosine"),
                )
            else:
                resource.backend.create_vector_bucket(region_name, bucket, {})
            return resource

        def delete(self, account_id: str, region_name: str) -> None:
            if "IndexName" in self.properties:
                self.backend.delete_index(
                    self.properties["VectorBucketName"], self.properties["IndexName"], ""
                )
            else:
                self.backend.delete_vector_bucket(self.properties["VectorBucketName"])

        @classmethod
        def delete_from_cloudformation_json(cls, *args: Any, **kwargs: Any) -> None:
            return None

    # Direct subclasses of CloudFormationModel are what moto's registry finds (weakly:
    # hence kept in _MODELS); moto files models by the service named in their module.
    from moto.cloudformation import parsing

    for kind, attribute in (("VectorBucket", "VectorBucketArn"), ("Index", "IndexArn")):
        model = type(
            kind,
            (S3VectorsResource, CloudFormationModel),
            {
                "__module__": "moto.s3vectors",
                "attribute": attribute,
                "cloudformation_type": staticmethod(lambda kind=kind: f"AWS::S3Vectors::{kind}"),
            },
        )
        _MODELS.append(model)
    for cached in (parsing.get_model_list, parsing.get_model_map, parsing.get_name_type_map):
        cached.cache_clear()


def install_data_api_transactions() -> None:
    """BeginTransaction, CommitTransaction, RollbackTransaction and BatchExecuteStatement,
    which moto 5.2's Data API lacks; like its ExecuteStatement, they run no SQL."""
    import uuid

    from moto.rdsdata import urls
    from moto.rdsdata.responses import RDSDataServiceResponse

    answers = {  # (method, path): answer
        ("begin_transaction", "BeginTransaction"): lambda: {"transactionId": str(uuid.uuid4())},
        ("commit_transaction", "CommitTransaction"): lambda: {
            "transactionStatus": "Transaction Committed"
        },
        ("rollback_transaction", "RollbackTransaction"): lambda: {
            "transactionStatus": "Rollback Complete"
        },
        ("batch_execute_statement", "BatchExecute"): lambda: {"updateResults": []},
    }
    for (method, path), answer in answers.items():
        setattr(RDSDataServiceResponse, method, lambda self, answer=answer: json.dumps(answer()))
        urls.url_paths[f"{{0}}/{path}$"] = urls.response.dispatch


def install_cloudfront_functions_and_header_policies() -> None:
    """CloudFront functions and response headers policies (terraform/7_frontend), which
    moto 5.2 lacks: kept in memory, answered through moto's own serializer."""
    import datetime
    import uuid

    from moto.cloudfront import urls
    from moto.cloudfront.exceptions import CloudFrontException
    from moto.cloudfront.responses import CloudFrontResponse
    from moto.core.responses import ActionResult, EmptyResult

    functions: dict[str, dict[str, Any]] = {}
    policies: dict[str, dict[str, Any]] = {}

    def summary(self: Any, function: dict[str, Any], stage: str = "DEVELOPMENT") -> dict[str, Any]:
        now = datetime.datetime.now(datetime.UTC)
        return {
            "Name": function["Name"],
            "Status": "UNASSOCIATED",
            "FunctionConfig": function["FunctionConfig"],
            "FunctionMetadata": {
                "FunctionARN": f"arn:aws:cloudfront::{self.current_account}:function/{function['Name']}",
                "Stage": stage,
                "CreatedTime": now,
                "LastModifiedTime": now,
            },
        }

    def function(self: Any) -> dict[str, Any]:
        name = self._get_param("Name")
        if name not in functions:
            raise CloudFrontException(
                "NoSuchFunctionExists", f"The function {name} does not exist."
            )
        return functions[name]

    def create_function(self: Any) -> ActionResult:
        name = self._get_param("Name")
        functions[name] = {
            "Name": name,
            "FunctionConfig": self._get_param("FunctionConfig"),
            "FunctionCode": self._get_param("FunctionCode"),
            "ETag": uuid.uuid4().hex,
        }
        return ActionResult(
            {"FunctionSummary": summary(self, functions[name]), "ETag": functions[name]["ETag"]}
        )

    def describe_function(self: Any) -> ActionResult:
        found = function(self)
        stage = self._get_param("Stage") or "DEVELOPMENT"
        return ActionResult({"FunctionSummary": summary(self, found, stage), "ETag": found["ETag"]})

    def get_function(self: Any) -> ActionResult:
        found = function(self)
        return ActionResult(
            {
                "FunctionCode": found["FunctionCode"],
                "ETag": found["ETag"],
                "ContentType": "application/octet-stream",
            }
        )

    def publish_function(self: Any) -> ActionResult:
        return ActionResult({"FunctionSummary": summary(self, function(self), "LIVE")})

    def update_function(self: Any) -> ActionResult:
        found = function(self)
        found.update(
            FunctionConfig=self._get_param("FunctionConfig"),
            FunctionCode=self._get_param("FunctionCode"),
            ETag=uuid.uuid4().hex,
        )
        return ActionResult({"FunctionSummary": summary(self, found), "ETag": found["ETag"]})

    def delete_function(self: Any) -> EmptyResult:
        functions.pop(function(self)["Name"])
        return EmptyResult()

    def policy(self: Any) -> dict[str, Any]:
        found = policies.get(self._get_param("Id"))
        if found is None:
            raise CloudFrontException(
                "NoSuchResponseHeadersPolicy", "The response headers policy does not exist."
            )
        return found

    def create_response_headers_policy(self: Any) -> ActionResult:
        identifier = str(uuid.uuid4())
        policies[identifier] = {
            "Id": identifier,
            "LastModifiedTime": datetime.datetime.now(datetime.UTC),
            "ResponseHeadersPolicyConfig": self._get_param("ResponseHeadersPolicyConfig"),
        }
        return ActionResult({"ResponseHeadersPolicy": policies[identifier], "ETag": identifier})

    def get_response_headers_policy(self: Any) -> ActionResult:
        found = policy(self)
        return ActionResult({"ResponseHeadersPolicy": found, "ETag": found["Id"]})

    def get_response_headers_policy_config(self: Any) -> ActionResult:
        found = policy(self)
        return ActionResult(
            {
                "ResponseHeadersPolicyConfig": found["ResponseHeadersPolicyConfig"],
                "ETag": found["Id"],
            }
        )

    def update_response_headers_policy(self: Any) -> ActionResult:
        found = policy(self)
        found["ResponseHeadersPolicyConfig"] = self._get_param("ResponseHeadersPolicyConfig")
        return ActionResult({"ResponseHeadersPolicy": found, "ETag": found["Id"]})

    def delete_response_headers_policy(self: Any) -> EmptyResult:
        policies.pop(policy(self)["Id"])
        return EmptyResult()

    for handler in (
        create_function,
        describe_function,
        get_function,
        publish_function,
        update_function,
        delete_function,
        create_response_headers_policy,
        get_response_headers_policy,
        get_response_headers_policy_config,
        update_response_headers_policy,
        delete_response_headers_policy,
    ):
        setattr(CloudFrontResponse, handler.__name__, handler)
    for path in (
        "function$",
        "function/(?P<name>[^/]+)$",
        "function/(?P<name>[^/]+)/describe$",
        "function/(?P<name>[^/]+)/publish$",
        "response-headers-policy$",
        "response-headers-policy/(?P<id>[^/]+)$",
        "response-headers-policy/(?P<id>[^/]+)/config$",
    ):
        urls.url_paths["{0}/2020-05-31/" + path] = CloudFrontResponse.dispatch


def install_bedrock_guardrails() -> None:
    """Bedrock guardrails and their versions (terraform/6_agents with guardrails = bedrock),
    which moto 5.2 lacks: kept in memory in Bedrock's shapes, tagged through moto's own
    tag handling."""
    import datetime
    import uuid
    from urllib.parse import unquote

    from moto.bedrock import urls
    from moto.bedrock.exceptions import ResourceNotFoundException
    from moto.bedrock.models import BedrockBackend
    from moto.bedrock.responses import BedrockResponse

    guardrails: dict[str, dict[str, Any]] = {}  # by ARN
    # Request field → (response field, and for each its list: request → response name).
    policies = {
        "topicPolicyConfig": ("topicPolicy", {"topicsConfig": "topics"}),
        "contentPolicyConfig": ("contentPolicy", {"filtersConfig": "filters"}),
        "wordPolicyConfig": (
            "wordPolicy",
            {"wordsConfig": "words", "managedWordListsConfig": "managedWordLists"},
        ),
        "sensitiveInformationPolicyConfig": (
            "sensitiveInformationPolicy",
            {"piiEntitiesConfig": "piiEntities", "regexesConfig": "regexes"},
        ),
        "contextualGroundingPolicyConfig": (
            "contextualGroundingPolicy",
            {"filtersConfig": "filters"},
        ),
    }
    settings = ("name", "description", "blockedInputMessaging", "blockedOutputsMessaging")

    def now() -> str:
        return datetime.datetime.now(datetime.UTC).isoformat()

    def configuration(body: dict[str, Any]) -> dict[str, Any]:
        found = {key: body[key] for key in settings if key in body}
        for request, (response, lists) in policies.items():
            if request in body:
                found[response] = {lists[k]: v for k, v in body[request].items() if k in lists}
        return found

    def guardrail(self: Any) -> dict[str, Any]:
        identifier = unquote(self.uri.split("?")[0].rstrip("/").rsplit("/", 1)[-1])
        for arn, found in guardrails.items():
            if identifier in (arn, found["guardrailId"]):
                return found
        raise ResourceNotFoundException(f"Guardrail {identifier} not found")

    def create_guardrail(self: Any) -> str:
        body = json.loads(self.body)
        identifier = uuid.uuid4().hex[:12]
        arn = f"arn:aws:bedrock:{self.region}:{self.current_account}:guardrail/{identifier}"
        guardrails[arn] = {
            "guardrailId": identifier,
            "guardrailArn": arn,
            "createdAt": now(),
            "versions": {"DRAFT": {**configuration(body), "updatedAt": now()}},
        }
        if body.get("tags"):
            self.bedrock_backend.tag_resource(arn, body["tags"])
        return json.dumps(
            {"guardrailId": identifier, "guardrailArn": arn, "version": "DRAFT", "createdAt": now()}
        )

    def get_guardrail(self: Any) -> str:
        found = guardrail(self)
        version = self.querystring.get("guardrailVersion", ["DRAFT"])[0]
        if version not in found["versions"]:
            raise ResourceNotFoundException(f"Guardrail version {version} not found")
        answer = {
            "guardrailId": found["guardrailId"],
            "guardrailArn": found["guardrailArn"],
            "version": version,
            "status": "READY",
            "createdAt": found["createdAt"],
            **found["versions"][version],
        }
        return json.dumps(answer)

    def update_guardrail(self: Any) -> str:
        found = guardrail(self)
        found["versions"]["DRAFT"] = {**configuration(json.loads(self.body)), "updatedAt": now()}
        return json.dumps(
            {
                "guardrailId": found["guardrailId"],
                "guardrailArn": found["guardrailArn"],
                "version": "DRAFT",
                "updatedAt": now(),
            }
        )

    def create_guardrail_version(self: Any) -> str:
        found = guardrail(self)
        version = str(sum(1 for name in found["versions"] if name != "DRAFT") + 1)
        description = json.loads(self.body or "{}").get("description")
        published = {**found["versions"]["DRAFT"], "updatedAt": now()}
        if description is not None:
            published["description"] = description
        found["versions"][version] = published
        return json.dumps({"guardrailId": found["guardrailId"], "version": version})

    def delete_guardrail(self: Any) -> str:
        found = guardrail(self)
        version = self.querystring.get("guardrailVersion", [None])[0]
        if version in (None, "DRAFT"):
            guardrails.pop(found["guardrailArn"])
            self.bedrock_backend.tagger.delete_all_tags_for_resource(found["guardrailArn"])
        else:
            found["versions"].pop(version, None)
        return json.dumps({})

    list_arns = BedrockBackend._list_arns

    def with_guardrails(self: Any) -> list[str]:
        return list_arns(self) + list(guardrails)

    BedrockBackend._list_arns = with_guardrails
    for handler in (
        create_guardrail,
        get_guardrail,
        update_guardrail,
        create_guardrail_version,
        delete_guardrail,
    ):
        setattr(BedrockResponse, handler.__name__, handler)
    for path in ("guardrails$", "guardrails/(?P<guardrailIdentifier>[^/]+)$"):
        urls.url_paths["{0}/" + path] = BedrockResponse.dispatch


def install_budget_tags() -> None:
    """Tags on budgets (terraform/8_enterprise's carry the default tags)."""
    from moto.budgets.responses import BudgetsResponse

    tags: dict[str, list[dict[str, str]]] = {}
    create_budget = BudgetsResponse.create_budget

    def create(self: Any) -> str:
        name = self._get_param("Budget")["BudgetName"]
        arn = f"arn:aws:budgets::{self._get_param('AccountId')}:budget/{name}"
        tags[arn] = list(self._get_param("ResourceTags") or [])
        return create_budget(self)

    def tag_resource(self: Any) -> str:
        kept = {t["Key"]: t for t in tags.get(self._get_param("ResourceARN"), [])}
        kept.update({t["Key"]: t for t in self._get_param("ResourceTags") or []})
        tags[self._get_param("ResourceARN")] = list(kept.values())
        return "{}"

    def untag_resource(self: Any) -> str:
        arn, keys = self._get_param("ResourceARN"), set(self._get_param("ResourceTagKeys") or [])
        tags[arn] = [t for t in tags.get(arn, []) if t["Key"] not in keys]
        return "{}"

    def list_tags_for_resource(self: Any) -> str:
        return json.dumps({"ResourceTags": tags.get(self._get_param("ResourceARN"), [])})

    def describe_subscribers_for_notification(self: Any) -> str:
        budget = self.backend.budgets[self._get_param("AccountId")][self._get_param("BudgetName")]
        wanted = self._get_param("Notification")
        for notification in budget.notifications:
            same = all(
                str(notification.details.get(key)) == str(value)
                for key, value in wanted.items()
                if key != "Threshold"
            )
            if same and float(notification.details.get("Threshold", 0)) == float(
                wanted.get("Threshold", 0)
            ):
                return json.dumps({"Subscribers": notification.subscribers})
        return json.dumps({"Subscribers": []})

    BudgetsResponse.create_budget = create
    for handler in (
        tag_resource,
        untag_resource,
        list_tags_for_resource,
        describe_subscribers_for_notification,
    ):
        setattr(BudgetsResponse, handler.__name__, handler)


def install_bucket_policy_evaluation() -> None:
    """A bucket policy's Deny for everyone (terraform/7_frontend denies plain HTTP) is
    judged like AWS judges it, not by moto's evaluator."""
    from moto.iam.access_control import PermissionResult
    from moto.s3.models import FakeBucket

    def get_permission(self: Any, action: str, resource: str) -> Any:
        if self.policy is None:
            return PermissionResult.NEUTRAL
        denials = [
            s
            for s in json.loads(self.policy)["Statement"]
            if s.get("Effect") == "Deny" and s.get("Principal") in ("*", {"AWS": "*"})
        ]
        context = {"aws:SecureTransport": "true"}
        decision = iam.evaluate([{"Statement": denials}], action, resource, context)
        return PermissionResult.DENIED if decision == "explicit-deny" else PermissionResult.NEUTRAL

    FakeBucket.get_permission = get_permission


def install_sqs_redrive_allow_policy() -> None:
    """Keep a queue's RedriveAllowPolicy (terraform/6_agents sets it on the dead-letter queue)."""
    from moto.sqs.models import Queue

    if "RedriveAllowPolicy" not in Queue.BASE_ATTRIBUTES:
        Queue.BASE_ATTRIBUTES.append("RedriveAllowPolicy")
    Queue.redrive_allow_policy = None
    set_attributes = Queue._set_attributes

    def _set_attributes(self: Any, attributes: dict[str, Any], now: float | None = None) -> None:
        set_attributes(self, attributes, now)
        if not self.redrive_allow_policy:  # removing it sets "": the attribute is gone
            self.redrive_allow_policy = None

    Queue._set_attributes = _set_attributes


def install_delete_marker_removal() -> None:
    """Deleting a delete marker by its version id (emptying a versioned bucket)."""
    from moto.s3.models import FakeDeleteMarker

    if not hasattr(FakeDeleteMarker, "dispose"):
        FakeDeleteMarker.dispose = lambda self, garbage=False: None


def install_opensearch_serverless_policies() -> None:
    """Data access policies and security policy deletion (terraform/3_vectors with an
    OpenSearch Serverless collection), which moto 5.2 lacks, and collections encrypted
    with an AWS-owned key, on which it trips (it reads a KMS key ARN from whichever
    security policy names the collection last, the network one included)."""
    import datetime
    import uuid

    from moto.opensearchserverless import models
    from moto.opensearchserverless.exceptions import ConflictException, ResourceNotFoundException
    from moto.opensearchserverless.responses import OpenSearchServiceServerlessResponse

    policies: dict[tuple[str, str], dict[str, Any]] = {}  # (type, name) -> detail
    collection_init = models.Collection.__init__

    def init(self: Any, *args: Any, policy: Any, **kwargs: Any) -> None:
        kms = policy.get("KmsARN", "auto") if isinstance(policy, dict) else "auto"
        collection_init(self, *args, policy={"KmsARN": kms}, **kwargs)

    def found(self: Any) -> dict[str, Any]:
        params = json.loads(self.body)
        key = (params.get("type"), params.get("name"))
        if key not in policies:
            raise ResourceNotFoundException(
                msg=f"Policy with name {key[1]} and type {key[0]} is not found"
            )
        return policies[key]

    def create_access_policy(self: Any) -> str:
        params = json.loads(self.body)
        key = (params["type"], params["name"])
        if key in policies:
            raise ConflictException(
                msg=f"Policy with name {key[1]} and type {key[0]} already exists"
            )
        now = int(datetime.datetime.now(datetime.UTC).timestamp() * 1000)
        policies[key] = {
            "name": params["name"],
            "type": params["type"],
            "policy": json.loads(params["policy"]),
            **({"description": params["description"]} if params.get("description") else {}),
            "policyVersion": uuid.uuid4().hex,
            "createdDate": now,
            "lastModifiedDate": now,
        }
        return json.dumps({"accessPolicyDetail": policies[key]})

    def get_access_policy(self: Any) -> str:
        return json.dumps({"accessPolicyDetail": found(self)})

    def update_access_policy(self: Any) -> str:
        params, detail = json.loads(self.body), found(self)
        detail.update(policyVersion=uuid.uuid4().hex)
        if params.get("policy"):
            detail["policy"] = json.loads(params["policy"])
        if params.get("description"):  # AWS leaves an empty description out
            detail["description"] = params["description"]
        return json.dumps({"accessPolicyDetail": detail})

    def delete_access_policy(self: Any) -> str:
        detail = found(self)
        policies.pop((detail["type"], detail["name"]))
        return "{}"

    def list_access_policies(self: Any) -> str:
        kind = json.loads(self.body).get("type")
        summaries = [
            {k: v for k, v in d.items() if k != "policy"}
            for d in policies.values()
            if d["type"] == kind
        ]
        return json.dumps({"accessPolicySummaries": summaries})

    def delete_security_policy(self: Any) -> str:
        params = json.loads(self.body)
        backend = self.opensearchserverless_backend
        policy = backend.get_security_policy(name=params.get("name"), type=params.get("type"))
        backend.security_policies = {
            k: v for k, v in backend.security_policies.items() if v is not policy
        }
        return "{}"

    models.Collection.__init__ = init
    for handler in (
        create_access_policy,
        get_access_policy,
        update_access_policy,
        delete_access_policy,
        list_access_policies,
        delete_security_policy,
    ):
        setattr(OpenSearchServiceServerlessResponse, handler.__name__, handler)


def serve(port: int, decisions: Path, anonymous_requests: int) -> None:
    """Run the emulator on 127.0.0.1:`port` until the process is stopped."""
    from moto import settings
    from moto.core.config import default_user_config
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
    from werkzeug.serving import run_simple

    settings.INITIAL_NO_AUTH_ACTION_COUNT = anonymous_requests
    # Lambda code cannot run without Docker: invocations get moto's canned answer.
    default_user_config["lambda"]["use_docker"] = False
    # Managed policies (AWSXRayDaemonWriteAccess) must exist to be attached.
    default_user_config["iam"]["load_aws_managed_policies"] = True
    install(decisions)
    install_lambda_runner(f"http://127.0.0.1:{port}")
    install_lambda_snapstart()
    install_event_source_mapping_aliases()
    install_s3_vectors_types()
    install_sqs_redrive_allow_policy()
    install_data_api_transactions()
    install_cloudfront_functions_and_header_policies()
    install_budget_tags()
    install_bedrock_guardrails()
    install_bucket_policy_evaluation()
    install_delete_marker_removal()
    install_opensearch_serverless_policies()
    run_simple("127.0.0.1", port, DomainDispatcherApplication(create_backend_app), threaded=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument(
        "--decisions", type=Path, required=True, help="JSON lines log of IAM decisions"
    )
    parser.add_argument("--anonymous-requests", type=int, default=3)
    args = parser.parse_args(argv)
    serve(args.port, args.decisions, args.anonymous_requests)


if __name__ == "__main__":
    main()
