"""Session 44 (probe44d M3, redone after rev44h): the views that have the client at hand pass her last name, so the
fill card and a client's card show "Ruth" for "Mrs. Ruth" (staff saw "Mrs. [name]") and never her surname as her first
name for "Mrs. Kim" of Kim."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from spa_copilot.engines.fill_ranking import Candidate
from spa_copilot.fill.proposing import _candidate_json, _to_call_json
from spa_copilot.reads import Catalog
from spa_copilot.slack.presenters import card_name
from tests.builders import client, service

START = datetime(2026, 12, 7, 15, tzinfo=UTC)


def _candidate(first_name: str) -> Candidate:
    return Candidate(
        entry_id="wl_1",
        client_id="cl_1",
        first_name=first_name,
        service_id="sv_1",
        staff_id="st_1",
        resource_ids=(),
        start=START,
        end=START + timedelta(hours=1),
        score=0.9,
        reasons=(),
        waiting_since=START,
    )


CATALOG = Catalog([], [], [service()], [])


@pytest.mark.parametrize(("field", "last", "shown"), [("Mrs. Ruth", "Kim", "Ruth"), ("Sra. Lucía", "García", "Lucía")])
def test_the_fill_card_shows_the_name_after_a_title(field: str, last: str, shown: str) -> None:
    clients = {"cl_1": client(first_name=field, last_name=last)}
    assert _candidate_json(_candidate(field), CATALOG, clients)["first_name"] == shown
    assert _to_call_json(_candidate(field), CATALOG, clients)["first_name"] == shown


def test_the_fill_card_never_shows_her_last_name_as_her_first_name() -> None:
    clients = {"cl_1": client(first_name="Mrs. Kim", last_name="Kim")}
    assert _candidate_json(_candidate("Mrs. Kim"), CATALOG, clients)["first_name"] != "Kim"
    assert _to_call_json(_candidate("Mrs. Kim"), CATALOG, clients)["first_name"] != "Kim"


def test_the_fill_card_skips_no_title_for_a_client_it_could_not_read() -> None:
    assert _candidate_json(_candidate("Mrs. Ruth"), CATALOG, {})["first_name"] != "Ruth"


def test_a_clients_card_is_headed_by_her_name_past_the_title() -> None:
    assert card_name(client(first_name="Mrs. Ruth", last_name="Kim")) == "Ruth Kim"
    assert card_name(client(first_name="Dr Anne NO NUTS", last_name="Kim")).endswith("NO NUTS Kim")
    assert not card_name(client(first_name="Mrs. Kim", last_name="Kim")).startswith("Kim")
