"""The copilot scores with the history window the model is trained on, and a reason is said once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from spa_copilot.domain import RISK_HISTORY_MONTHS, risk_history_start
from spa_copilot.risk import model as risk_model
from spa_copilot.risk.cli import platform_history
from spa_copilot.risk.features import Booking, booking_features
from spa_copilot.risk.model import RiskModel
from spa_copilot.sandbox.world import SandboxWorld


class Scorer:
    def score(self, appointments, history, services, locations, now, clients=None):  # noqa: ANN001, ANN201
        return {}


async def _history_starts(platform: Any, call: Any) -> list[datetime]:
    starts: list[datetime] = []
    real = platform.appointment_history

    async def spy(*, start: datetime, end: datetime) -> Any:
        starts.append(start)
        return await real(start=start, end=end)

    platform.appointment_history = spy
    try:
        await call()
    finally:
        platform.appointment_history = real
    return starts


async def test_scoring_reads_the_same_history_window_as_training(world: SandboxWorld) -> None:
    copilot = world.copilot
    copilot.risk = Scorer()
    book = [a for a in world.data.appointments if a.is_active][:3]
    scored = await _history_starts(copilot.platform, lambda: copilot.risk_scores(book))
    trained = await _history_starts(copilot.platform, lambda: platform_history(copilot.platform, now=copilot.now()))
    assert scored == trained == [risk_history_start(copilot.now())]
    # A client whose visits were all 14-24 months ago is read, as in training (it used to be 400 days).
    assert (copilot.now() - scored[0]).days >= 700 and RISK_HISTORY_MONTHS == 24


def test_a_reason_two_feature_groups_word_alike_is_said_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # e.g. a new client: the newness and the recency groups both say "new client (first appointment)".
    from pathlib import Path

    model = risk_model.read_model(Path(__file__).resolve().parents[1] / "models")
    assert isinstance(model, RiskModel)
    monkeypatch.setattr(risk_model, "MIN_REASON_DELTA", -1.0)  # every group is a candidate
    monkeypatch.setattr(risk_model, "phrase_reason", lambda group, values, typical=None: "another" if group == "lead" else "one fact")
    start = datetime.fromisoformat("2026-12-10T15:00:00+00:00")
    booking = Booking(appointment_id="x", client_id="c", location_id="loc", booked_at=datetime.fromisoformat("2026-11-01T15:00:00+00:00"),
                      start_at=start, category="massage", price=120.0, source="online", deposit=False, new_client=True)
    reasons = model.explain(booking_features([booking], []))["x"].reasons
    assert sorted(reasons) == ["another", "one fact"], reasons
