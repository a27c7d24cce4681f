"""s49 (probe49c): a booking sent with ``createdAt`` 0001-01-01 (the empty date some gateways write as year 1) made
scoring overflow the local-time conversion, and ``/spa risk``, ``/spa today`` and the briefings answered "Something
went wrong" for the whole location (HIGH); one with a 2001 ``createdAt`` was scored "booked 9460 days ahead" (LOW). A
booking made more than two years before its start is not scored, as one with no ``createdAt``: "not scored (no
booking date)" where its band would be, the others keeping theirs. A card whose ``metrics`` is not an object (null,
a list) was accepted and failed every score (MEDIUM): refused at load, the copilot running without scores."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from spa_copilot.risk import load_model
from spa_copilot.risk.bands import NOT_SCORED, NOT_SCORED_NOW, scorable
from spa_copilot.risk.model import load_model_checked
from spa_copilot.sandbox.world import SandboxWorld
from tests.builders import appointment
from tests.test_s36_risk36_unscored_mark import MODELS, _answer, _tomorrows


@pytest.mark.parametrize(
    ("created", "scored"),
    [(datetime(1, 1, 1, tzinfo=UTC), False), (datetime(2001, 1, 1, tzinfo=UTC), False), (None, False),
     (datetime(9999, 12, 31, tzinfo=UTC), False), (datetime(2026, 12, 8, 18, tzinfo=UTC), True),  # rev49f; a walk-in
     (datetime(2026, 11, 20, tzinfo=UTC), True), (datetime(2025, 1, 10, tzinfo=UTC), True)],
)
def test_a_booking_dated_years_before_its_start_is_not_scored(created: datetime | None, scored: bool) -> None:
    booked = appointment(datetime(2026, 12, 8, 15, tzinfo=UTC), created_at=created)
    assert scorable(booked) is scored


@pytest.mark.parametrize("metrics", [None, [], "n/a"])
def test_a_card_whose_metrics_are_not_an_object_is_refused(tmp_path: Path, metrics: object) -> None:
    folder = tmp_path / "model"
    shutil.copytree(MODELS, folder)
    card = json.loads((folder / "noshow.json").read_text())
    (folder / "noshow.json").write_text(json.dumps({**card, "metrics": metrics}))
    assert load_model_checked(folder) == (None, "its card's metrics are not an object")


async def test_a_year_one_booking_date_leaves_the_rest_of_the_day_scored(world: SandboxWorld) -> None:
    world.copilot.risk = load_model(MODELS)
    soho = world.data.locations[0]
    booked = _tomorrows(world, soho.id)
    world.spa.put_appointment(booked[0].model_copy(update={"created_at": datetime(1, 1, 1, tzinfo=UTC)}))
    reply = await _answer(world, f"today tomorrow {soho.name}")
    assert "Something went wrong" not in reply and reply.count(f"`risk {NOT_SCORED}`") == 1, reply
    assert NOT_SCORED_NOW not in reply  # the rest of the book was scored, not given up as "could not be scored"
