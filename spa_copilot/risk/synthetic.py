"""A small synthetic history with a known no-show process, for tests and examples (not the sandbox spa).

Each client has a hidden reliability; a booking's true probability of a no-show or late cancel rises with
the lead time and the client's unreliability and falls with a deposit. Deterministic by seed.
"""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta

from spa_copilot.domain import HistoryOutcome, HistoryRecord

CATEGORIES = ("massage", "facial", "body")
SOURCES = ("online", "phone", "walkIn")


def true_probability(lead_days: float, unreliability: float, deposit: bool) -> float:
    """The synthetic process's P(noShow or lateCancel)."""
    logit = -3.2 + 0.45 * math.log1p(lead_days) + 3.0 * unreliability - 0.9 * deposit
    return 1 / (1 + math.exp(-logit))


def synthetic_history(
    *, clients: int = 300, visits_per_client: int = 8, seed: int = 0, end: datetime | None = None
) -> tuple[list[HistoryRecord], list[float]]:
    """History rows (oldest start first) and each row's true probability, over the year before ``end``."""
    rng = random.Random(seed)
    end = end or datetime(2026, 6, 1, tzinfo=UTC)
    first_day = end - timedelta(days=365)
    rows: list[tuple[HistoryRecord, float]] = []
    for c in range(clients):
        unreliability = rng.random() ** 2
        starts = sorted(first_day + timedelta(days=rng.uniform(0, 360), hours=rng.randint(9, 18)) for _ in range(
            rng.randint(1, 2 * visits_per_client - 1)
        ))
        for v, start in enumerate(starts):
            start = start.replace(minute=0, second=0, microsecond=0)
            lead = rng.choice((0.2, 1, 3, 7, 14, 30, 60))
            deposit = rng.random() < 0.3
            p = true_probability(lead, unreliability, deposit)
            draw = rng.random()
            outcome: HistoryOutcome = "noShow" if draw < p * 0.6 else "lateCancel" if draw < p else (
                "cancelled" if draw < p + 0.05 else "completed"
            )
            cancelled_at = start - timedelta(hours=3) if outcome == "lateCancel" else (
                start - timedelta(days=2) if outcome == "cancelled" else None
            )
            booked = start - timedelta(days=lead)
            record = HistoryRecord(
                appointment_id=f"ap_{c}_{v}",
                client_id=f"cl_{c}",
                location_id="loc_1",
                booked_at=booked,
                start_at=start,
                service_id=f"sv_{v % 3}",
                category=CATEGORIES[v % 3],
                price=80.0 + 20 * (v % 3),
                source=SOURCES[c % 3],
                deposit=deposit,
                new_client=v == 0,
                outcome=outcome,
                cancelled_at=max(cancelled_at, booked) if cancelled_at else None,
            )
            rows.append((record, p))
    rows.sort(key=lambda pair: (pair[0].start_at, pair[0].appointment_id))
    return [r for r, _ in rows], [p for _, p in rows]
