"""Benchmark the no-show model on real public data: the 2016 "Medical Appointment No Shows" set.

    python benchmarks/risk_real.py [--data PATH] [--json]

Maps ``../shared/data/medical-appointment-no-shows-2016.csv.gz`` (see its README) to the history schema,
trains with the README's honest time split (train on appointments before 2016-05-24, test on the rest) and
prints ROC-AUC, PR-AUC and Brier next to the lead-time-only baseline, plus the training time (wall clock and
CPU: the machine is shared) and the time to score a 60-appointment book (median of 5). Skips with a message
when the file is absent. The data is read in place and never copied into the repository (licence: CC BY-NC-SA
4.0, evaluation only). The test period is used for scoring only; the features are the product's own
(``spa_copilot.risk.features``), as of each booking.

Mapping (only what the history schema can hold; age, gender, the health and welfare flags and SMS are not
used: they are not spa history fields, and SMS was sent after booking, only for lead times of 3+ days):
PatientId → clientId, AppointmentID → appointmentId, Neighbourhood → locationId, ScheduledDay (UTC) →
bookedAt, AppointmentDay → startAt at 23:59 local time (America/Sao_Paulo, the zone of every location, so
weekday and booking hour are local) because the day has no time:
a same-day booking then has a lead time of a fraction of a day, and an appointment only informs bookings
made after its whole day is over, never earlier the same day (no leakage). No-show Yes → noShow, else
completed. Category, price, staff, source and deposit are not in the data.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from spa_copilot.domain import HistoryRecord
from spa_copilot.risk.features import FeatureTable, history_features
from spa_copilot.risk.model import evaluate, outcome_labels, train

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "medical-appointment-no-shows-2016.csv.gz"
SPLIT_DAY = date(2016, 5, 24)
ZONE = ZoneInfo("America/Sao_Paulo")


def load_records(path: Path) -> list[HistoryRecord]:
    """The data set as history records (see the module docstring for the mapping)."""
    records = []
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            day = date.fromisoformat(row["AppointmentDay"][:10])
            records.append(
                HistoryRecord(
                    appointment_id=row["AppointmentID"],
                    client_id=row["PatientId"],
                    location_id=row["Neighbourhood"],
                    booked_at=datetime.fromisoformat(row["ScheduledDay"].replace("Z", "+00:00")),
                    start_at=datetime(day.year, day.month, day.day, 23, 59, tzinfo=ZONE),
                    service_id="appointment",
                    outcome="noShow" if row["No-show"] == "Yes" else "completed",
                )
            )
    return records


def run(path: Path) -> dict[str, object]:
    """Train on days before the split, evaluate after it; returns the figures printed by ``main``."""
    records = load_records(path)
    split = datetime(SPLIT_DAY.year, SPLIT_DAY.month, SPLIT_DAY.day, tzinfo=ZONE)
    training = [r for r in records if r.start_at < split]
    zones = {r.location_id: ZONE for r in records}  # every neighbourhood is in Vitória
    began, cpu = time.perf_counter(), time.process_time()
    model = train(
        training, zones=zones, test_fraction=0.0, description="medical-appointment-no-shows-2016, before 2016-05-24"
    )
    train_seconds, train_cpu = time.perf_counter() - began, time.process_time() - cpu
    result = evaluate(model, records, zones=zones, start_from=split - timedelta(seconds=1))

    began = time.perf_counter()
    bulk = history_features(records[:100_000], zones=zones)
    feature_seconds = time.perf_counter() - began
    began, cpu = time.perf_counter(), time.process_time()
    model100k = train(records[:100_000], zones=zones, test_fraction=0.0)
    train100k_seconds, train100k_cpu = time.perf_counter() - began, time.process_time() - cpu

    book = FeatureTable(bulk.appointment_ids[-60:], bulk.matrix[-60:], {k: v[-60:] for k, v in bulk.display.items()})
    model100k.explain(book)  # warm-up
    timings = []
    for _ in range(5):
        began = time.perf_counter()
        model100k.explain(book)
        timings.append(time.perf_counter() - began)
    labels = outcome_labels(records)
    return {
        "rows": len(records),
        "baseRate": round(float(labels.mean()), 4),
        "trainRows": len(training),
        "test": result,
        "trainSeconds": round(train_seconds, 2),
        "trainCpuSeconds": round(train_cpu, 2),
        "features100kSeconds": round(feature_seconds, 2),
        "train100kSeconds": round(train100k_seconds, 2),
        "train100kCpuSeconds": round(train100k_cpu, 2),
        "explain60Ms": round(statistics.median(timings) * 1000, 1),
    }


def main(argv: list[str] | None = None) -> int:
    """Print the benchmark (or a skip message when the data file is absent)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"skipped: {args.data} is absent (see ../shared/data/README.md)")
        return 0
    figures = run(args.data)
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    test = figures["test"]
    assert isinstance(test, dict)
    print(f"rows {figures['rows']}, train {figures['trainRows']} (before {SPLIT_DAY}), test {test['rows']} "
          f"(base rate {test['baseRate']:.3f}, base-rate Brier {test['baseRateBrier']:.4f})")
    print(f"{'':10} {'ROC-AUC':>8} {'PR-AUC':>8} {'Brier':>8} {'log loss':>9}")
    for name in ("model", "baseline"):
        m = test[name]
        print(f"{name:10} {m['rocAuc']:8.4f} {m['prAuc']:8.4f} {m['brier']:8.4f} {m['logLoss']:9.4f}")
    print(f"training time (train split): {figures['trainSeconds']} s (CPU {figures['trainCpuSeconds']} s); "
          f"on 100k rows: {figures['train100kSeconds']} s (CPU {figures['train100kCpuSeconds']} s; features "
          f"{figures['features100kSeconds']} s); scoring + reasons for 60 bookings: {figures['explain60Ms']} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
