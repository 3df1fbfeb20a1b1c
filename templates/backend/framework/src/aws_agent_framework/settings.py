"""One settings object, read from the environment (never from a `.env` file: the app's
entry points decide whether to load one, library code does not).

On Lambda, Terraform sets these variables; locally none is needed: no AURORA_CLUSTER_ARN
means local mode (Postgres, in-process queue and agents), no MODEL means the offline
scripted model.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


def on_lambda() -> bool:
    """Whether this process is a Lambda function (the runtime sets this variable)."""
    return bool(os.environ.get("AWS_LAMBDA_FUNCTION_NAME"))


class Settings(BaseSettings):
    """Everything the framework reads from the environment, by variable name."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore", frozen=True)

    app_name: str = "agent-app"
    agent_name: str = ""
    # `bedrock/<model id>`, `openai/<model>`, `litellm/<provider>/<model>`,
    # `openai-compatible/<model>` (with OPENAI_BASE_URL) or empty for the offline model.
    model: str = ""
    bedrock_region: str = ""
    # The Amazon Bedrock guardrail every Converse call carries (terraform/6_agents makes it
    # when the app was generated with guardrails = bedrock); empty means none.
    bedrock_guardrail_id: str = ""
    bedrock_guardrail_version: str = "DRAFT"
    aws_region: str = Field(default="", validation_alias="AWS_REGION")

    # Database: Data API on AWS, DATABASE_URL or an embedded server locally.
    aurora_cluster_arn: str = ""
    aurora_secret_arn: str = ""
    database_name: str = "app"
    database_url: str = ""
    local_data_dir: str = ".local"

    # Agents and jobs.
    agent_function_prefix: str = ""
    # The alias the workers are invoked through ("live" with Lambda SnapStart, which
    # applies only to published versions); empty invokes the functions unqualified.
    agent_function_qualifier: str = ""
    job_queue_url: str = ""
    # Seconds kept free before the Lambda deadline to record a timeout as a failed job.
    time_budget_margin_seconds: float = 20.0
    # Runs of one job: a run that crashed or was killed (its lease ran out) is retried
    # until this many have started, then the job is failed.
    job_max_attempts: int = Field(default=2, ge=1, le=10)
    # A run's lease is its Lambda deadline plus this; keep it below the queue's visibility
    # timeout minus the function timeout (60 s in terraform/6_agents).
    job_lease_grace_seconds: float = 30.0
    # The sweep acts on jobs whose lease ran out this long ago (SQS redelivery comes first).
    job_sweep_after_seconds: float = 120.0
    # The online judge (agents/handler.py): this fraction of completed jobs, 0 to 1, is
    # scored by the model EVAL_JUDGE_MODEL against the orchestrator's QUALITY_RUBRIC.
    eval_sample_rate: float = Field(default=0.0, ge=0, le=1)
    eval_judge_model: str = ""

    # Knowledge base (terraform/3_vectors): see aws_agent_framework.vectors.
    embeddings: str = ""
    vector_bucket: str = ""
    vector_index: str = "knowledge"
    vector_collection_endpoint: str = ""
    vector_dimension: int = 1024

    # API.
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    auth_provider: Literal["clerk", "cognito", "local"] = "local"
    clerk_jwks_url: str = ""
    clerk_issuer: str = ""
    cognito_user_pool_id: str = ""
    cognito_app_client_id: str = ""

    # Observability: LangFuse keys from the environment or from one Secrets Manager secret.
    langfuse_secret_arn: str = ""
    langfuse_public_key: str = ""
    langfuse_secret_key: str = ""
    langfuse_host: str = ""

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        """CORS_ORIGINS="https://a.example,http://localhost:3000" (as Terraform sets it)."""
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @property
    def on_lambda(self) -> bool:
        return on_lambda()

    @property
    def local_mode(self) -> bool:
        """True on a developer's machine: not on Lambda and no Aurora cluster configured."""
        return not self.on_lambda and not self.aurora_cluster_arn

    @property
    def region(self) -> str | None:
        return self.aws_region or os.environ.get("AWS_DEFAULT_REGION") or None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (tests build their own `Settings(...)` instead)."""
    return Settings()
