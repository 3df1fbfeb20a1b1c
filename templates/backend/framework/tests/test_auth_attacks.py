"""JWT attack cases: every forged, misdirected or malformed token is refused with 401
(503 only for a server that is not configured), for Clerk and for Cognito."""

import base64
import hashlib
import hmac
import json
import logging
import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from aws_agent_framework.auth import AuthError, Rules, TokenVerifier, verifier_for
from aws_agent_framework.auth.tokens import MAX_TOKEN_BYTES
from aws_agent_framework.settings import Settings

ISSUER = "https://clerk.example.com"
ORIGIN = "https://app.example.com"
POOL_ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_pool"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
KEYS = {"k1": KEY.public_key(), "k2": OTHER_KEY.public_key()}
NOW = int(time.time())


def signing_key(kid):
    if kid not in KEYS:
        raise AuthError("The token was signed with an unknown key")
    return KEYS[kid]


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def part(value) -> str:
    return b64(json.dumps(value).encode())


def claims(**overrides):
    values = {"sub": "user_1", "iss": ISSUER, "iat": NOW, "nbf": NOW, "exp": NOW + 600}
    values["azp"] = ORIGIN
    values.update(overrides)
    return {k: v for k, v in values.items() if v is not None}


def signed(payload, key=KEY, kid="k1", **headers):
    return jwt.encode(payload, key, algorithm="RS256", headers={"kid": kid, **headers})


def hs256(payload, secret: bytes, kid="k1"):
    signing_input = f"{part({'alg': 'HS256', 'typ': 'JWT', 'kid': kid})}.{part(payload)}"
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(signature)}"


PUBLIC_PEM = KEY.public_key().public_bytes(
    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
)
PUBLIC_JWK = jwt.algorithms.RSAAlgorithm.to_jwk(KEY.public_key()).encode()
GOOD = signed(claims())
HEAD, BODY, SIGNATURE = GOOD.split(".")

CLERK_ATTACKS = {
    # Algorithm confusion and unsigned tokens.
    "alg none": f"{part({'alg': 'none', 'kid': 'k1'})}.{part(claims())}.",
    "alg None": f"{part({'alg': 'None', 'kid': 'k1'})}.{part(claims())}.",
    "alg none with signature": f"{part({'alg': 'none', 'kid': 'k1'})}.{BODY}.{SIGNATURE}",
    "no alg": f"{part({'kid': 'k1'})}.{BODY}.{SIGNATURE}",
    "HS256 with the public key PEM": hs256(claims(), PUBLIC_PEM),
    "HS256 with the public JWK": hs256(claims(), PUBLIC_JWK),
    "RS512": jwt.encode(claims(), KEY, algorithm="RS512", headers={"kid": "k1"}),
    "PS256": jwt.encode(claims(), KEY, algorithm="PS256", headers={"kid": "k1"}),
    "ES256": jwt.encode(
        claims(), ec.generate_private_key(ec.SECP256R1()), algorithm="ES256", headers={"kid": "k1"}
    ),
    # Signature and key.
    "tampered payload": f"{HEAD}.{part(claims(sub='admin'))}.{SIGNATURE}",
    "no signature": f"{HEAD}.{BODY}.",
    "signature of another token": f"{HEAD}.{BODY}.{signed(claims(sub='x')).split('.')[2]}",
    "missing kid": jwt.encode(claims(), KEY, algorithm="RS256"),
    "empty kid": signed(claims(), kid=""),
    "numeric kid": f"{part({'alg': 'RS256', 'kid': 1})}.{BODY}.{SIGNATURE}",
    "kid of another key": signed(claims(), key=KEY, kid="k2"),
    "own key under a known kid": signed(claims(), key=OTHER_KEY, kid="k1"),
    "unknown kid": signed(claims(), kid="k3"),
    "kid path traversal": signed(claims(), kid="../../etc/passwd"),
    "jku to the attacker's keys": signed(
        claims(), key=OTHER_KEY, kid="attacker", jku="https://evil.example.com/jwks.json"
    ),
    "embedded jwk": signed(
        claims(), key=OTHER_KEY, kid="attacker", jwk=json.loads(PUBLIC_JWK.decode())
    ),
    # Times.
    "expired": signed(claims(exp=NOW - 120)),
    "not valid yet": signed(claims(nbf=NOW + 600)),
    "no exp": signed(claims(exp=None)),
    "no iat": signed(claims(iat=None)),
    "exp as a numeric string": signed(claims(exp="9999999999")),
    "exp as a float string": signed(claims(exp="9999999999.0")),
    "exp true": signed(claims(exp=True)),
    "exp as an object": signed(claims(exp={"$gt": 0})),
    "nbf as a string": signed(claims(nbf=str(NOW))),
    "iat as a string": signed(claims(iat=str(NOW))),
    # Issuer and audience.
    "wrong iss": signed(claims(iss="https://evil.example.com")),
    "iss with a trailing slash": signed(claims(iss=ISSUER + "/")),
    "no iss": signed(claims(iss=None)),
    "azp of another site": signed(claims(azp="https://evil.example.com")),
    "azp prefix of the origin": signed(claims(azp="https://app.example.com.evil.com")),
    "no azp": signed(claims(azp=None)),
    "azp as a list": signed(claims(azp=[ORIGIN])),
    # Subject.
    "no sub": signed(claims(sub=None)),
    "empty sub": signed(claims(sub="")),
    "blank sub": signed(claims(sub="   ")),
    "numeric sub": signed(claims(sub=123)),
    "sub with NUL": signed(claims(sub="user\x00admin")),
    "sub with a lone surrogate": signed(claims(sub="user\ud800")),
    "huge sub": signed(claims(sub="u" * 5000)),
    # Malformed tokens.
    "oversized": signed(claims(padding="x" * MAX_TOKEN_BYTES)),
    "empty": "",
    "one part": "abc",
    "two parts": f"{HEAD}.{BODY}",
    "four parts": f"{GOOD}.extra",
    "non-JSON header": f"{b64(b'not json')}.{BODY}.{SIGNATURE}",
    "header is a list": f"{part(['RS256'])}.{BODY}.{SIGNATURE}",
    "header not base64": f"!!!.{BODY}.{SIGNATURE}",
    "non-JSON payload": f"{HEAD}.{b64(b'not json')}.{SIGNATURE}",
    "payload is a list": jwt.api_jws.encode(b"[1]", KEY, algorithm="RS256", headers={"kid": "k1"}),
    "non-UTF-8 header": f"{b64(bytes([0xFF, 0xFE]))}.{BODY}.{SIGNATURE}",
}


