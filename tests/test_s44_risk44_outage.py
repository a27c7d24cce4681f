"""Bookings that cannot be scored just now (the history read fails, or the model cannot score) are said once where
the risk marks would be, never read as a day of low-risk bookings (issue 7, probe44c)."""

import json
from pathlib import Path
from typing import Any

import pytest

from spa_copilot.platform.errors import PlatformUnavailable
from spa_copilot.risk import load_model
from spa_copilot.sandbox.world import FRONT_DESK_USER
from spa_copilot.slack.home import home_view_for
from spa_copilot.slack.listeners.commands import answer_command

MODELS = Path(__file__).resolve().parents[1] / "models"
#: the words staff read (``risk.bands``): once for a book or a briefing, for one booking, and why in ``/spa risk``
NOT_SCORED_NOW = "No-show risk could not be scored just now"
NOT_SCORED_NOW_BAND = "could not be scored just now"
HISTORY_UNREAD = "their booking history could not be read from the spa system"
MODEL_FAILED = "the risk model could not score them"


async def ask(world: Any, text: str) -> tuple[str, str]:
    """The reply's notification text and its blocks (as JSON)."""
    kw = (await answer_command(world.copilot, text=text, user_id=FRONT_DESK_USER)).to_kwargs()
    return kw["text"], json.dumps(kw["blocks"], ensure_ascii=False)


def history_down(world: Any) -> None:
    """The model loaded, and the spa system's history read failing when it is next due."""

    async def down(**kwargs: Any) -> Any:
        raise PlatformUnavailable("history read timed out")

    world.copilot._history = None
    world.copilot.platform.appointment_history = down  # type: ignore[method-assign]


class CannotScore:
    """A model that loaded but cannot score the book (a feature matrix of another shape)."""

    def score(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError("feature matrix has the wrong shape")


@pytest.fixture
def scored(world: Any) -> Any:
    world.copilot.risk = load_model(MODELS)
    return world


async def test_the_day_book_says_once_that_the_risk_could_not_be_scored(scored: Any) -> None:
    _, healthy = await ask(scored, "today")
    assert "risk medium" in healthy or "risk high" in healthy  # the sandbox's SoHo day has marks to lose
    assert NOT_SCORED_NOW not in healthy
    history_down(scored)
    _, outage = await ask(scored, "today")
    assert "appointments" in outage  # the book is shown
    assert outage.count(NOT_SCORED_NOW) == 1, outage  # once for the book, not a line per guest
    assert "risk medium" not in outage and "risk high" not in outage


async def test_the_app_home_says_it_too(scored: Any) -> None:
    home = json.dumps((await home_view_for(scored.copilot, FRONT_DESK_USER)).to_dict(), ensure_ascii=False)
    assert NOT_SCORED_NOW not in home
    history_down(scored)
    scored.copilot.home_books = {}
    home = json.dumps((await home_view_for(scored.copilot, FRONT_DESK_USER)).to_dict(), ensure_ascii=False)
    assert home.count(NOT_SCORED_NOW) == 1, home


async def test_a_briefing_says_it_once_not_guest_by_guest(scored: Any) -> None:
    _, healthy = await ask(scored, "brief Sam today")
    assert "No-show risk" in healthy and NOT_SCORED_NOW not in healthy
    history_down(scored)
    _, outage = await ask(scored, "brief Sam today")
    assert outage.count(NOT_SCORED_NOW) == 1, outage
    assert NOT_SCORED_NOW_BAND not in outage.replace(NOT_SCORED_NOW, "")  # no guest's own line says it again


async def test_risk_notification_is_no_all_clear_when_not_scored(scored: Any) -> None:
    text, _ = await ask(scored, "risk today")
    assert "not scored" not in text
    history_down(scored)
    text, body = await ask(scored, "risk today")
    assert text.endswith("not scored"), text
    assert HISTORY_UNREAD in body and "try again in a few minutes" in body


async def test_risk_scores_say_why_they_failed(scored: Any, clock: Any) -> None:
    from spa_copilot.risk import bands

    assert (bands.NOT_SCORED_NOW, bands.HISTORY_UNREAD, bands.MODEL_FAILED) == (
        NOT_SCORED_NOW,
        HISTORY_UNREAD,
        MODEL_FAILED,
    )
    book = [a for a in scored.spa.appointments.values() if a.is_active and a.created_at and a.start_at > clock()][:5]
    assert getattr(await scored.copilot.risk_scores(book), "failure", None) == ""
    scored.copilot.risk = CannotScore()
    assert getattr(await scored.copilot.risk_scores(book), "failure", None) == MODEL_FAILED
    history_down(scored)
    scored.copilot.risk = load_model(MODELS)
    scores = await scored.copilot.risk_scores(book)
    assert not scores and getattr(scores, "failure", None) == HISTORY_UNREAD


async def test_a_model_that_cannot_score_is_not_blamed_on_the_spa_system(world: Any) -> None:
    world.copilot.risk = CannotScore()
    text, body = await ask(world, "risk today")
    assert HISTORY_UNREAD not in body and "spa system" not in body, body
    assert MODEL_FAILED in body and "spa-copilot risk train" in body, body
    assert text.endswith("not scored"), text


async def test_the_client_card_says_its_next_visit_could_not_be_scored(scored: Any, clock: Any) -> None:
    now = clock()
    booked = sorted(
        (a for a in scored.spa.appointments.values() if a.is_active and a.created_at and a.start_at > now),
        key=lambda a: a.start_at,
    )[0]
    client = scored.spa.clients[booked.client_id]
    _, healthy = await ask(scored, f"client {client.id}")
    assert "No-show risk" in healthy and NOT_SCORED_NOW_BAND not in healthy
    history_down(scored)
    _, outage = await ask(scored, f"client {client.id}")
    assert NOT_SCORED_NOW_BAND in outage, outage
