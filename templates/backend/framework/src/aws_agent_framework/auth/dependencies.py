"""FastAPI wiring: a dependency that gives routes the signed-in user's id."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from aws_agent_framework.auth.tokens import AuthError, LocalIssuer, TokenVerifier, verifier_for
from aws_agent_framework.settings import Settings

_bearer = HTTPBearer(auto_error=False)


@dataclass(frozen=True)
class CurrentUser:
    user_id: str
    claims: dict[str, Any]

    @property
    def display_name(self) -> str | None:
        return self.claims.get("name") or self.claims.get("email")


class Authenticator:
    """Verifies the bearer token of each request (the verifier is built on first use).

    `origins`: the sites whose Clerk tokens are accepted (`azp`), normally the origins
    CORS allows; CORS_ORIGINS when not given.
    """

    def __init__(self, settings: Settings, origins: list[str] | None = None) -> None:
        self.settings = settings
        self.origins = origins
        self.local_issuer = (
            LocalIssuer() if settings.auth_provider == "local" and settings.local_mode else None
        )
        self._verifier: TokenVerifier | None = None

    def verify(self, token: str) -> CurrentUser:
        if self._verifier is None:
            self._verifier = verifier_for(self.settings, self.local_issuer, self.origins)
        claims = self._verifier.verify(token)
        return CurrentUser(user_id=str(claims["sub"]), claims=claims)

    def __call__(
        self,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> CurrentUser:
        if credentials is None or credentials.scheme.lower() != "bearer":
            raise HTTPException(
                401,
                "Sign in first: send Authorization: Bearer <token>",
                {"WWW-Authenticate": "Bearer"},
            )
        try:
            return self.verify(credentials.credentials)
        except AuthError as error:
            # 401: sign in again; 503: the provider or the configuration, so retry later.
            headers = (
                {"WWW-Authenticate": "Bearer"} if error.status == 401 else {"Retry-After": "30"}
            )
            raise HTTPException(error.status, error.detail, headers) from error
