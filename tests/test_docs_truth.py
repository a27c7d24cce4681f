"""What the README and docs/mangomint-contract.md state as facts, held to the code.

``test_consistency`` keeps the README's setting names and ``/spa`` subcommands in step with the code; this keeps
the rest of what an IT person or a gateway builder copies from the docs: each setting's default and limits, each
``spa-copilot`` command's options and defaults, every request the client makes (method, path, query parameters,
``Idempotency-Key``) in the contract's tables and served by the sandbox, the sandbox's admin endpoints, the webhook
event types and the retry figures, and the idempotency keys its examples show. Also docs/sandbox.md's clients' email
domains.
"""

from __future__ import annotations

import argparse
import inspect
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import annotated_types
import httpx
import pytest
from pydantic import SecretStr

from spa_copilot.cli import build_parser
from spa_copilot.domain import BookingRequest, MessageChannel, MessagePurpose, OutboundMessage, SpaData
from spa_copilot.platform import webhooks
from spa_copilot.platform.errors import PlatformError
from spa_copilot.platform.mangomint import MangomintClient
from spa_copilot.sandbox.notes_corpus import EMAIL_DOMAINS
from spa_copilot.sandbox.server import create_sandbox_app
from spa_copilot.settings import Settings
from tests.fill_scene import Scene, eventually, proposed

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
CONTRACT = (ROOT / "docs" / "mangomint-contract.md").read_text(encoding="utf-8")
SANDBOX = (ROOT / "docs" / "sandbox.md").read_text(encoding="utf-8")


def _section(text: str, heading: str) -> str:
    """The text under a ``## heading`` (or ``### heading``) up to the next heading of any level."""
    after = text.split(f"\n{heading}\n", 1)[1]
    return re.split(r"\n#{2,3} ", after, maxsplit=1)[0]


# ---- README: the configuration table --------------------------------------------------------------------------


