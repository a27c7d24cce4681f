"""With many locations whose last reads differ, the status's "last poll" gave every location's own read, one after
another, on the sync line (rev47a): past four, it names the oldest read alone and says how many locations there are;
up to four, each location's as before."""

from datetime import UTC, datetime, timedelta

from spa_copilot.slack import blocks
from spa_copilot.slack import views_models as views

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)


def _sync_line(reads: list[datetime | None]) -> str:
    locations = tuple(
        views.LocationSync(name=f"Spa {i}", time_zone="America/New_York", last_poll_at=read)
        for i, read in enumerate(reads)
    )
    polled = [read for read in reads if read]
    status = views.StatusView(
        mode="live",
        model="m",
        platform="p",
        last_poll_at=max(polled) if polled else None,
        now=NOW,
        time_zone="America/New_York",
        locations=locations,
    )
    return next(line for line in blocks._status_lines(status) if line.startswith("*Sync:*"))  # noqa: SLF001


def test_past_four_locations_the_last_poll_names_the_oldest_read_and_counts_the_locations() -> None:
    reads = [NOW - timedelta(minutes=m) for m in (1, 3, 90, 5, 7, 2)]
    line = _sync_line(reads)
    oldest = blocks.zoned_clock(reads[2], "America/New_York")
    assert f"last poll {oldest} (Spa 2, the oldest of 6 locations) ·" in line, line
    assert "Spa 0" not in line and "Spa 5" not in line, line


def test_a_location_never_read_is_the_oldest() -> None:
    line = _sync_line([NOW - timedelta(minutes=m) for m in (1, 3, 5, 7)] + [None])
    assert "last poll never (Spa 4, the oldest of 5 locations) ·" in line, line


def test_up_to_four_locations_each_read_is_given() -> None:
    reads = [NOW - timedelta(minutes=m) for m in (1, 3, 90, 5)]
    line = _sync_line(reads)
    assert all(f"{blocks.zoned_clock(read, 'America/New_York')} (Spa {i})" in line for i, read in enumerate(reads)), (
        line
    )
    assert "the oldest of" not in line, line
