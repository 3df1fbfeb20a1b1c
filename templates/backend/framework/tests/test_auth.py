"""JWT verification for Clerk and Cognito against a JWKS served over local HTTP, and the
local development issuer."""

import base64
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Annotated

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from jwt.algorithms import RSAAlgorithm

from aws_agent_framework.auth import AuthError, LocalIssuer, verifier_for
from aws_agent_framework.auth.dependencies import Authenticator, CurrentUser
from aws_agent_framework.auth.tokens import Rules, TokenVerifier, jwks_signing_key
from aws_agent_framework.settings import Settings

ISSUER = "https://clerk.example.com"
ORIGIN = "https://app.example.com"


def new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class Jwks:
    """A JWKS endpoint on 127.0.0.1 whose key set a test can change, counting fetches."""

    def __init__(self):
        self.keys = {}
        self.fetches = 0
        jwks = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                jwks.fetches += 1
                body = json.dumps(
                    {
                        "keys": [
                            {
                                **json.loads(RSAAlgorithm.to_jwk(key.public_key())),
                                "kid": kid,
                                "alg": "RS256",
                                "use": "sig",
                            }
                            for kid, key in jwks.keys.items()
                        ]
                    }
                ).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/.well-known/jwks.json"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def jwks():
    server = Jwks()
    server.keys["k1"] = new_key()
    yield server
    server.close()


def token(key, kid="k1", **overrides):
    now = int(time.time())
    claims = {
        "sub": "user_1",
        "iss": ISSUER,
        "iat": now,
        "nbf": now,
        "exp": now + 600,
        "azp": ORIGIN,
    }
    claims.update(overrides)
    claims = {k: v for k, v in claims.items() if v is not None}
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


def clerk(jwks):
    return TokenVerifier(
        Rules(issuer=ISSUER, authorized_parties=(ORIGIN,)),
        jwks_signing_key(jwks.url, cooldown_seconds=0),
    )


def test_a_valid_clerk_token_gives_its_user(jwks):
    assert clerk(jwks).verify(token(jwks.keys["k1"]))["sub"] == "user_1"


@pytest.mark.parametrize(
    ("claims", "message"),
    [
        ({"exp": int(time.time()) - 120}, "expired"),
        ({"nbf": int(time.time()) + 600}, "not valid yet"),
        ({"iss": "https://evil.example.com"}, "another issuer"),
        ({"azp": "https://evil.example.com"}, "another site"),
        ({"azp": None}, "another site"),
        ({"sub": None}, "not valid"),
    ],
)
def test_tokens_that_break_a_rule_are_refused(jwks, claims, message):
    with pytest.raises(AuthError, match=message) as raised:
        clerk(jwks).verify(token(jwks.keys["k1"], **claims))
    assert raised.value.status == 401


def unsigned(claims, alg):
    def part(data):
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': alg, 'typ': 'JWT', 'kid': 'k1'})}.{part(claims)}."


def test_alg_none_is_refused(jwks):
    now = int(time.time())
    forged = unsigned(
        {"sub": "admin", "iss": ISSUER, "iat": now, "exp": now + 60, "azp": ORIGIN}, "none"
    )
    with pytest.raises(AuthError, match="RS256"):
        clerk(jwks).verify(forged)


