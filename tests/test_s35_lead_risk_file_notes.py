"""What ``risk train/evaluate`` says of a history file's times and of an in-sample evaluation (rev35a M3, L2, L4)."""

from __future__ import annotations

import io
from datetime import UTC, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from spa_copilot.domain import HistoryRecord
from spa_copilot.risk.cli import LONGEST_LEAD_DAYS, history_notes, run_evaluate
from spa_copilot.risk.history import write_history
from spa_copilot.risk.model import train
from spa_copilot.settings import Settings
from tests.conftest import RISK_HISTORY_END

NEW_YORK = ZoneInfo("America/New_York")


def _in_new_york(records: list[HistoryRecord]) -> list[HistoryRecord]:
    return [r.model_copy(update={"booked_at": r.booked_at.astimezone(NEW_YORK), "start_at": r.start_at.astimezone(NEW_YORK)})
            for r in records]


def test_a_file_all_in_utc_without_a_zone_is_noted(records: list[HistoryRecord]) -> None:
    utc = [r.model_copy(update={"booked_at": r.booked_at.astimezone(UTC), "start_at": r.start_at.astimezone(UTC)})
           for r in records]
    notes = history_notes(utc, RISK_HISTORY_END)
    assert any("every time in the file is in UTC and no --zone was given" in note for note in notes), notes
    assert not any("UTC" in note for note in history_notes(utc, RISK_HISTORY_END, ZoneInfo("UTC")))
    assert not any("in UTC" in note for note in history_notes(_in_new_york(records), RISK_HISTORY_END))


def test_one_zone_for_several_locations_is_noted(records: list[HistoryRecord]) -> None:
    two = [r.model_copy(update={"location_id": "loc_venice"}) if i % 2 else r for i, r in enumerate(records)]
    notes = history_notes(two, RISK_HISTORY_END, NEW_YORK)
    said = [note for note in notes if note.startswith("--zone America/New_York reads the times of all 2 locations")]
    assert len(said) == 1 and "loc_venice" in said[0], notes
    assert not any(note.startswith("--zone") for note in history_notes(records, RISK_HISTORY_END, NEW_YORK))
    assert not any(note.startswith("--zone") for note in history_notes(two, RISK_HISTORY_END))


def test_a_lead_of_years_is_noted_and_a_lead_of_months_is_not(records: list[HistoryRecord]) -> None:
    ordinary = _in_new_york(records)
    assert not any("years before their start" in note for note in history_notes(ordinary, RISK_HISTORY_END))
    typo = [*ordinary[:-1], ordinary[-1].model_copy(update={"booked_at": ordinary[-1].booked_at.replace(year=2001)})]
    said = [note for note in history_notes(typo, RISK_HISTORY_END) if "years before their start" in note]
    assert len(said) == 1 and said[0].startswith(f"1 of {len(typo)} rows") and ordinary[-1].appointment_id in said[0]
    months = [*ordinary[:-1], ordinary[-1].model_copy(
        update={"booked_at": ordinary[-1].start_at - timedelta(days=LONGEST_LEAD_DAYS - 5)})]
    assert not any("years before their start" in note for note in history_notes(months, RISK_HISTORY_END))


def test_an_evaluation_inside_the_training_window_does_not_claim_the_model_saw_the_rows(
    records: list[HistoryRecord], tmp_path: Path
) -> None:
    model = train(records[: len(records) * 3 // 4])
    model.save(tmp_path / "m")
    path = tmp_path / "h.csv"
    write_history(records[: len(records) // 2], path)
    out, err = io.StringIO(), io.StringIO()
    assert run_evaluate(path, tmp_path / "m", settings=Settings(), plot=None, now=RISK_HISTORY_END, zone=ZoneInfo("UTC"),
                        stdout=out, stderr=err) == 0
    first = out.getvalue().splitlines()[0]
    assert "in sample: no history after the training window" not in first
    assert "all before the model's training window ended, so possibly rows it was trained on" in first, first
    assert str(model.card["trainingWindow"]["to"])[:10] in first


def test_one_zone_for_locations_written_at_one_zones_offsets_gives_no_note(records: list[HistoryRecord]) -> None:
    """rev35b L2: two New York locations read with --zone America/New_York were noted on every run."""
    local = _in_new_york(records)
    two_here = [r.model_copy(update={"location_id": "loc_uptown"}) if i % 2 else r for i, r in enumerate(local)]
    assert not any(note.startswith("--zone") for note in history_notes(two_here, RISK_HISTORY_END, NEW_YORK))
    los_angeles = ZoneInfo("America/Los_Angeles")
    two_zones = [r.model_copy(update={"location_id": "loc_venice", "start_at": r.start_at.astimezone(los_angeles)})
                 if i % 2 else r for i, r in enumerate(local)]
    assert any(note.startswith("--zone America/New_York reads the times of all 2 locations")
               for note in history_notes(two_zones, RISK_HISTORY_END, NEW_YORK))


def test_without_a_zone_a_utc_booking_time_is_read_at_its_visits_offset(records: list[HistoryRecord]) -> None:
    """rev35b M1: an export with a local startAt and bookedAt in UTC (as write_history writes it) read every booking
    hour in UTC without --zone; it is read at the visit's own offset, as the copilot reads it in the location's zone."""
    from spa_copilot.risk.features import FEATURES, history_features

    local = _in_new_york(records)
    utc_booked = [r.model_copy(update={"booked_at": r.booked_at.astimezone(UTC)}) for r in local]
    column = FEATURES.index("booked_hour")
    as_exported = history_features(utc_booked).matrix[:, column]
    in_the_zone = history_features(local, zones={r.location_id: NEW_YORK for r in local}).matrix[:, column]
    differ = sum(1 for r in local if r.booked_at.utcoffset() != r.start_at.utcoffset())  # booked across a DST change
    assert sum(1 for a, b in zip(as_exported, in_the_zone, strict=True) if a != b) <= differ
    assert differ < len(local) // 4


def test_one_zone_for_neighbouring_zones_that_share_an_offset_in_some_season_is_noted(
    records: list[HistoryRecord],
) -> None:
    """rev35g M3: New York (-05:00/-04:00) and Chicago (-06:00/-05:00) both use -05:00 in some season, so comparing the
    sets of offsets took them for one zone and --zone America/New_York read Chicago's 3pm as 4pm without a word."""
    chicago = ZoneInfo("America/Chicago")
    local = _in_new_york(records)
    two = [r.model_copy(update={"location_id": "loc_chicago", "start_at": r.start_at.astimezone(chicago)})
           if i % 2 else r for i, r in enumerate(local)]
    assert any(note.startswith("--zone America/New_York reads the times of all 2 locations")
               for note in history_notes(two, RISK_HISTORY_END, NEW_YORK))
