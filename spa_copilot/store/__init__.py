"""The copilot's SQLite state store."""

from spa_copilot.store.db import MIGRATIONS, AuditEntry, OutboxItem, SnapshotRow, Store

__all__ = ["MIGRATIONS", "AuditEntry", "OutboxItem", "SnapshotRow", "Store"]