def test_hs256_signed_with_the_public_key_is_refused(jwks):
    public_pem = (
        jwks.keys["k1"]
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    now = int(time.time())
    header = {"alg": "HS256", "typ": "JWT", "kid": "k1"}
    signing_input = unsigned(
        {"sub": "admin", "iss": ISSUER, "iat": now, "exp": now + 60, "azp": ORIGIN}, "HS256"
    )
    head, body, _ = signing_input.split(".")
    head = base64.urlsafe_b64encode(json.dumps(header).encode()).rstrip(b"=").decode()
    import hashlib
    import hmac

    signature = hmac.new(public_pem, f"{head}.{body}".encode(), hashlib.sha256).digest()
    forged = f"{head}.{body}.{base64.urlsafe_b64encode(signature).rstrip(b'=').decode()}"
    with pytest.raises(AuthError, match="RS256"):
        clerk(jwks).verify(forged)


def test_a_tampered_payload_is_refused(jwks):
    head, body, signature = token(jwks.keys["k1"]).split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    claims["sub"] = "someone_else"
    body = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    with pytest.raises(AuthError, match="not valid"):
        clerk(jwks).verify(f"{head}.{body}.{signature}")


def test_a_new_key_is_fetched_once_when_a_token_names_an_unknown_kid(jwks):
    verifier = clerk(jwks)
    verifier.verify(token(jwks.keys["k1"]))
    assert jwks.fetches == 1
    verifier.verify(token(jwks.keys["k1"]))
    assert jwks.fetches == 1  # cached
    jwks.keys["k2"] = new_key()  # the provider rotates its keys
    assert verifier.verify(token(jwks.keys["k2"], kid="k2"))["sub"] == "user_1"
    assert jwks.fetches == 2
    with pytest.raises(AuthError, match="unknown key"):
        verifier.verify(token(new_key(), kid="k3"))


def test_an_unreachable_jwks_is_a_503(jwks):
    key = jwks.keys["k1"]
    jwks.close()
    with pytest.raises(AuthError) as raised:
        clerk(jwks).verify(token(key))
    assert raised.value.status == 503


def test_cognito_checks_token_use_and_app_client(jwks):
    settings = Settings(
        auth_provider="cognito",
        aws_region="eu-west-1",
        cognito_user_pool_id="eu-west-1_pool",
        cognito_app_client_id="client-1",
        aurora_cluster_arn="arn:aws:rds:eu-west-1:1:cluster:c",
    )
    issuer = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_pool"
    verifier = verifier_for(settings)
    verifier.signing_key = jwks_signing_key(jwks.url, cooldown_seconds=0)
    key = jwks.keys["k1"]
    access = token(key, iss=issuer, azp=None, token_use="access", client_id="client-1")
    id_token = token(key, iss=issuer, azp=None, token_use="id", aud="client-1")
    assert verifier.verify(access)["sub"] == "user_1"
    assert verifier.verify(id_token)["sub"] == "user_1"
    with pytest.raises(AuthError, match="another app client"):
        verifier.verify(token(key, iss=issuer, azp=None, token_use="id", aud="client-2"))
    with pytest.raises(AuthError, match="another app client"):
        verifier.verify(token(key, iss=issuer, azp=None, token_use="access", client_id="client-2"))
    with pytest.raises(AuthError, match="access or id token"):
        verifier.verify(token(key, iss=issuer, azp=None, token_use="refresh", client_id="client-1"))


def test_local_tokens_work_locally_and_are_refused_elsewhere():
    local = Settings(auth_provider="local")
    issuer = LocalIssuer()
    assert verifier_for(local, issuer).verify(issuer.issue("dev"))["sub"] == "dev"
    on_aws = Settings(auth_provider="local", aurora_cluster_arn="arn:aws:rds:us-east-1:1:cluster:c")
    with pytest.raises(AuthError, match="only accepted when the app runs locally"):
        verifier_for(on_aws, issuer)
    # A token from another process's issuer (another key) is refused too.
    with pytest.raises(AuthError, match="not valid"):
        verifier_for(local, LocalIssuer()).verify(issuer.issue("dev"))


def test_the_fastapi_dependency_answers_401_and_503():
    app = FastAPI()
    auth = Authenticator(Settings(auth_provider="local"))

    @app.get("/me")
    def me(user: Annotated[CurrentUser, Depends(auth)]):
        return {"user": user.user_id}

    client = TestClient(app)
    missing = client.get("/me")
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"] == "Bearer"
    assert client.get("/me", headers={"Authorization": "Bearer nonsense"}).status_code == 401
    good = client.get("/me", headers={"Authorization": f"Bearer {auth.local_issuer.issue('dev')}"})
    assert good.json() == {"user": "dev"}
    unconfigured = FastAPI()
    clerk_auth = Authenticator(Settings(auth_provider="clerk"))

    @unconfigured.get("/me")
    def me_too(user: Annotated[CurrentUser, Depends(clerk_auth)]):
        return user.user_id

    response = TestClient(unconfigured).get("/me", headers={"Authorization": "Bearer x.y.z"})
    assert response.status_code == 503
