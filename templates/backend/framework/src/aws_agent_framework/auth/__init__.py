"""Authentication: Clerk and Cognito JWTs, and a local development issuer."""

from aws_agent_framework.auth.tokens import (
    AuthError,
    JwksKeys,
    LocalIssuer,
    Rules,
    TokenVerifier,
    jwks_signing_key,
    verifier_for,
)

__all__ = [
    "AuthError",
    "JwksKeys",
    "LocalIssuer",
    "Rules",
    "TokenVerifier",
    "jwks_signing_key",
    "verifier_for",
]
