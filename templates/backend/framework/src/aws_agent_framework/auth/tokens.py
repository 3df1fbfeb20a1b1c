"""JWT verification for Clerk and Cognito (PyJWT + the provider's JWKS), and a local
issuer for development that is refused unless the app runs in local mode.

Every token must be RS256 (so `alg: none` and HS256 tokens signed with the public key
are refused before any key is used), at most MAX_TOKEN_BYTES long, signed by a key from
the JWKS (cached; refetched when a token names an unknown `kid`, at most once per
cooldown), unexpired, already valid (`nbf`), with integer times and a non-empty `sub`,
from the configured issuer, and meant for this app: Clerk's `azp` must be present and
one of the app's origins (no origins configured: every token is refused), Cognito's
`token_use` and `client_id`/`aud` must match the app client.

A JWKS that cannot be fetched or holds no usable key is the provider's outage, not the
user's fault: 503, logged, and not refetched for the cooldown.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import jwt

from aws_agent_framework.settings import Settings

ALGORITHM = "RS256"
LOCAL_ISSUER = "urn:aws-agent-framework:local"
# Clerk and Cognito tokens are a few KB (Cognito's grow with groups); anything far
# larger is refused before it is decoded.
MAX_TOKEN_BYTES = 16 * 1024
# A JWKS is a few KB; a larger answer is not a key set.
MAX_JWKS_BYTES = 256 * 1024
UNAVAILABLE = "The authentication service is unavailable, try again shortly"

logger = logging.getLogger(__name__)


class AuthError(Exception):
    """A request that cannot be authenticated; `status` is the HTTP status to answer."""

    def __init__(self, detail: str, status: int = 401) -> None:
        super().__init__(detail)
        self.detail = detail
        self.status = status


@dataclass(frozen=True)
class Rules:
    """What a valid token must say besides its signature and times.

    `authorized_parties` None: `azp` is not checked (Cognito, local). A tuple: `azp`
    must be present and in it, so an empty tuple refuses every token (fail closed).
    """

    issuer: str
    audience: str | None = None
    authorized_parties: tuple[str, ...] | None = None
    token_use: tuple[str, ...] = ()
    client_id: str | None = None


def _is_int(value: object) -> bool:
    # PyJWT takes int("9999999999"); a string or bool time is a forged or broken token.
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass
class TokenVerifier:
    """Checks tokens against `rules`, with keys from `signing_key(kid)`."""

    rules: Rules
    signing_key: Callable[[str], Any]
    leeway_seconds: int = 30
    required: tuple[str, ...] = field(default=("exp", "iat", "iss", "sub"))

    def verify(self, token: str) -> dict[str, Any]:
        """The token's claims if it is valid for this app; raises AuthError if not."""
        if len(token) > MAX_TOKEN_BYTES:
            raise AuthError("The token is too large")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError as error:
            raise AuthError("The token is not a valid JWT") from error
        if header.get("alg") != ALGORITHM:
            raise AuthError(f"Tokens must be signed with {ALGORITHM}, not {header.get('alg')!r}")
        kid = header.get("kid")
        if not kid or not isinstance(kid, str):
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
        self._check_claim_types(claims)
        self._check_app_claims(claims)
        return claims

    def _check_claim_types(self, claims: dict[str, Any]) -> None:
        for name in ("exp", "nbf", "iat"):
            if name in claims and not _is_int(claims[name]):
                raise AuthError(f"The token is not valid: {name} must be an integer")
        subject = claims.get("sub")
        if not isinstance(subject, str) or not subject.strip():
            raise AuthError("The token is not valid: sub must be a non-empty string")
        # The user id becomes a database key: text Postgres cannot store (NUL, lone
        # surrogates) is refused here rather than failing later as a server error.
        if len(subject) > 255 or not subject.isprintable():  # NUL, lone surrogates
            raise AuthError("The token is not valid: sub is not a usable user id")

    def _check_app_claims(self, claims: dict[str, Any]) -> None:
        rules = self.rules
        if rules.authorized_parties is not None:
            if not rules.authorized_parties:
                raise AuthError("Sign-in is not configured: no allowed origins (CORS_ORIGINS)", 503)
            if claims.get("azp") not in rules.authorized_parties:
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


