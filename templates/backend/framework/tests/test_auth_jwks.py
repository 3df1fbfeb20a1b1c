"""A JWKS endpoint that fails or answers nonsense is the provider's outage: 503, logged,
and refetched at most once per cooldown however many tokens name an unknown key."""

import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Annotated

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from jwt.algorithms import RSAAlgorithm

from aws_agent_framework.auth import AuthError, JwksKeys, Rules, TokenVerifier
from aws_agent_framework.auth.dependencies import Authenticator, CurrentUser
from aws_agent_framework.settings import Settings

ISSUER = "https://clerk.example.com"
ORIGIN = "https://app.example.com"


def new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


STRANGER = new_key()  # signs the tokens whose key must not be found


def jwk(key, kid):
    return {**json.loads(RSAAlgorithm.to_jwk(key.public_key())), "kid": kid, "use": "sig"}


class Endpoint:
    """A JWKS URL on 127.0.0.1 answering `status` and `body` (bytes), counting requests."""

    def __init__(self):
        self.status = 200
        self.body = b'{"keys": []}'
        self.requests = 0
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                endpoint.requests += 1
                self.send_response(endpoint.status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(endpoint.body)))
                self.end_headers()
                self.wfile.write(endpoint.body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/.well-known/jwks.json"
        # A short poll interval, so shutting the server down takes no half second.
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def serve_keys(self, **keys):
        self.status = 200
        self.body = json.dumps({"keys": [jwk(key, kid) for kid, key in keys.items()]}).encode()


@pytest.fixture
def endpoint():
    server = Endpoint()
    yield server
    server.server.shutdown()
    server.server.server_close()


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


def verifier(keys):
    return TokenVerifier(Rules(issuer=ISSUER, authorized_parties=(ORIGIN,)), keys)


def token(key, kid="k1"):
    now = int(time.time())
    claims = {"sub": "user_1", "iss": ISSUER, "iat": now, "exp": now + 600, "azp": ORIGIN}
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


MALFORMED_KEY = {"kty": "RSA", "kid": "k1", "use": "sig", "n": "!!not base64!!", "e": "AQAB"}
BAD_ANSWERS = {
    "garbage": (200, b"<html>502 Bad Gateway</html>"),
    "empty body": (200, b""),
    "no keys": (200, b'{"keys": []}'),
    "malformed key": (200, json.dumps({"keys": [MALFORMED_KEY]}).encode()),
    "key without n": (200, b'{"keys": [{"kty": "RSA", "kid": "k1", "e": "AQAB"}]}'),
    "symmetric key": (200, b'{"keys": [{"kty": "oct", "kid": "k1", "k": "c2VjcmV0"}]}'),
    "keys not a list": (200, b'{"keys": "k1"}'),
    "a list": (200, b"[]"),
    "null": (200, b"null"),
    "keys of strings": (200, b'{"keys": ["k1", 7, null]}'),
    "not UTF-8": (200, b"\xff\xfe\x00"),
    "server error": (500, b'{"message": "internal"}'),
    "not found": (404, b""),
    "huge": (200, b'{"keys": [' + b" " * (300 * 1024) + b"]}"),
}


@pytest.mark.parametrize("answer", BAD_ANSWERS.values(), ids=BAD_ANSWERS.keys())
def test_a_broken_jwks_is_a_logged_503(endpoint, caplog, answer):
    endpoint.status, endpoint.body = answer
    with (
        caplog.at_level(logging.ERROR, logger="aws_agent_framework.auth.tokens"),
        pytest.raises(AuthError, match="unavailable") as raised,
    ):
        verifier(JwksKeys(endpoint.url)).verify(token(STRANGER))
    assert raised.value.status == 503
    assert any("JWKS fetch" in record.getMessage() for record in caplog.records)


def test_an_unreachable_jwks_is_a_503(endpoint):
    url = endpoint.url
    endpoint.server.shutdown()
    endpoint.server.server_close()
    with pytest.raises(AuthError, match="unavailable") as raised:
        verifier(JwksKeys(url, timeout=2)).verify(token(new_key()))
    assert raised.value.status == 503


def test_a_usable_key_next_to_broken_ones_is_used(endpoint):
    key = new_key()
    endpoint.body = json.dumps({"keys": [MALFORMED_KEY | {"kid": "k0"}, jwk(key, "k1")]}).encode()
    assert verifier(JwksKeys(endpoint.url)).verify(token(key))["sub"] == "user_1"


def test_while_the_jwks_fails_it_is_fetched_once_per_cooldown(endpoint, clock):
    endpoint.body = b"garbage"
    keys = JwksKeys(endpoint.url, cooldown_seconds=30, clock=clock)
    check = verifier(keys)
    key = new_key()
    for number in range(20):
        with pytest.raises(AuthError) as raised:
            check.verify(token(STRANGER, kid=f"kid-{number}"))
        assert raised.value.status == 503
    assert endpoint.requests == 1
    clock.now += 31  # the cooldown is over, and the provider is back
    endpoint.serve_keys(k1=key)
    assert check.verify(token(key))["sub"] == "user_1"
    assert endpoint.requests == 2


def test_unknown_kids_refetch_at_most_once_per_cooldown(endpoint, clock):
    key = new_key()
    endpoint.serve_keys(k1=key)
    check = verifier(JwksKeys(endpoint.url, cooldown_seconds=30, clock=clock))
    check.verify(token(key))
    assert endpoint.requests == 1
    clock.now += 31
    for number in range(20):  # made-up kids: one refresh, which lacks them, then none
        with pytest.raises(AuthError, match="unknown key") as raised:
            check.verify(token(STRANGER, kid=f"made-up-{number}"))
        assert raised.value.status == 401
    assert endpoint.requests == 2
    check.verify(token(key))  # the known key needs no fetch
    assert endpoint.requests == 2
    rotated = new_key()  # a real rotation is picked up once the cooldown is over
    endpoint.serve_keys(k1=key, k2=rotated)
    with pytest.raises(AuthError, match="unknown key"):
        check.verify(token(rotated, kid="k2"))
    clock.now += 31
    assert check.verify(token(rotated, kid="k2"))["sub"] == "user_1"
    assert endpoint.requests == 3


def test_concurrent_requests_with_a_new_kid_share_one_fetch(endpoint):
    endpoint.body = b"garbage"
    check = verifier(JwksKeys(endpoint.url, cooldown_seconds=30))
    forged = token(STRANGER, kid="new")
    statuses = []

    def request():
        try:
            check.verify(forged)
        except AuthError as error:
            statuses.append(error.status)

    threads = [threading.Thread(target=request) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [503] * 8
    assert endpoint.requests == 1


def test_expired_keys_are_refreshed_and_kept_while_the_jwks_fails(endpoint, clock):
    key = new_key()
    endpoint.serve_keys(k1=key)
    keys = JwksKeys(endpoint.url, cooldown_seconds=30, lifespan_seconds=3600, clock=clock)
    check = verifier(keys)
    check.verify(token(key))
    clock.now += 3601
    endpoint.body = b""
    assert check.verify(token(key))["sub"] == "user_1"  # stale key beats an outage
    assert check.verify(token(key))["sub"] == "user_1"
    assert endpoint.requests == 2


def test_only_http_urls_are_fetched():
    with pytest.raises(ValueError, match="http"):
        JwksKeys("file:///etc/passwd")


def test_the_api_answers_503_when_the_jwks_is_broken(endpoint, monkeypatch):
    endpoint.body = b"not json"
    settings = Settings(
        auth_provider="clerk",
        clerk_jwks_url=endpoint.url,
        clerk_issuer=ISSUER,
        cors_origins=[ORIGIN],
        aurora_cluster_arn="arn:aws:rds:us-east-1:1:cluster:c",
    )
    app = FastAPI()
    auth = Authenticator(settings)

    @app.get("/me")
    def me(user: Annotated[CurrentUser, Depends(auth)]):
        return user.user_id

    client = TestClient(app)
    headers = {"Authorization": f"Bearer {token(new_key())}"}
    for _ in range(3):
        response = client.get("/me", headers=headers)
        assert response.status_code == 503
        assert "unavailable" in response.json()["detail"]
        assert response.headers["retry-after"] == "30"
    assert endpoint.requests == 1
