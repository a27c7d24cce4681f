"""The copilot's SQLite state store."""

from spa_copilot.store.db import MIGRATIONS, AuditEntry, OutboxItem, SnapshotRow, Store, StoreError

__all__ = ["MIGRATIONS", "AuditEntry", "OutboxItem", "SnapshotRow", "Store", "StoreError"]
