"""``/webhooks/mangomint`` as an attacker probes it (a security review): what is signed is the exact raw body,
copies of the signature headers cannot mix a fresh timestamp with a stale one, and a body the copilot does not
inflate or cannot hold as a number is refused before any work. Each held before the review; kept as guards."""

from __future__ import annotations

import gzip
import json

from spa_copilot.platform.signing import signed_headers
from spa_copilot.sandbox.world import SandboxWorld

SECRET = "sandbox-webhook-secret"


def _event(event_id: str, **data: object) -> bytes:
    return json.dumps({"id": event_id, "type": "security.probe", "data": data}, indent=1).encode()


async def _post(world: SandboxWorld, body: bytes, headers: dict[str, str] | list[tuple[str, str]]) -> int:
    if isinstance(headers, dict):
        headers = list(headers.items())
    response = await world.http.post(
        "/webhooks/mangomint", content=body, headers=[("content-type", "application/json"), *headers]
    )
    return response.status_code


def _processed(world: SandboxWorld) -> int:
    return world.copilot.store.db.execute("SELECT COUNT(*) FROM processed_events").fetchone()[0]


async def test_the_signature_is_over_the_raw_body_not_its_json(world: SandboxWorld) -> None:
    now = int(world.copilot.now().timestamp())
    body = _event("evt_raw")
    same_json = json.dumps(json.loads(body), separators=(",", ":")).encode()
    assert await _post(world, same_json, signed_headers(SECRET, now, body)) == 401
    assert await _post(world, body, signed_headers(SECRET, now, body)) == 200


async def test_copies_of_the_signature_headers_cannot_pass_a_stale_signature(world: SandboxWorld) -> None:
    # a captured request (stale), with a fresh timestamp and a made-up signature added beside its own headers
    now = int(world.copilot.now().timestamp())
    body = _event("evt_copies")
    stale = signed_headers(SECRET, now - 3600, body)
    headers = [
        ("x-webhook-timestamp", str(now)), ("x-webhook-signature", "v1=" + "0" * 64),
        ("x-webhook-timestamp", stale["X-Webhook-Timestamp"]), ("x-webhook-signature", stale["X-Webhook-Signature"]),
    ]
    assert await _post(world, body, headers) == 401
    assert await _post(world, body, headers[2:] + headers[:2]) == 401
    assert _processed(world) == 0


async def test_a_gzip_body_is_not_inflated(world: SandboxWorld) -> None:
    # Content-Encoding is not honoured: a small compressed body stays small (no gzip bomb), and is no JSON
    now = int(world.copilot.now().timestamp())
    packed = gzip.compress(_event("evt_gzip", pad="a" * 5_000_000))
    headers = {**signed_headers(SECRET, now, packed), "Content-Encoding": "gzip"}
    assert len(packed) < 100_000
    assert await _post(world, packed, headers) == 400
    assert _processed(world) == 0


async def test_a_number_too_long_to_read_is_a_400(world: SandboxWorld) -> None:
    now = int(world.copilot.now().timestamp())
    body = b'{"id": "evt_digits", "type": "security.probe", "data": {"n": ' + b"9" * 100_000 + b"}}"
    assert await _post(world, body, signed_headers(SECRET, now, body)) == 400
    assert _processed(world) == 0
