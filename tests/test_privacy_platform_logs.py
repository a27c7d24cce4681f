"""Words a person typed where an id was expected (`/spa fill Jane Okonkwo`, `/spa waitlist add jane@…`) go into the
request path; during an outage the client's retry and give-up warnings (logged at the default level) and its errors
name the route with ``{id}`` there, never the words; real ids stay in the logs.
"""

from __future__ import annotations

import logging
import random
import traceback

import httpx
import pytest

from spa_copilot.platform.errors import PlatformError, PlatformNotFound, PlatformUnavailable
from spa_copilot.platform.mangomint import MangomintClient

TYPED = ["jane.okonkwo@gmail.com", "Jane Okonkwo", "+1-415-555-0131", "415-555-0131", "4155550131", "Okonkwo", "okonkwo",
         "jane-okonkwo"]


def _client(status: int) -> MangomintClient:
    async def no_sleep(seconds: float) -> None:
        return None

    http = httpx.AsyncClient(transport=httpx.MockTransport(lambda request: httpx.Response(status)))
    return MangomintClient("https://partner.example/", "k", http=http, sleep=no_sleep, max_retries=1, rng=random.Random(0))


def _leaks(text: str, typed: str) -> list[str]:
    words = {typed, typed.replace("@", "%40"), typed.replace(" ", "%20"), typed.replace("+", "%2B"), "okonkwo", "Okonkwo",
             "415-555", "4155550131"}
    return [word for word in words if word in text]


@pytest.mark.parametrize("typed", TYPED)
async def test_a_typed_word_in_the_path_is_not_logged_during_an_outage(typed: str, caplog: pytest.LogCaptureFixture) -> None:
    client = _client(503)
    with caplog.at_level(logging.WARNING, logger="spa_copilot.platform.mangomint"), pytest.raises(PlatformUnavailable) as raised:
        await client.get_client(typed)
    assert "GET /v1/clients/{id} failed (HTTP 503)" in caplog.text and "gave up after 2 attempts" in caplog.text
    assert not _leaks(caplog.text, typed) and not _leaks(str(raised.value), typed)
    assert "key None" not in caplog.text  # a read has no idempotency key: none is named, not "None"


@pytest.mark.parametrize("typed", TYPED)  # a key keeps only the copilot's own words ("fill", "waitlist-remove")
async def test_a_typed_word_in_a_write_path_and_its_key_is_not_logged(typed: str, caplog: pytest.LogCaptureFixture) -> None:
    client = _client(503)
    with caplog.at_level(logging.DEBUG, logger="spa_copilot.platform.mangomint"), pytest.raises(PlatformUnavailable):
        await client.update_waitlist_entry(
            typed, changes={"status": "cancelled"}, idempotency_key=f"waitlist-remove:{typed}:9f2c4e1a0b7d"
        )
    assert "PATCH /v1/waitlist/{id}" in caplog.text and "(key waitlist-remove:{id}:9f2c4e1a0b7d)" in caplog.text
    assert not _leaks(caplog.text, typed)


async def test_ids_stay_in_the_logs(caplog: pytest.LogCaptureFixture) -> None:
    client = _client(503)
    with caplog.at_level(logging.WARNING, logger="spa_copilot.platform.mangomint"), pytest.raises(PlatformUnavailable):
        await client.update_waitlist_entry("wl_0031", changes={"status": "offered"}, idempotency_key="fill:wl_0031:offer:1")
    assert "PATCH /v1/waitlist/wl_0031 failed (HTTP 503)" in caplog.text and "(key fill:wl_0031:offer:1)" in caplog.text
    for an_id in ("apt_088c7da52ab8", "3f2a9c1e-8b7d-4e5f-9a0b-1c2d3e4f5a6b", "31"):
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="spa_copilot.platform.mangomint"), pytest.raises(PlatformUnavailable):
            await client.get_appointment(an_id)
        assert f"GET /v1/appointments/{an_id} gave up" in caplog.text


async def test_a_not_found_error_names_the_route_not_the_words(caplog: pytest.LogCaptureFixture) -> None:
    with pytest.raises(PlatformNotFound) as raised:
        await _client(404).get_client("Jane Okonkwo")
    assert "GET /v1/clients/{id}: HTTP 404" in str(raised.value) and "Okonkwo" not in str(raised.value)


@pytest.mark.parametrize("status", [400, 404, 422])
@pytest.mark.parametrize("typed", ["Jane Okonkwo", "+1 415 555 0131", "jane.okonkwo@gmail.com"])
async def test_a_refused_search_has_no_typed_words_in_its_traceback(typed: str, status: int) -> None:
    """A gateway without the search extension answers 404; the error the front desk's search raises reaches the log
    with its traceback (``answer_command``'s ``logger.exception``), so nothing in it, chained errors included, may
    carry the query: httpx's own error names the whole URL, ``?query=Jane+Okonkwo`` with it."""
    with pytest.raises(PlatformError) as raised:
        await _client(status).search_clients(typed)
    logged = "".join(traceback.format_exception(raised.value))
    assert "GET /v1/clients: HTTP" in logged and raised.value.__cause__ is None
    assert not _leaks(logged.replace("%20", " "), typed) and "query=" not in logged