class JwksKeys:
    """The signing keys of a JWKS URL, cached for `lifespan_seconds`.

    A token naming an unknown kid refetches the set, but at most once per
    `cooldown_seconds` after the last fetch: a flood of made-up kids, or an outage of the
    provider, costs one request per cooldown rather than one per token. While the last
    fetch failed and no key is known, requests get 503 without a new fetch.
    """

    def __init__(
        self,
        url: str,
        *,
        cooldown_seconds: float = 30,
        lifespan_seconds: float = 3600,
        timeout: float = 5,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not url.startswith(("https://", "http://")):
            raise ValueError(f"A JWKS URL must be http(s), not {url!r}")
        self.url = url
        self.cooldown_seconds = cooldown_seconds
        self.lifespan_seconds = lifespan_seconds
        self.timeout = timeout
        self.clock = clock
        self.fetches = 0
        self._keys: dict[str, Any] = {}
        self._fetched_at: float | None = None  # last successful fetch
        self._attempted_at: float | None = None  # last fetch, successful or not
        self._failure: str | None = None  # why the last fetch failed
        self._lock = threading.Lock()

    def __call__(self, kid: str) -> Any:
        with self._lock:  # concurrent requests with a new kid share one fetch
            now = self.clock()
            fresh = self._fetched_at is not None and now - self._fetched_at < self.lifespan_seconds
            if kid in self._keys and fresh:
                return self._keys[kid]
            cooling = (
                self._attempted_at is not None and now - self._attempted_at < self.cooldown_seconds
            )
            if not cooling:
                self._refresh(now)
            if kid in self._keys:
                # After a failed refresh an expired key is still better than an outage.
                return self._keys[kid]
            if self._failure is not None and not self._keys:
                raise AuthError(UNAVAILABLE, 503)
            raise AuthError("The token was signed with an unknown key")

    def _refresh(self, now: float) -> None:
        self._attempted_at = now
        self.fetches += 1
        try:
            keys = self._fetch()
        except AuthError as error:
            self._failure = error.detail
            logger.error("JWKS fetch from %s failed: %s", self.url, error.detail)
            return
        self._keys, self._fetched_at, self._failure = keys, now, None

    def _fetch(self) -> dict[str, Any]:
        # The URL's scheme is checked in __init__ (http or https only).
        request = urllib.request.Request(self.url, headers={"accept": "application/json"})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                body = response.read(MAX_JWKS_BYTES + 1)
        except (OSError, ValueError) as error:  # URLError, HTTPError, timeouts, bad URLs
            raise AuthError(f"cannot fetch the JWKS: {error}", 503) from error
        if len(body) > MAX_JWKS_BYTES:
            raise AuthError("the JWKS is larger than any key set", 503)
        try:
            document = json.loads(body)
        except ValueError as error:  # garbage, an empty body, invalid UTF-8
            raise AuthError(f"the JWKS is not JSON: {error}", 503) from error
        entries = document.get("keys") if isinstance(document, dict) else None
        if not isinstance(entries, list):
            raise AuthError("the JWKS has no keys list", 503)
        keys: dict[str, Any] = {}
        for entry in entries:
            kid = entry.get("kid") if isinstance(entry, dict) else None
            if not isinstance(kid, str) or entry.get("use", "sig") != "sig":
                continue
            try:
                jwk = jwt.PyJWK(entry, algorithm=ALGORITHM)
            except (jwt.PyJWTError, ValueError, TypeError, KeyError) as error:
                logger.warning("JWKS key %r from %s is unusable: %s", kid, self.url, error)
                continue
            keys[kid] = jwk.key
        if not keys:
            raise AuthError("the JWKS holds no usable RS256 signing key", 503)
        return keys


def jwks_signing_key(
    url: str, *, cooldown_seconds: float = 30, timeout: float = 5
) -> Callable[[str], Any]:
    """Keys from a JWKS URL: cached for an hour, refetched for an unknown kid at most once
    per `cooldown_seconds` (see JwksKeys)."""
    return JwksKeys(url, cooldown_seconds=cooldown_seconds, timeout=timeout)


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


def verifier_for(
    settings: Settings,
    local_issuer: LocalIssuer | None = None,
    origins: list[str] | None = None,
) -> TokenVerifier:
    """The verifier AUTH_PROVIDER asks for, configured from the settings. `origins` are
    the sites whose Clerk tokens are accepted (`azp`); CORS_ORIGINS when not given."""
    provider = settings.auth_provider
    if provider == "local":
        if not settings.local_mode:
            raise AuthError("Local sign-in is only accepted when the app runs locally", 401)
        issuer = local_issuer or LocalIssuer()
        return TokenVerifier(Rules(issuer=LOCAL_ISSUER), issuer.signing_key)
    if provider == "clerk":
        parties = tuple(settings.cors_origins if origins is None else origins)
        if not (settings.clerk_jwks_url and settings.clerk_issuer and parties):
            # Without origins any site's Clerk session would do: refuse all (fail closed).
            detail = "Sign-in is not configured: set CLERK_JWKS_URL, CLERK_ISSUER and CORS_ORIGINS"
            logger.error(detail)
            raise AuthError(detail, 503)
        rules = Rules(issuer=settings.clerk_issuer, authorized_parties=parties)
        return TokenVerifier(rules, jwks_signing_key(settings.clerk_jwks_url))
    region, pool = settings.region, settings.cognito_user_pool_id
    if not (region and pool and settings.cognito_app_client_id):
        detail = "Sign-in is not configured: set AWS_REGION, COGNITO_USER_POOL_ID and COGNITO_APP_CLIENT_ID"
        logger.error(detail)
        raise AuthError(detail, 503)
    issuer = f"https://cognito-idp.{region}.amazonaws.com/{pool}"
    rules = Rules(
        issuer=issuer, token_use=("access", "id"), client_id=settings.cognito_app_client_id
    )
    return TokenVerifier(rules, jwks_signing_key(f"{issuer}/.well-known/jwks.json"))
