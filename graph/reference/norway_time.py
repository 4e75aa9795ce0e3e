"""Norwegian time: every date and time a user sees is in Europe/Oslo, not the server's zone.

A server runs in UTC; between midnight and one (two in summer) Oslo is already on the
next day. A printed summary dated by the server's own clock then disagreed with the
saved list for the same evening (29.11 against 30.11 kl. 00:06).

Examples
--------
>>> from datetime import datetime, UTC
>>> today(datetime(2026, 11, 29, 23, 6, tzinfo=UTC))
datetime.date(2026, 11, 30)
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

NORWAY = ZoneInfo("Europe/Oslo")
"""The time zone of every date and time shown to a user."""


def today(now: datetime | None = None) -> date:
    """Today's date in Norway (``now``, an aware moment, for tests; the clock otherwise)."""
    return (now or datetime.now(UTC)).astimezone(NORWAY).date()