def clerk():
    return TokenVerifier(Rules(issuer=ISSUER, authorized_parties=(ORIGIN,)), signing_key)


def test_the_good_token_is_accepted():
    assert clerk().verify(GOOD)["sub"] == "user_1"


@pytest.mark.parametrize("forged", CLERK_ATTACKS.values(), ids=CLERK_ATTACKS.keys())
def test_clerk_attacks_are_refused(forged):
    with pytest.raises(AuthError) as raised:
        clerk().verify(forged)
    assert raised.value.status == 401


def clerk_settings(**overrides):
    values = {
        "auth_provider": "clerk",
        "clerk_jwks_url": "https://clerk.example.com/.well-known/jwks.json",
        "clerk_issuer": ISSUER,
        "cors_origins": [ORIGIN],
        "aurora_cluster_arn": "arn:aws:rds:us-east-1:1:cluster:c",
    }
    return Settings(**(values | overrides))


def test_clerk_without_origins_refuses_every_token_and_says_why(caplog):
    # Without allowed origins the azp check could not be made: fail closed, never open.
    with (
        caplog.at_level(logging.ERROR, logger="aws_agent_framework.auth.tokens"),
        pytest.raises(AuthError, match="CORS_ORIGINS") as raised,
    ):
        verifier_for(clerk_settings(cors_origins=[]))
    assert raised.value.status == 503
    assert "CORS_ORIGINS" in caplog.text
    no_parties = TokenVerifier(Rules(issuer=ISSUER, authorized_parties=()), signing_key)
    with pytest.raises(AuthError, match="CORS_ORIGINS"):
        no_parties.verify(GOOD)


def test_clerk_takes_the_origins_it_is_given():
    verifier = verifier_for(clerk_settings(cors_origins=[]), origins=[ORIGIN])
    assert verifier.rules.authorized_parties == (ORIGIN,)
    verifier.signing_key = signing_key
    assert verifier.verify(GOOD)["sub"] == "user_1"


def cognito():
    settings = Settings(
        auth_provider="cognito",
        aws_region="eu-west-1",
        cognito_user_pool_id="eu-west-1_pool",
        cognito_app_client_id="client-1",
        aurora_cluster_arn="arn:aws:rds:eu-west-1:1:cluster:c",
    )
    verifier = verifier_for(settings)
    verifier.signing_key = signing_key
    return verifier


def pool(**overrides):
    return signed(claims(iss=POOL_ISSUER, azp=None, **overrides))


def test_cognito_access_and_id_tokens_of_the_app_client_are_accepted():
    assert cognito().verify(pool(token_use="access", client_id="client-1"))["sub"] == "user_1"
    assert cognito().verify(pool(token_use="id", aud="client-1"))["sub"] == "user_1"


COGNITO_ATTACKS = {
    "refresh token_use": pool(token_use="refresh", client_id="client-1"),
    "no token_use": pool(client_id="client-1", aud="client-1"),
    "id token of another client": pool(token_use="id", aud="client-2"),
    "id token with the client in client_id only": pool(token_use="id", client_id="client-1"),
    "access token of another client": pool(token_use="access", client_id="client-2"),
    "access token with the client in aud only": pool(token_use="access", aud="client-1"),
    "token_use as a list": pool(token_use=["access"], client_id="client-1"),
    "another pool": signed(
        claims(
            iss="https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_other",
            azp=None,
            token_use="access",
            client_id="client-1",
        )
    ),
    "another region": signed(
        claims(
            iss="https://cognito-idp.us-east-1.amazonaws.com/eu-west-1_pool",
            azp=None,
            token_use="access",
            client_id="client-1",
        )
    ),
    "Clerk's issuer": signed(claims(token_use="access", client_id="client-1")),
    "expired access token": pool(token_use="access", client_id="client-1", exp=NOW - 120),
    "empty sub": pool(token_use="access", client_id="client-1", sub=""),
    "exp as a string": pool(token_use="access", client_id="client-1", exp="9999999999"),
    "alg none": f"{part({'alg': 'none', 'kid': 'k1'})}.{part(claims(iss=POOL_ISSUER))}.",
}


@pytest.mark.parametrize("forged", COGNITO_ATTACKS.values(), ids=COGNITO_ATTACKS.keys())
def test_cognito_attacks_are_refused(forged):
    with pytest.raises(AuthError) as raised:
        cognito().verify(forged)
    assert raised.value.status == 401