CONFIG_TABLES = {
    "README": lambda: _section(README, "## Configuration"),
    "docs/configuration.md": lambda: (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8"),
}


def _config_rows(doc: str = "README") -> dict[str, tuple[str, str]]:
    rows = re.findall(r"^\| `([A-Z_]+)` \| (.*?) \| (.*) \|$", CONFIG_TABLES[doc](), re.MULTILINE)
    return {name: (default, meaning) for name, default, meaning in rows}


@pytest.mark.parametrize("doc", CONFIG_TABLES)
def test_each_table_names_every_setting_once(doc: str) -> None:
    rows = re.findall(r"^\| `([A-Z_]+)` \|", CONFIG_TABLES[doc](), re.MULTILINE)
    assert sorted(rows) == sorted(name.upper() for name in Settings.model_fields)


def _default(name: str) -> Any:
    value = Settings.model_fields[name.lower()].get_default(call_default_factory=True)
    return value.get_secret_value() if isinstance(value, SecretStr) else value


@pytest.mark.parametrize("doc", CONFIG_TABLES)
def test_each_default_the_docs_give_is_the_settings_default(doc: str) -> None:
    checked = 0
    for name, (cell, _) in _config_rows(doc).items():
        actual = _default(name)
        if cell == "unset":
            assert actual is None, name
        elif cell == "empty":
            assert actual in ([], {}), name
        elif literal := re.fullmatch(r"`([^`]+)`", cell):
            written = literal[1]
            if isinstance(actual, bool) or not isinstance(actual, int | float):
                assert written == str(getattr(actual, "value", actual)), name
            else:
                assert float(written) == actual, name
        else:  # described in words ("the front-desk channel", "`models/` in the checkout")
            continue
        checked += 1
    assert checked >= 30


def _bounds(name: str) -> dict[str, float]:
    found: dict[str, float] = {}
    for item in Settings.model_fields[name.lower()].metadata:
        for kind in (annotated_types.Ge, annotated_types.Gt, annotated_types.Le):
            if isinstance(item, kind):
                key = kind.__name__.lower()
                found[key] = getattr(item, key)
    return found


def _number(value: float) -> str:
    return f"{value:g}"


@pytest.mark.parametrize("doc", CONFIG_TABLES)
def test_each_number_setting_states_its_limits_as_the_settings_enforce_them(doc: str) -> None:
    """A setting with an upper bound says it ("at most 300", "(5 to 86400)"), and a range it gives starts where the
    setting's lower bound is: a value the README allows is never refused at startup, nor the other way round."""
    checked = 0
    for name, (_, meaning) in _config_rows(doc).items():
        bounds = _bounds(name)
        if "le" not in bounds:
            continue
        most = _number(bounds["le"])
        stated = re.search(rf"\((\d+) to {most}\)", meaning)
        assert stated or f"at most {most}" in meaning, f"{doc}, {name}: its limit, {most}, is not said"
        if stated:
            assert float(stated[1]) == bounds.get("ge"), f"{doc}, {name}: the range starts at {stated[1]}"
        for other in re.findall(r"at most (\d+)(?! s)", meaning):
            assert other == most, f"{doc}, {name}: says at most {other}; the setting allows {most}"
        checked += 1
    assert checked >= 12


# ---- README: the commands table --------------------------------------------------------------------------------


def _leaf_parsers(parser: argparse.ArgumentParser, words: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        return {words: parser}
    leaves: dict[tuple[str, ...], Any] = {}
    for name, child in subs[0].choices.items():
        leaves.update(_leaf_parsers(child, (*words, name)))
    return leaves


def _command_rows(table: str) -> list[tuple[tuple[str, ...], str, str]]:
    rows = re.findall(r"^\| `spa-copilot ([^`]+)` \| (.*) \|$", table, re.MULTILINE)
    result = []
    for usage, rest in rows:
        words = tuple(re.match(r"[a-z ]+", usage)[0].split())  # type: ignore[index]
        result.append((words, usage, rest))
    return result


COMMAND_TABLES = {
    "README": lambda: _section(README, "## Commands"),
    "docs/commands.md": lambda: (ROOT / "docs" / "commands.md").read_text(encoding="utf-8"),
}


@pytest.mark.parametrize("doc", COMMAND_TABLES)
def test_every_command_has_a_row_with_its_options_and_defaults(doc: str) -> None:
    """The README's short table and docs/commands.md's full one: each command once, its usage as the parser has it."""
    leaves = _leaf_parsers(build_parser())
    rows = _command_rows(COMMAND_TABLES[doc]())
    assert {words for words, _, _ in rows} == set(leaves)
    every_option = {opt for leaf in leaves.values() for a in leaf._actions for opt in a.option_strings}
    for words, usage, rest in rows:
        parser = leaves[words]
        options = {opt: action for action in parser._actions for opt in action.option_strings}
        for option, value in re.findall(r"\[(--[a-z-]+)(?: ([^\]\s|]+))?", usage):
            assert option in options, f"spa-copilot {' '.join(words)}: no {option}"
            if value and not value.isupper() and not re.fullmatch(r"[A-Z]+(-[A-Z]+)*", value):
                assert str(options[option].default) == value, f"spa-copilot {' '.join(words)} {option}"
        for option in re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", rest):
            assert option in every_option, f"{doc}'s row for {' '.join(words)} names {option}"


# ---- docs/mangomint-contract.md: the endpoints --------------------------------------------------------------


_ID = "x_1"


def _doc_endpoints(text: str) -> dict[tuple[str, str], str]:
    rows = re.findall(r"^\| `(GET|POST|PATCH|PUT|DELETE) (/\S+)` \| (.*?) \|", text, re.MULTILINE)
    return {(method, path): params for method, path, params in rows}


def _contract_endpoints() -> dict[tuple[str, str], str]:
    return _doc_endpoints(_section(CONTRACT, "## Endpoints") + _section(CONTRACT, "### Extensions we ask a partner gateway for"))


def _served() -> set[tuple[str, str]]:
    empty = SpaData(locations=[], staff=[], resources=[], services=[], clients=[], appointments=[])
    app = create_sandbox_app(empty, api_key="k")
    return {
        (method, re.sub(r"\{\w+\}", "{id}", route.path))
        for route in app.routes
        for method in route.methods  # type: ignore[attr-defined]
        if method != "HEAD"
    }


async def _requests_the_client_makes() -> list[httpx.Request]:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(404, json={"error": {"code": "not_found", "message": "recorded"}})

    async def no_wait(_: float) -> None:
        return None

    http = httpx.AsyncClient(transport=httpx.MockTransport(answer))
    client = MangomintClient("http://gateway.test/", "key", http=http, sleep=no_wait)
    at = datetime(2026, 12, 3, 9, tzinfo=UTC)
    calls = {
        "list_locations": lambda: client.list_locations(),
        "list_staff": lambda: client.list_staff(location_id="loc"),
        "list_services": lambda: client.list_services(),
        "list_resources": lambda: client.list_resources(location_id="loc"),
        "list_appointments": lambda: client.list_appointments(
            location_id="loc", start_from=at, start_to=at, status=["confirmed"], updated_since=at, client_id="cl"
        ),
        "get_appointment": lambda: client.get_appointment(_ID),
        "get_client": lambda: client.get_client(_ID),
        "search_clients": lambda: client.search_clients("jo"),
        "list_waitlist": lambda: client.list_waitlist(location_id="loc", on=date(2026, 12, 3)),
        "appointment_history": lambda: client.appointment_history(start=at, end=at),
        "update_client": lambda: client.update_client(_ID, custom_fields={"a": "b"}, tags=["vip"], idempotency_key="k1"),
        "update_waitlist_entry": lambda: client.update_waitlist_entry(
            _ID, changes={"status": "offered"}, idempotency_key="k2"
        ),
        "create_waitlist_entry": lambda: client.create_waitlist_entry(
            {"location_id": "loc", "client_id": "cl", "service_ids": ["sv"], "date_from": "2026-12-03",
             "date_to": "2026-12-04"},
            idempotency_key="k3",
        ),
        "book_appointment": lambda: client.book_appointment(
            BookingRequest(location_id="loc", client_id="cl", service_id="sv", staff_id="st", start_at=at),
            idempotency_key="k4",
        ),
        "send_message": lambda: client.send_message(
            _ID,
            OutboundMessage(channel=MessageChannel.sms, purpose=MessagePurpose.transactional, body="Hi",
                            approved_by="U1"),
            idempotency_key="k5",
        ),
    }
    public = {
        name for name, member in inspect.getmembers(MangomintClient, inspect.iscoroutinefunction)
        if not name.startswith("_") and name != "aclose"
    }
    assert set(calls) == public, "a new client method: add it here, and to the contract's endpoint tables"
    for call in calls.values():
        with pytest.raises(PlatformError):
            await call()
    await http.aclose()
    return seen


async def test_every_request_the_client_makes_is_in_the_contract_with_its_parameters() -> None:
    documented = _contract_endpoints()
    made = {}
    for request in await _requests_the_client_makes():
        path = request.url.path.replace(_ID, "{id}")
        made[(request.method, path)] = request
        params = documented.get((request.method, path))
        assert params is not None, f"{request.method} {path} is not in docs/mangomint-contract.md"
        for name in request.url.params:
            assert f"`{name}`" in params, f"{request.method} {path}: the contract does not list {name}"
        if request.method != "GET":
            assert request.headers.get("Idempotency-Key") and "`Idempotency-Key`" in params, (request.method, path)
    assert set(made) == set(documented), "the contract lists an endpoint the client never calls"


def test_the_sandbox_serves_the_contract_and_the_admin_endpoints_it_documents() -> None:
    served = _served()
    contract = set(_contract_endpoints())
    admin = set(_doc_endpoints(_section(CONTRACT, "## The sandbox's admin endpoints")))
    assert {e for e in served if e[1].startswith("/v1/")} == contract
    assert {e for e in served if e[1].startswith("/sandbox/")} == admin


# ---- docs/mangomint-contract.md: webhooks and retries ---------------------------------------------------------


def test_the_webhook_types_in_the_contract_are_the_ones_the_code_names() -> None:
    table = _section(CONTRACT, "### Envelope (the contract)")
    rows = table.split("| `type` |", 1)[1].split("\n\n", 1)[0]
    named = set(re.findall(r"^\| ([^|]+) \|", rows, re.MULTILINE))
    named = {name for cell in named for name in re.findall(r"`([a-z]+\.[a-z]+)`", cell)}
    assert named == {
        webhooks.APPOINTMENT_CREATED, webhooks.APPOINTMENT_UPDATED, webhooks.APPOINTMENT_CANCELLED,
        webhooks.MESSAGE_RECEIVED, webhooks.SALE_COMPLETED, webhooks.FORM_SUBMITTED,
    }
    assert set(re.findall(r"`(appointment\.[a-z]+)`", table)) - {"appointment.deleted"} == set(webhooks.APPOINTMENT_EVENTS)


def test_the_retry_and_verification_figures_in_the_contract_are_the_codes() -> None:
    client = inspect.signature(MangomintClient.__init__).parameters
    retries = _section(CONTRACT, "## Rate limits and retries")
    assert f"`Retry-After` of more than {client['retry_after_max'].default:g} s is not waited" in retries
    assert f"min({client['backoff_max'].default:g} s, base × 2^(attempt-1))" in retries
    assert f"(default {Settings.model_fields['mangomint_max_retries'].default})" in retries
    assert f"(default {Settings.model_fields['mangomint_retry_backoff_seconds'].default:g} s)" in retries
    assert f"(default {Settings.model_fields['mangomint_timeout_seconds'].default:g} s)" in retries
    tolerance = inspect.signature(webhooks.verify_webhook).parameters["tolerance_seconds"].default
    verification = _section(CONTRACT, "### Verification: two styles")
    assert f"tolerance_seconds={tolerance}" in verification and f"more than {tolerance} s" in verification


async def test_the_idempotency_keys_the_contract_shows_are_the_ones_the_copilot_sends(scene: Scene) -> None:
    """A text approved, the guest's YES booked: each key in the contract's examples, with the example's proposal id
    replaced by this one's, is a key the sandbox stored (it said `fill:wl_0031:offer:1`, a shape the copilot never
    sent)."""
    examples = re.findall(r"^Idempotency-Key: (\S+)$", CONTRACT, re.MULTILINE)
    examples += re.findall(r"derives\s+it\s+from\s+the\s+approved\s+proposal,\s+e\.g\.\s+`([^`]+)`", CONTRACT)
    assert len(examples) == 4
    await proposed(scene)
    first = scene.candidate(0)
    await scene.approve_and_wait()
    await scene.reply(first["client_id"], "Yes please!")
    await eventually(lambda: scene.proposal["status"] == "booked")
    stored = set(scene.world.spa.idempotency)
    proposal_id = scene.proposal["id"]
    for example in examples:
        assert re.sub(r"fp_[0-9a-f]{12}", proposal_id, example) in stored, (example, sorted(stored))


def test_the_sandbox_doc_names_every_email_domain_the_generator_gives_clients() -> None:
    clients = SANDBOX.split("- **Clients**", 1)[1].split("\n- **", 1)[0]
    for domain in EMAIL_DOMAINS:
        assert f"{domain}`" in clients or f"{domain}," in clients or f"@{domain}" in clients, domain


def test_the_readme_says_how_texting_hours_are_read_and_widened() -> None:
    default, meaning = _config_rows()["TEXT_SEND_HOURS"]
    assert default == f"`{Settings.model_fields['text_send_hours'].default}`"
    assert "each location's own clock" in meaning and "`00:00-24:00` for any time" in meaning
    assert Settings(_env_file=None, text_send_hours="00:00-24:00").text_send_window == (0, 24 * 60)
    assert "Texts go out only within `TEXT_SEND_HOURS`" in README
