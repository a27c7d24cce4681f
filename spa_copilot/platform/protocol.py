"""The one interface the rest of the copilot uses to reach the spa platform (Mangomint or the sandbox)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, Protocol, TypeVar, runtime_checkable

from spa_copilot.domain import (
    Appointment,
    AppointmentStatus,
    BookingRequest,
    Client,
    HistoryRecord,
    Location,
    OutboundMessage,
    Resource,
    SentMessage,
    Service,
    Staff,
    WaitlistEntry,
)

T = TypeVar("T")


class Listing(list[T]):
    """A list endpoint's items, plus the ids of the items that were skipped because they did not match the
    contract (``None`` for one without a readable id) and the ``updatedAt`` of those whose stamp was readable.
    A full calendar read must not take a skipped appointment for a removed one; an incremental one moves its
    cursor past a skipped one, or it would read (and warn about) it again on every poll."""

    def __init__(
        self, items: Iterable[T] = (), *, skipped: Iterable[str | None] = (), skipped_updates: Iterable[datetime] = ()
    ) -> None:
        super().__init__(items)
        self.skipped: list[str | None] = list(skipped)
        self.skipped_updates: list[datetime] = list(skipped_updates)


def skipped_ids(items: Sequence[Any]) -> list[str | None]:
    """The ids a listing skipped (none for a plain list)."""
    return list(getattr(items, "skipped", ()))


def skipped_updates(items: Sequence[Any]) -> list[datetime]:
    """The readable ``updatedAt`` stamps of the items a listing skipped (none for a plain list)."""
    return list(getattr(items, "skipped_updates", ()))


@runtime_checkable
class SpaPlatform(Protocol):
    """Reads the spa's book and writes only approved changes. Raises ``PlatformError`` subclasses."""

    async def list_locations(self) -> list[Location]: ...

    async def list_staff(self, *, location_id: str | None = None) -> list[Staff]: ...

    async def list_services(self) -> list[Service]: ...

    async def list_resources(self, *, location_id: str | None = None) -> list[Resource]: ...

    async def list_appointments(
        self,
        *,
        location_id: str | None = None,
        start_from: datetime | None = None,
        start_to: datetime | None = None,
        status: Sequence[AppointmentStatus] | None = None,
        updated_since: datetime | None = None,
        client_id: str | None = None,
    ) -> list[Appointment]: ...

    async def get_appointment(self, appointment_id: str) -> Appointment: ...

    async def get_client(self, client_id: str) -> Client: ...

    async def search_clients(self, query: str, *, limit: int = 10) -> list[Client]: ...

    async def update_client(
        self,
        client_id: str,
        *,
        custom_fields: dict[str, Any] | None = None,
        tags: list[str] | None = None,
        idempotency_key: str,
    ) -> Client: ...

    async def list_waitlist(self, *, location_id: str | None = None, on: date | None = None) -> list[WaitlistEntry]: ...

    async def update_waitlist_entry(
        self, entry_id: str, *, changes: dict[str, Any], idempotency_key: str
    ) -> WaitlistEntry: ...

    async def create_waitlist_entry(self, entry: dict[str, Any], *, idempotency_key: str) -> WaitlistEntry: ...

    async def book_appointment(self, request: BookingRequest, *, idempotency_key: str) -> Appointment: ...

    async def send_message(
        self, client_id: str, message: OutboundMessage, *, idempotency_key: str
    ) -> SentMessage: ...

    async def appointment_history(self, *, start: datetime, end: datetime) -> list[HistoryRecord]: ...

    async def aclose(self) -> None: ...
