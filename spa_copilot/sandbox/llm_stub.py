"""A stand-in OpenAI-compatible model server: ``POST /v1/chat/completions`` on Starlette.

It records every request (and the most it had in flight at once, ``peak_in_flight``), waits a configurable
delay, and answers with scripted replies (``stub.script``), a ``responder`` function, or a schema-shaped
default (a fill invitation's or a guest briefing's draft written from the prompt's data, as a model would).
Structured output is answered in the shape asked for: ``response_format: json_schema`` gets JSON message content,
``tools`` get a tool call. A reply may also be a ``Fault``, answered as OpenAI does: a 429
with ``Retry-After``, a 5xx, a refusal (``message.refusal``), or a ``finish_reason`` of ``"length"`` (the
content cut short) or ``"content_filter"``. Run it in-process on a loopback port (``StubServer``) for tests and
benchmarks, or standalone::

    python -m spa_copilot.sandbox.llm_stub --port 8099 --delay 1
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


@dataclass(frozen=True)
class Fault:
    """A failure the way OpenAI reports it; use the constructors (``Fault.rate_limited()``, ``Fault.refusal()``…)."""

    status: int = 200
    retry_after: float | None = None  # seconds, sent as ``retry-after`` (and ``retry-after-ms``)
    refusal_text: str | None = None
    finish_reason: str | None = None

    @classmethod
    def rate_limited(cls, retry_after: float = 0.01) -> Fault:
        """HTTP 429 ``rate_limit_exceeded`` with a ``Retry-After`` header (the SDK waits that long, then retries)."""
        return cls(status=429, retry_after=retry_after)

    @classmethod
    def server_error(cls, status: int = 500, retry_after: float | None = None) -> Fault:
        """HTTP 5xx ``server_error`` (retried by the SDK, like a 429)."""
        return cls(status=status, retry_after=retry_after)

    @classmethod
    def refusal(cls, text: str = "I'm sorry, I can't help with that request.") -> Fault:
        """A 200 whose message has ``content: null`` and a ``refusal`` (structured outputs' safety refusal)."""
        return cls(refusal_text=text)

    @classmethod
    def truncated(cls) -> Fault:
        """A 200 with ``finish_reason: "length"``: the answer hit ``max_tokens`` and its JSON is cut short."""
        return cls(finish_reason="length")

    @classmethod
    def filtered(cls) -> Fault:
        """A 200 with ``finish_reason: "content_filter"``: the provider's filter stopped the answer."""
        return cls(finish_reason="content_filter")


#: A reply: a dict (serialised as the structured answer), a string (sent verbatim as the content), or a Fault.
Reply = dict[str, Any] | str | Fault
Responder = Callable[[dict[str, Any]], Reply]

_ERROR_BODIES: dict[int, dict[str, Any]] = {
    429: {
        "message": "Rate limit reached for requests per min (RPM). Please try again shortly.",
        "type": "requests",
        "param": None,
        "code": "rate_limit_exceeded",
    },
    503: {
        "message": "The server is overloaded or not ready yet.",
        "type": "server_error",
        "param": None,
        "code": None,
    },
}
_SERVER_ERROR = {
    "message": "The server had an error while processing your request. Sorry about that!",
    "type": "server_error",
    "param": None,
    "code": None,
}


def requested_schema(body: dict[str, Any]) -> tuple[str | None, dict[str, Any] | None]:
    """The ``(name, JSON schema)`` a request asks the answer to follow, via response_format or tools."""
    response_format = body.get("response_format") or {}
    if response_format.get("type") == "json_schema":
        spec = response_format.get("json_schema", {})
        return spec.get("name"), spec.get("schema")
    tools = body.get("tools") or []
    if tools:
        function = tools[0].get("function", {})
        return function.get("name"), function.get("parameters")
    return None, None


def example_from_schema(schema: dict[str, Any], defs: dict[str, Any] | None = None) -> Any:
    """A minimal value that satisfies a JSON schema (objects get every property)."""
    defs = defs if defs is not None else schema.get("$defs", {})
    if "$ref" in schema:
        return example_from_schema(defs[schema["$ref"].rsplit("/", 1)[-1]], defs)
    if "enum" in schema:
        return schema["enum"][0]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [s for s in schema[key] if s.get("type") != "null"] or schema[key]
            return example_from_schema(options[0], defs)
    kind = schema.get("type")
    if kind == "object":
        return {name: example_from_schema(sub, defs) for name, sub in schema.get("properties", {}).items()}
    if kind == "array":
        return []
    return {"string": "ok", "integer": 0, "number": 0, "boolean": False, "null": None}.get(str(kind), "ok")


#: A prompt's data block, as the copilot's prompts quote it (``guardrails.quote_data``): a name, then JSON.
_DATA_BLOCK = re.compile(r'<data name="([^"]+)">\n(.*?)\n</data>', re.DOTALL)


def data_blocks(body: dict[str, Any]) -> dict[str, Any]:
    """The ``<data name="…">`` blocks of a request's messages, by name, each read as JSON (one that is not is left
    out): the facts a prompt gives the model."""
    blocks: dict[str, Any] = {}
    for message in body.get("messages") or []:
        content = message.get("content") if isinstance(message, dict) else None
        for name, payload in _DATA_BLOCK.findall(content if isinstance(content, str) else ""):
            try:
                blocks[name] = json.loads(payload)
            except ValueError:
                continue
    return blocks


def invitation_draft(data: dict[str, Any]) -> str:
    """The text a model asked for a fill invitation writes from its ``invitation`` data: the guest greeted, the
    service, the time as ``when`` says it, the therapist and the location when given, then the hold and the claim
    words, as the prompt asks."""
    greeting = f"Hi {data['firstName']}," if data.get("firstName") else "Hi,"
    slot = f"a {data.get('serviceName') or 'spa'} spot just opened {data.get('when') or ''}".rstrip()
    if data.get("staffFirstName"):
        slot += f" with {data['staffFirstName']}"
    if data.get("locationName"):
        slot += f" at {data['locationName']}"
    minutes = data.get("holdMinutes") or 0
    return (
        f"{greeting} {slot}. It's held for you for {minutes} minute{'' if minutes == 1 else 's'}. "
        "Reply YES to claim it."
    )


#: How long a stub briefing grows at most: a real summary leaves room for the cautions the copilot adds after it.
BRIEFING_CHARS = 200


def briefing_draft(data: dict[str, Any]) -> str:
    """The summary a model asked for a guest's briefing writes from its ``guest`` data: who, which services, how
    many visits before, and the preferences given, in their order, as many as fit ``BRIEFING_CHARS``: "Maya is in
    for Swedish Massage 60 (first visit). Preferences: firm pressure; focus on shoulders."."""
    services = [str(name) for name in data.get("services") or []]
    visits = data.get("visitsBefore")
    seen = "first visit" if not visits else f"{visits} visit{'' if visits == 1 else 's'} before"
    text = f"{data.get('firstName') or 'The guest'} is in for {' and '.join(services) or 'a treatment'} ({seen})."
    said: list[str] = []
    for phrase in data.get("preferences") or []:
        longer = f"{text} Preferences: {'; '.join([*said, str(phrase)])}."
        if len(longer) > BRIEFING_CHARS:
            break
        said.append(str(phrase))
    return f"{text} Preferences: {'; '.join(said)}." if said else text


#: The drafts written from a prompt's data, by its data block's name; other prompts get the fixed "Stub draft.".
_DRAFTS: dict[str, Callable[[dict[str, Any]], str]] = {"invitation": invitation_draft, "guest": briefing_draft}


def default_responder(body: dict[str, Any]) -> Reply:
    """A schema-shaped answer for structured requests, a fixed sentence otherwise. A draft (an answer with a
    ``text``) for a fill invitation or a guest's briefing is written from the prompt's own data (``_DRAFTS``), as a
    model would write it, so a rehearsal's cards read as real ones; any other draft is "Stub draft."."""
    _, schema = requested_schema(body)
    if schema is None:
        return "Stub reply."
    example = example_from_schema(schema)
    if isinstance(example, dict) and "text" in example:
        blocks = data_blocks(body)
        drafts = (draft(blocks[name]) for name, draft in _DRAFTS.items() if isinstance(blocks.get(name), dict))
        drafted = next(drafts, None)
        example["text"] = drafted or "Stub draft."
    return example


class LlmStub:
    """The stub's state: recorded requests, scripted replies, a responder and a delay (seconds)."""

    def __init__(self, *, delay: float = 0.0, responder: Responder | None = None, model: str = "stub-model") -> None:
        self.delay = delay
        self.responder: Responder = responder or default_responder
        self.model = model
        self.requests: list[dict[str, Any]] = []
        self.in_flight = 0
        self.peak_in_flight = 0  # the most requests being answered at once since the last reset
        self._script: deque[Reply] = deque()
        self._ids = itertools.count(1)
        self.app = Starlette(
            routes=[
                Route("/v1/chat/completions", self._chat_completions, methods=["POST"]),
                Route("/v1/models", self._models, methods=["GET"]),
            ]
        )

    def script(self, *replies: Reply) -> None:
        """Queue replies for the next requests, in order (then the responder answers again)."""
        self._script.extend(replies)

    def reset(self) -> None:
        """Forget recorded requests, queued replies and the in-flight peak."""
        self.requests.clear()
        self._script.clear()
        self.peak_in_flight = self.in_flight

    async def _models(self, request: Request) -> JSONResponse:
        return JSONResponse({"object": "list", "data": [{"id": self.model, "object": "model", "owned_by": "stub"}]})

    async def _chat_completions(self, request: Request) -> JSONResponse:
        body = await request.json()
        self.requests.append(body)
        self.in_flight += 1
        self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
        try:
            if self.delay:
                await asyncio.sleep(self.delay)
            reply = self._script.popleft() if self._script else self.responder(body)
            if isinstance(reply, Fault) and reply.status != 200:
                return self._error(reply)
            return JSONResponse(self._completion(body, reply))
        finally:
            self.in_flight -= 1

    def _error(self, fault: Fault) -> JSONResponse:
        headers = {"x-request-id": f"req_stub_{next(self._ids)}"}
        if fault.retry_after is not None:
            headers["retry-after"] = f"{fault.retry_after:g}"
            headers["retry-after-ms"] = f"{fault.retry_after * 1000:g}"
        error = _ERROR_BODIES.get(fault.status, _SERVER_ERROR)
        return JSONResponse({"error": error}, status_code=fault.status, headers=headers)

    def _completion(self, body: dict[str, Any], reply: Reply) -> dict[str, Any]:
        fault = reply if isinstance(reply, Fault) else None
        if fault is not None:  # the answer the fault cuts short: the responder's, or a schema-shaped default
            answer = self.responder(body) if fault.refusal_text is None else ""
            reply = default_responder(body) if isinstance(answer, Fault) else answer
        assert not isinstance(reply, Fault)
        content = reply if isinstance(reply, str) else json.dumps(reply)
        finish_reason = "stop"
        if fault is not None and fault.finish_reason is not None:
            finish_reason = fault.finish_reason
            content = content[: max(1, len(content) // 2)]  # cut off mid-answer, as a real truncation is
        message: dict[str, Any] = {"role": "assistant", "content": content, "refusal": None}
        tools = body.get("tools") or []
        if fault is not None and fault.refusal_text is not None:
            message = {"role": "assistant", "content": None, "refusal": fault.refusal_text}
        elif tools and not (body.get("response_format") or {}).get("type") == "json_schema":
            chosen = body.get("tool_choice")
            name = chosen["function"]["name"] if isinstance(chosen, dict) else tools[0]["function"]["name"]
            call = {"id": f"call_{next(self._ids)}", "type": "function", "function": {"name": name, "arguments": content}}
            message = {"role": "assistant", "content": None, "tool_calls": [call], "refusal": None}
            finish_reason = finish_reason if fault is not None else "tool_calls"
        prompt_chars = sum(len(str(m.get("content", ""))) for m in body.get("messages", []))
        return {
            "id": f"chatcmpl-stub-{next(self._ids)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", self.model),
            "choices": [{"index": 0, "message": message, "finish_reason": finish_reason, "logprobs": None}],
            "usage": {
                "prompt_tokens": prompt_chars // 4,
                "completion_tokens": len(content) // 4,
                "total_tokens": (prompt_chars + len(content)) // 4,
            },
        }


class StubServer:
    """Serves an ``LlmStub`` with uvicorn in a background thread on a loopback port (0 = any free port)."""

    def __init__(self, stub: LlmStub, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.stub = stub
        config = uvicorn.Config(stub.app, host=host, port=port, log_level="warning", lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="llm-stub", daemon=True)
        self._host = host

    def start(self, timeout: float = 10.0) -> StubServer:
        """Start serving and wait until the socket is bound."""
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("LLM stub server did not start")
            time.sleep(0.01)
        return self

    @property
    def port(self) -> int:
        return int(self._server.servers[0].sockets[0].getsockname()[1])

    @property
    def base_url(self) -> str:
        """The OpenAI-style base URL, e.g. ``http://127.0.0.1:54321/v1``."""
        return f"http://{self._host}:{self.port}/v1"

    def stop(self) -> None:
        """Ask uvicorn to exit and wait for the thread."""
        self._server.should_exit = True
        self._thread.join(timeout=10)

    def __enter__(self) -> StubServer:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> None:
    """Run the stub standalone."""
    parser = argparse.ArgumentParser(description="OpenAI-compatible stub model server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8099)
    parser.add_argument("--delay", type=float, default=0.0, help="seconds before each answer")
    args = parser.parse_args(argv)
    uvicorn.run(LlmStub(delay=args.delay).app, host=args.host, port=args.port, log_level="info")


if __name__ == "__main__":
    main()
