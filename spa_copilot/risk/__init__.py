"""No-show and late-cancellation risk: history schema, booking-time features, a calibrated model, bands."""

from spa_copilot.risk.bands import BandThresholds, RiskScore
from spa_copilot.risk.features import FEATURE_SCHEMA_VERSION, FEATURES
from spa_copilot.risk.history import HistoryFileError, history_from_appointments, load_history, write_history
from spa_copilot.risk.model import RiskModel, evaluate, load_model, train

__all__ = [
    "FEATURES",
    "FEATURE_SCHEMA_VERSION",
    "BandThresholds",
    "HistoryFileError",
    "RiskModel",
    "RiskScore",
    "evaluate",
    "history_from_appointments",
    "load_history",
    "load_model",
    "train",
    "write_history",
]
