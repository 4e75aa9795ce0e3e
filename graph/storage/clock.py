"""Time for storage: an injectable clock (UTC) and Norwegian display of moments.

Everything is stored in UTC; people see Norwegian time (Europe/Oslo, summer time
included).

Examples
--------
>>> from datetime import datetime, UTC
>>> format_time(datetime(2026, 3, 12, 13, 5, tzinfo=UTC))
'12.03.2026 kl. 14:05'
>>> format_date(datetime(2026, 7, 1, 22, 30, tzinfo=UTC))
'02.07.2026'
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from graph.reference.norway_time import NORWAY

Clock = Callable[[], datetime]
"""A function that returns the current moment as an aware datetime."""


def utc_now() -> datetime:
    """The current moment in UTC (the default clock)."""
    return datetime.now(UTC)


def format_time(moment: datetime) -> str:
    """A moment as Norwegian date and time, such as ``12.03.2026 kl. 14:05``."""
    return moment.astimezone(NORWAY).strftime("%d.%m.%Y kl. %H:%M")


def format_date(moment: datetime) -> str:
    """A moment's Norwegian date, such as ``12.03.2026``."""
    return moment.astimezone(NORWAY).strftime("%d.%m.%Y")
