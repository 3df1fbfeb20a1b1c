"""JWT verification for Clerk and Cognito (PyJWT + the provider's JWKS), and a local
issuer for development that is refused unless the app runs in local mode.

Every token must be RS256 (so `alg: none` and HS256 tokens signed with the public key
are refused before any key is used), signed by a key from the JWKS (cached; refreshed
once when a token names an unknown `kid`), unexpired, already valid (`nbf`), from the
configured issuer, and meant for this app: Clerk's `azp` must be one of the app's
origins, Cognito's `token_use` and `client_id`/`aud` must match the app client.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import jwt
from jwt import PyJWKClient
from jwt.exceptions import PyJWKClientConnectionError, PyJWKClientError

from aws_agent_framework.settings import Settings

ALGORITHM = "RS256"
LOCAL_ISSUER = "urn:aws-agent-framework:local"


class AuthError(Exception):
    """A request that cannot be authenticated; `status` is the HTTP status to answer."""

    def __init__(self, detail: str, status: int = 401) -> None:
        super().__init__(detail)
        self.detail = detail
        self.status = status


@dataclass(frozen=True)
class Rules:
    """What a valid token must say besides its signature and times."""

    issuer: str
    audience: str | None = None
    authorized_parties: tuple[str, ...] = ()
    token_use: tuple[str, ...] = ()
    client_id: str | None = None


@dataclass
class TokenVerifier:
    """Checks tokens against `rules`, with keys from `signing_key(kid)`."""

    rules: Rules
    signing_key: Callable[[str], Any]
    leeway_seconds: int = 30
    required: tuple[str, ...] = field(default=("exp", "iat", "iss", "sub"))

    def verify(self, token: str) -> dict[str, Any]:
        """The token's claims if it is valid for this app; raises AuthError if not."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError as error:
            raise AuthError("The token is not a valid JWT") from error
        if header.get("alg") != ALGORITHM:
            raise AuthError(f"Tokens must be signed with {ALGORITHM}, not {header.get('alg')!r}")
        kid = header.get("kid")
        if not kid:
            raise AuthError("The token has no key id (kid)")
        key = self.signing_key(kid)
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=[ALGORITHM],
                issuer=self.rules.issuer,
                audience=self.rules.audience,
                leeway=self.leeway_seconds,
                options={"require": list(self.required), "verify_aud": bool(self.rules.audience)},
            )
        except jwt.ExpiredSignatureError as error:
            raise AuthError("The token has expired") from error
        except jwt.ImmatureSignatureError as error:
            raise AuthError("The token is not valid yet") from error
        except jwt.InvalidIssuerError as error:
            raise AuthError("The token comes from another issuer") from error
        except jwt.InvalidAudienceError as error:
            raise AuthError("The token is meant for another application") from error
        except jwt.InvalidTokenError as error:
            raise AuthError(f"The token is not valid: {error}") from error
        self._check_app_claims(claims)
        return claims

    def _check_app_claims(self, claims: dict[str, Any]) -> None:
        rules = self.rules
        if rules.authorized_parties and claims.get("azp") not in rules.authorized_parties:
            raise AuthError("The token was issued to another site (azp)")
        if rules.token_use and claims.get("token_use") not in rules.token_use:
            raise AuthError("The token is not an access or id token of this user pool")
        if rules.client_id:
            client = (
                claims.get("client_id")
                if claims.get("token_use") == "access"
                else claims.get("aud")
            )
            if client != rules.client_id:
                raise AuthError("The token is meant for another app client")


def jwks_signing_key(
    url: str, *, cooldown_seconds: float = 10, timeout: float = 5
) -> Callable[[str], Any]:
    """Keys from a JWKS URL: cached for an hour, refetched once for an unknown kid."""
    client = PyJWKClient(
        url, cache_keys=True, lifespan=3600, timeout=timeout, cooldown_duration=cooldown_seconds
    )

    def signing_key(kid: str) -> Any:
        try:
            return client.get_signing_key(kid).key
        except PyJWKClientConnectionError as error:
            raise AuthError(
                "The sign-in provider's keys cannot be fetched right now", 503
            ) from error
        except PyJWKClientError as error:
            raise AuthError("The token was signed with an unknown key") from error

    return signing_key


class LocalIssuer:
    """Signs development tokens with a key made at start-up (never stored anywhere)."""

    kid = "local-development"

    def __init__(self) -> None:
        from cryptography.hazmat.primitives.asymmetric import rsa

        self._private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def issue(
        self, user_id: str, *, name: str = "Local user", lifetime_seconds: int = 8 * 3600
    ) -> str:
        import time

        now = int(time.time())
        claims = {
            "sub": user_id,
            "name": name,
            "iss": LOCAL_ISSUER,
            "iat": now,
            "nbf": now,
            "exp": now + lifetime_seconds,
            "jti": uuid.uuid4().hex,
        }
        return jwt.encode(claims, self._private_key, algorithm=ALGORITHM, headers={"kid": self.kid})

    def signing_key(self, kid: str) -> Any:
        if kid != self.kid:
            raise AuthError("The token was signed with an unknown key")
        return self._private_key.public_key()


def verifier_for(settings: Settings, local_issuer: LocalIssuer | None = None) -> TokenVerifier:
    """The verifier AUTH_PROVIDER asks for, configured from the settings."""
    provider = settings.auth_provider
    if provider == "local":
        if not settings.local_mode:
            raise AuthError("Local sign-in is only accepted when the app runs locally", 401)
        issuer = local_issuer or LocalIssuer()
        return TokenVerifier(Rules(issuer=LOCAL_ISSUER), issuer.signing_key)
    if provider == "clerk":
        if not (settings.clerk_jwks_url and settings.clerk_issuer):
            raise AuthError("Sign-in is not configured: set CLERK_JWKS_URL and CLERK_ISSUER", 503)
        rules = Rules(issuer=settings.clerk_issuer, authorized_parties=tuple(settings.cors_origins))
        return TokenVerifier(rules, jwks_signing_key(settings.clerk_jwks_url))
    region, pool = settings.region, settings.cognito_user_pool_id
    if not (region and pool and settings.cognito_app_client_id):
        raise AuthError(
            "Sign-in is not configured: set AWS_REGION, COGNITO_USER_POOL_ID and COGNITO_APP_CLIENT_ID",
            503,
        )
    issuer = f"https://cognito-idp.{region}.amazonaws.com/{pool}"
    rules = Rules(
        issuer=issuer, token_use=("access", "id"), client_id=settings.cognito_app_client_id
    )
    return TokenVerifier(rules, jwks_signing_key(f"{issuer}/.well-known/jwks.json"))
